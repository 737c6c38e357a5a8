// What the approver's inbox reads besides the grant rows (api/access/approval-inbox.ts): entitlement and resource
// names, a grant workflow's access audit trail (every grant of one pair shares the workflow id, so its earlier grants
// are read from here), and which live grants ever had an extension asked.
import type { Kysely } from 'kysely';
import type { CatalogSchema } from '../schema.js';

type Db = Kysely<CatalogSchema>;

/** The entitlement's display name and kind and its resource's name, if the catalog still has them. */
export async function entitlementNamesOf(db: Db, connectorId: string, entitlementId: string) {
  return db
    .selectFrom('entitlements as e')
    .leftJoin('resources as r', (join) =>
      join.onRef('r.connector_id', '=', 'e.connector_id').onRef('r.id', '=', 'e.resource_id'),
    )
    .select(['e.display_name as entitlementName', 'e.kind', 'r.display_name as resourceName'])
    .where('e.connector_id', '=', connectorId)
    .where('e.id', '=', entitlementId)
    .executeTakeFirst();
}

/** The latest `limit` access.* audit rows of a grant workflow, oldest first. */
export async function accessAuditTrail(db: Db, workflowId: string, limit = 200) {
  const rows = await db
    .selectFrom('audit_log')
    .select(['at', 'action', 'actor', 'detail'])
    .where('subject', '=', workflowId)
    .where('action', 'like', 'access.%')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse();
}

/** The latest audit row of a grant workflow among `actions`. */
export async function lastAuditOf(db: Db, workflowId: string, actions: string[]) {
  return db
    .selectFrom('audit_log')
    .select(['action', 'actor', 'detail'])
    .where('subject', '=', workflowId)
    .where('action', 'in', actions)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Which of these grant workflows ever had an extension asked (only those can have one awaiting approval). */
export async function extensionAskedOf(db: Db, workflowIds: string[]): Promise<Set<string>> {
  if (workflowIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('audit_log')
    .select('subject')
    .distinct()
    .where('action', '=', 'access.extension_requested')
    .where('subject', 'in', workflowIds)
    .execute();
  return new Set(rows.flatMap((row) => (row.subject ? [row.subject] : [])));
}
