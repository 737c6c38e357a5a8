// Discovered (shadow) apps: most-consented first by default, optionally only those granted risky scopes.
import { sql, type Kysely } from 'kysely';
import type { CatalogSchema } from '../../schema.js';
import type { Page, PageRequest } from './cursor.js';
import { iso, oneOf, requiredId, searchText } from './filters.js';
import { likePattern, paginate, type SortKey } from './keyset.js';

export interface DiscoveredAppQuery extends PageRequest {
  connectorId: string;
  riskyOnly?: boolean | undefined;
  search?: string | undefined;
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
}

const SORTS: Record<'consentingUsers' | 'name', SortKey[]> = {
  consentingUsers: [
    { column: 'consenting_users', direction: 'desc', cast: 'integer' },
    { column: 'app_id', direction: 'asc' },
  ],
  name: [
    { column: 'display_name', direction: 'asc' },
    { column: 'app_id', direction: 'asc' },
  ],
};

export async function listDiscoveredApps(
  db: Kysely<CatalogSchema>,
  query: DiscoveredAppQuery,
): Promise<Page<DiscoveredAppItem>> {
  const connectorId = requiredId('connectorId', query.connectorId);
  const sort = oneOf('sort', query.sort, ['consentingUsers', 'name']) ?? 'consentingUsers';
  const search = searchText(query.search);
  const { riskyOnly } = query;
  return paginate({
    query: 'discoveredApps',
    filters: { connectorId, riskyOnly, search, sort },
    request: query,
    keys: SORTS[sort],
    fetch: (page) => {
      let q = db.selectFrom('discovered_apps').selectAll().where('connector_id', '=', connectorId);
      if (riskyOnly) q = q.where(sql<number>`cardinality(risky_scopes)`, '>', 0);
      if (search) q = q.where((eb) => eb(eb.fn('lower', ['display_name']), 'like', likePattern(search)));
      return page(q).execute();
    },
    keyOf: (row) => (sort === 'name' ? [row.display_name, row.app_id] : [row.consenting_users, row.app_id]),
    toItem: (row) => ({
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
    }),
  });
}
