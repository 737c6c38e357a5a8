// Discovered (shadow) apps: most-consented first by default, optionally only those granted risky scopes.
import { sql, type Kysely } from 'kysely';
import type { CatalogSchema } from '../../schema.js';
import { TRIAGE_STATES, type TriageState } from '../../shadow-apps/schema.js';
import type { Page, PageRequest } from './cursor.js';
import { iso, oneOf, requiredId, searchText } from './filters.js';
import { likePattern, paginate, type SortKey } from './keyset.js';

export interface DiscoveredAppQuery extends PageRequest {
  connectorId: string;
  riskyOnly?: boolean | undefined;
  search?: string | undefined;
  /** Triage state; apps nobody triaged are `new`. */
  state?: TriageState | undefined;
  /** 'consentingUsers' (default: most first) or 'name'. */
  sort?: 'consentingUsers' | 'name' | undefined;
}

export interface DiscoveredAppItem {
  appId: string;
  servicePrincipalId: string | null;
  displayName: string;
  publisher: string | null;
  verifiedPublisher: boolean;
  scopes: string[];
  riskyScopes: string[];
  consentingUsers: number;
  lastUsedAt: string | null;
  firstSeenAt: string;
  triage: AppTriage;
}

export interface AppTriage {
  state: TriageState;
  ownerId: string | null;
  note: string;
  decidedBy: string | null;
  decidedAt: string | null;
}

const SORTS: Record<'consentingUsers' | 'name', SortKey[]> = {
  consentingUsers: [
    { column: 'd.consenting_users', direction: 'desc', cast: 'integer' },
    { column: 'd.app_id', direction: 'asc' },
  ],
  name: [
    { column: 'd.display_name', direction: 'asc' },
    { column: 'd.app_id', direction: 'asc' },
  ],
};

export async function listDiscoveredApps(
  db: Kysely<CatalogSchema>,
  query: DiscoveredAppQuery,
): Promise<Page<DiscoveredAppItem>> {
  const connectorId = requiredId('connectorId', query.connectorId);
  const sort = oneOf('sort', query.sort, ['consentingUsers', 'name']) ?? 'consentingUsers';
  const search = searchText(query.search);
  const state = oneOf('state', query.state, TRIAGE_STATES);
  const { riskyOnly } = query;
  return paginate({
    query: 'discoveredApps',
    filters: { connectorId, riskyOnly, search, sort, state },
    request: query,
    keys: SORTS[sort],
    fetch: (page) => {
      let q = withTriage(db).where('d.connector_id', '=', connectorId);
      if (riskyOnly) q = q.where(sql<number>`cardinality(d.risky_scopes)`, '>', 0);
      if (search) q = q.where((eb) => eb(eb.fn('lower', ['d.display_name']), 'like', likePattern(search)));
      if (state) q = q.where(sql<string>`coalesce(t.state, 'new')`, '=', state);
      return page(q).execute();
    },
    keyOf: (row) => (sort === 'name' ? [row.display_name, row.app_id] : [row.consenting_users, row.app_id]),
    toItem: discoveredAppItem,
  });
}

/** Discovered apps with their triage (a left join: an app nobody decided on has none). */
export function withTriage(db: Kysely<CatalogSchema>) {
  return db
    .selectFrom('discovered_apps as d')
    .leftJoin('shadow_app_triage as t', (join) =>
      join.onRef('t.connector_id', '=', 'd.connector_id').onRef('t.app_id', '=', 'd.app_id'),
    )
    .selectAll('d')
    .select([
      't.state as triage_state',
      't.owner_id as triage_owner_id',
      't.note as triage_note',
      't.decided_by as triage_decided_by',
      't.decided_at as triage_decided_at',
    ]);
}

type TriagedAppRow = Awaited<ReturnType<ReturnType<typeof withTriage>['executeTakeFirstOrThrow']>>;

/** One discovered app as the API and the pages show it, from a row of withTriage. */
export function discoveredAppItem(row: TriagedAppRow): DiscoveredAppItem {
  return {
    appId: row.app_id,
    servicePrincipalId: row.service_principal_id,
    displayName: row.display_name,
    publisher: row.publisher,
    verifiedPublisher: row.verified_publisher,
    scopes: row.scopes,
    riskyScopes: row.risky_scopes,
    consentingUsers: row.consenting_users,
    lastUsedAt: iso(row.last_used_at),
    firstSeenAt: row.first_seen_at.toISOString(),
    triage: triageOf(row),
  };
}

export function triageOf(row: {
  triage_state: TriageState | null;
  triage_owner_id: string | null;
  triage_note: string | null;
  triage_decided_by: string | null;
  triage_decided_at: Date | null;
}): AppTriage {
  return {
    state: row.triage_state ?? 'new',
    ownerId: row.triage_owner_id,
    note: row.triage_note ?? '',
    decidedBy: row.triage_decided_by,
    decidedAt: iso(row.triage_decided_at),
  };
}
