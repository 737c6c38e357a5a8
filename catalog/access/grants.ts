// Lantern-granted access: the accessGrant workflows' own record (stage, expiry, pre-existing) with the audit row of each
// step written in the same transaction, and the targeted catalog update after a Graph change (no full sync needed).
import { sql, type Kysely } from 'kysely';
import { deleteGrants, upsertGrants } from '../directory/writes/index.js';
import { sanitizeDeep } from '../../lib/safe-text.js';
import { jsonb } from '../json.js';
import type { JsonObject } from '../column-types.js';
import type { CatalogSchema } from '../schema.js';
import type { ApprovalStageRecord } from './schema.js';

export interface GrantRecord {
  workflowId: string;
  connectorId: string;
  entitlementId: string;
  principalId: string;
  principalUpn: string;
  requesterId: string;
  stage: string;
  endReason: string | null;
  expiresAt: string | null;
  preExisting: boolean;
  approverIds: string[];
  /** Policy v2, written only when present (absent leaves the row's value as it is). */
  breakGlass?: boolean | undefined;
  startAt?: string | null | undefined;
  removalRefused?: string | null | undefined;
  /** Each approval stage's progress, rewritten at every decision so the pages need not ask the workflow. */
  approvalStages?: ApprovalStageRecord[] | undefined;
  /** The audit rows of what caused this step, oldest first (e.g. "expired", then "removed" once Graph confirmed). */
  audit?: AuditEntry[] | undefined;
}

export interface AuditEntry {
  actor: string;
  action: string;
  detail: Record<string, unknown>;
  requestId: string;
}

/**
 * Upserts the grant's row and appends its audit entries. Idempotent for the row; a retried audit write may repeat.
 * Text the database cannot store (NUL, lone surrogates) is replaced by U+FFFD rather than refused: the API already
 * refuses such input, so it can only come from another caller or older history, and refusing here would make the
 * activity fail on every retry — the grant would have no row, so nobody could see or revoke it, and its pair would be
 * blocked. A visible replacement character in an audit row is the lesser harm.
 */
export async function recordGrant(db: Kysely<CatalogSchema>, unsafeRecord: GrantRecord): Promise<void> {
  const record = sanitizeDeep(unsafeRecord);
  // Inside a caller's transaction (the reconciler's), it joins that one.
  const inTransaction = (write: (trx: Kysely<CatalogSchema>) => Promise<void>) =>
    db.isTransaction ? write(db) : db.transaction().execute(write);
  await inTransaction(async (trx) => {
    const row = {
      workflow_id: record.workflowId,
      connector_id: record.connectorId,
      entitlement_id: record.entitlementId,
      principal_id: record.principalId,
      principal_upn: record.principalUpn,
      requester_id: record.requesterId,
      stage: record.stage,
      end_reason: record.endReason,
      expires_at: record.expiresAt,
      pre_existing: record.preExisting,
      approver_ids: jsonb(record.approverIds),
      ...(record.breakGlass !== undefined ? { break_glass: record.breakGlass } : {}),
      ...(record.startAt !== undefined ? { start_at: record.startAt } : {}),
      ...(record.removalRefused !== undefined ? { removal_refused: record.removalRefused } : {}),
      ...(record.approvalStages !== undefined ? { approval_stages: jsonb(record.approvalStages) } : {}),
      updated_at: sql<Date>`now()`,
    };
    await trx
      .insertInto('access_grants')
      .values(row)
      .onConflict((oc) => oc.column('workflow_id').doUpdateSet({ ...row, workflow_id: undefined }))
      .execute();
    // One statement keeps their order in the ids the audit log is read by.
    if (record.audit?.length) {
      await trx
        .insertInto('audit_log')
        .values(
          record.audit.map(({ actor, action, detail, requestId }) => ({
            actor,
            action,
            subject: record.workflowId,
            request_id: requestId,
            detail: jsonb({
              ...detail,
              // Approval-stage rows (policy v2) carry their stage number as `stage`: the grant's stage goes beside it.
              ...('stage' in detail ? { grantStage: record.stage } : { stage: record.stage }),
              endReason: record.endReason,
              expiresAt: record.expiresAt,
            } as JsonObject),
          })),
        )
        .execute();
    }
  });
}

/**
 * True when Lantern's own audit trail for this grant id ends with access it added and nothing removed: an earlier run
 * was terminated while its access was live. A new run for the pair takes that access over instead of calling it
 * pre-existing (which would keep it forever).
 */
export async function accessLeftByEarlierRun(db: Kysely<CatalogSchema>, workflowId: string): Promise<boolean> {
  const last = await db
    .selectFrom('audit_log')
    .select('action')
    .where('subject', '=', workflowId)
    .where('action', 'in', [
      'graph.access_added',
      'graph.access_removed',
      'reconcile.access_removed',
      'reconcile.access_already_gone',
    ])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last?.action === 'graph.access_added';
}

export interface DirectGrantChange {
  connectorId: string;
  entitlementId: string;
  principalId: string;
  present: boolean;
}

/** Mirrors one Graph change into the synced grants, stamped with the connector's latest generation. */
export async function applyDirectGrantChange(db: Kysely<CatalogSchema>, change: DirectGrantChange): Promise<void> {
  const { connectorId, entitlementId, principalId } = change;
  if (!change.present) {
    await deleteGrants(db, { connectorId, grants: [{ entitlementId, principalId, viaGroupId: null }] });
    return;
  }
  const principal = await db
    .selectFrom('principals')
    .select('kind')
    .where('connector_id', '=', connectorId)
    .where('id', '=', principalId)
    .executeTakeFirst();
  const latest = await db
    .selectFrom('sync_runs')
    .select((eb) => eb.fn.max('generation').as('g'))
    .where('connector_id', '=', connectorId)
    .executeTakeFirst();
  await upsertGrants(db, {
    connectorId,
    generation: Number(latest?.g ?? 0),
    grants: [
      { entitlementId, principalId, principalKind: principal?.kind ?? 'user', viaGroupId: null, sourceId: null },
    ],
  });
}
