// Request access's catalog search: entitlements of connected tenants whose name, resource or kind (in words) contains
// what the person typed. Matches at the start of the resource's name come first, then at the start of a word, then
// anywhere; each group by name. Reads the search column of migration 0008 (lowercase, so one LIKE per row). Given the
// person who would receive the access, it offers only what their policies' eligibility lets them request.
import { sql, type Kysely } from 'kysely';
import type { EntitlementKind, ResourceType } from '../../entra/resources/rows.js';
import type { CatalogSchema } from '../schema.js';
import { requestableFor } from './eligibility.js';

/** Which connectors a person may search: their own tenant's; everything for admins; else where they are a principal. */
export type SearchScope = { tenantId: string } | { principalId: string } | { everyTenant: true };

export interface EntitlementHit {
  connectorId: string;
  connectorName: string;
  entitlementId: string;
  displayName: string;
  resourceId: string;
  resourceName: string | null;
  resourceType: ResourceType;
  kind: EntitlementKind;
  immutable: boolean;
  immutableReason: string | null;
}

export const SEARCH_LIMIT = 20;
const MAX_QUERY = 100;

/** LIKE's own wildcards in what a person typed match themselves. */
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The typed text as the search column holds it: lowercase, spaces collapsed, at most 100 characters. */
export const normalizeQuery = (query: string): string =>
  query.trim().replace(/\s+/g, ' ').toLowerCase().slice(0, MAX_QUERY);

/**
 * Entitlements matching `query`; with `requesterId` (who would receive the access), only those whose policy's
 * eligibility lets that person request them, so the limit counts only what they may ask for.
 */
export async function searchEntitlements(
  db: Kysely<CatalogSchema>,
  scope: SearchScope,
  query: string,
  limit = SEARCH_LIMIT,
  requesterId?: string,
): Promise<EntitlementHit[]> {
  const text = normalizeQuery(query);
  if (!text) return [];
  const escaped = likeEscaped(text);
  const prefix = `${escaped}%`;
  const visible = visibleEntitlements(db, scope);
  const rows = await (requesterId ? await onlyRequestable(db, visible, requesterId) : visible)
    .where(sql<boolean>`e.search_text like ${`%${escaped}%`}`)
    .orderBy(
      sql`case when lower(r.display_name) like ${prefix} then 0 when e.search_text like ${prefix} then 1
        when e.search_text like ${`% ${escaped}%`} then 2 else 3 end`,
    )
    .orderBy('e.display_name')
    .orderBy('e.id')
    .limit(limit)
    .execute();
  return rows.map(toHit);
}

/** One entitlement the scope may see, with its resource's description; undefined when it may not (or is unknown). */
export async function findEntitlementInScope(
  db: Kysely<CatalogSchema>,
  scope: SearchScope,
  connectorId: string,
  entitlementId: string,
): Promise<(EntitlementHit & { description: string | null }) | undefined> {
  const row = await visibleEntitlements(db, scope)
    .select('r.description')
    .where('e.connector_id', '=', connectorId)
    .where('e.id', '=', entitlementId)
    .executeTakeFirst();
  return row && { ...toHit(row), description: row.description };
}

type Visible = ReturnType<typeof visibleEntitlements>;

/**
 * Narrows `visible` to what `requesterId` may request, per connector in it (requestableFor): entitlements whose own
 * policy admits them, and the rest unless their own policy refuses them or the default policy does.
 */
async function onlyRequestable(db: Kysely<CatalogSchema>, visible: Visible, requesterId: string): Promise<Visible> {
  const connectors = await visible.clearSelect().select('e.connector_id').distinct().execute();
  const rules = await Promise.all(
    connectors.map(async ({ connector_id }) => ({
      connectorId: connector_id,
      ...(await requestableFor(db, connector_id, requesterId)),
    })),
  );
  if (rules.length === 0) return visible;
  return visible.where((eb) =>
    eb.or(
      rules.map((rule) => {
        const inConnector = eb('e.connector_id', '=', rule.connectorId);
        if (rule.defaultEligible)
          return rule.ineligible.length ? eb.and([inConnector, eb('e.id', 'not in', rule.ineligible)]) : inConnector;
        return rule.eligible.length ? eb.and([inConnector, eb('e.id', 'in', rule.eligible)]) : eb.lit(false);
      }),
    ),
  );
}

/** Entitlements of connected tenants the scope covers, with their resource and connector. */
function visibleEntitlements(db: Kysely<CatalogSchema>, scope: SearchScope) {
  let q = db
    .selectFrom('entitlements as e')
    .innerJoin('connectors as c', 'c.id', 'e.connector_id')
    .leftJoin('resources as r', (join) =>
      join.onRef('r.connector_id', '=', 'e.connector_id').onRef('r.id', '=', 'e.resource_id'),
    )
    .select([
      'e.connector_id',
      'c.display_name as connector_name',
      'e.id',
      'e.display_name',
      'e.resource_id',
      'e.resource_type',
      'e.kind',
      'e.immutable',
      'r.display_name as resource_name',
      'r.immutable_reason',
    ])
    .where('c.status', '=', 'connected');
  if ('tenantId' in scope) q = q.where(sql<boolean>`lower(c.tenant_id) = ${scope.tenantId.toLowerCase()}`);
  if ('principalId' in scope)
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('principals as p')
          .select('p.id')
          .whereRef('p.connector_id', '=', 'e.connector_id')
          .where('p.id', '=', scope.principalId),
      ),
    );
  return q;
}

interface HitRow {
  connector_id: string;
  connector_name: string;
  id: string;
  display_name: string;
  resource_id: string;
  resource_type: ResourceType;
  kind: EntitlementKind;
  immutable: boolean;
  resource_name: string | null;
  immutable_reason: string | null;
}

const toHit = (row: HitRow): EntitlementHit => ({
  connectorId: row.connector_id,
  connectorName: row.connector_name,
  entitlementId: row.id,
  displayName: row.display_name,
  resourceId: row.resource_id,
  resourceName: row.resource_name,
  resourceType: row.resource_type,
  kind: row.kind,
  immutable: row.immutable,
  immutableReason: row.immutable_reason,
});
