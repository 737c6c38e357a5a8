// Names the requester's pages show instead of ids: principals, resources, entitlements with their resource (as last
// synced), and who ended a grant (its latest ending audit row).
import type { Kysely } from 'kysely';
import type { CatalogSchema } from '../schema.js';

type Db = Kysely<CatalogSchema>;

/** Display name (else UPN) by principal id; ids the catalog does not know are left out. */
export async function principalNamesById(db: Db, connectorId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('principals')
    .select(['id', 'display_name', 'upn'])
    .where('connector_id', '=', connectorId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name || r.upn || r.id]));
}

export async function resourceDisplayName(db: Db, connectorId: string, resourceId: string): Promise<string | null> {
  const row = await db
    .selectFrom('resources')
    .select('display_name')
    .where('connector_id', '=', connectorId)
    .where('id', '=', resourceId)
    .executeTakeFirst();
  return row?.display_name ?? null;
}

/** Entitlement and resource names keyed by `${connectorId}\n${entitlementId}`, in one query. */
export async function entitlementNames(
  db: Db,
  pairs: { connectorId: string; entitlementId: string }[],
): Promise<Map<string, { name: string; resourceName: string | null }>> {
  if (pairs.length === 0) return new Map();
  const found = await db
    .selectFrom('entitlements as e')
    .leftJoin('resources as r', (join) =>
      join.onRef('r.connector_id', '=', 'e.connector_id').onRef('r.id', '=', 'e.resource_id'),
    )
    .select(['e.connector_id', 'e.id', 'e.display_name', 'r.display_name as resource_name'])
    .where('e.connector_id', 'in', [...new Set(pairs.map((p) => p.connectorId))])
    .where('e.id', 'in', [...new Set(pairs.map((p) => p.entitlementId))])
    .execute();
  return new Map(
    found.map((f) => [`${f.connector_id}\n${f.id}`, { name: f.display_name, resourceName: f.resource_name }]),
  );
}

/** The latest of these audit actions per workflow id: who ended (revoked, withdrew, denied) each grant. */
export async function latestAuditActors(
  db: Db,
  workflowIds: string[],
  actions: string[],
): Promise<Map<string, { actor: string; action: string }>> {
  const endings = new Map<string, { actor: string; action: string }>();
  if (workflowIds.length === 0) return endings;
  const audit = await db
    .selectFrom('audit_log')
    .select(['subject', 'actor', 'action'])
    .where('subject', 'in', workflowIds)
    .where('action', 'in', actions)
    .orderBy('id', 'desc')
    .execute();
  for (const a of audit) if (a.subject && !endings.has(a.subject)) endings.set(a.subject, a);
  return endings;
}
