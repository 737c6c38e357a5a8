// The reconciler's reads of Lantern's grant rows: which rows still claim provisioned access, and a lock on one row
// while its orphaned access is settled (a new request for the same pair writes that row first, so it waits).
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { CatalogSchema } from '../schema.js';
import type { AccessGrantsTable } from './schema.js';

export type ProvisionedGrantRow = Selectable<AccessGrantsTable>;

/** Stages in which a grant's access may exist in the tenant. */
const PROVISIONED_STAGES = ['provisioning', 'active', 'deprovisioning'];

/** Grant rows of the connector whose access may be in the tenant, in a stable order. */
export async function provisionedGrants(
  db: Kysely<CatalogSchema>,
  connectorId: string,
): Promise<ProvisionedGrantRow[]> {
  return db
    .selectFrom('access_grants')
    .selectAll()
    .where('connector_id', '=', connectorId)
    .where('stage', 'in', PROVISIONED_STAGES)
    .orderBy('workflow_id')
    .execute();
}

/**
 * Locks the row until the transaction ends and tells whether it is still as `seen` (same stage, not updated since):
 * false when its workflow has moved it on, so the reconciler leaves it alone.
 */
export async function lockUnchangedGrant(trx: Transaction<CatalogSchema>, seen: ProvisionedGrantRow): Promise<boolean> {
  const current = await trx
    .selectFrom('access_grants')
    .select(['stage', 'updated_at'])
    .where('workflow_id', '=', seen.workflow_id)
    .forUpdate()
    .executeTakeFirst();
  return !!current && current.stage === seen.stage && current.updated_at.getTime() === seen.updated_at.getTime();
}

/** Records on the orphan's (closed) row why a removal guard kept its access, as a grant's own refusal is recorded. */
export async function markRemovalRefused(
  trx: Transaction<CatalogSchema>,
  workflowId: string,
  message: string,
): Promise<void> {
  await trx
    .updateTable('access_grants')
    .set({ removal_refused: message })
    .where('workflow_id', '=', workflowId)
    .execute();
}
