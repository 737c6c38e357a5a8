// The reconciler: the sync's final stage. Lantern's grant rows say which access it provisioned; a row that still looks
// provisioned while its accessGrant workflow is no longer running (an operator terminated it, it failed or timed out)
// is an orphan whose access nobody will ever remove. This removes that access through Graph, closes the row and audits
// each case. Pre-existing access, and access a grant may not have added (it ended mid-provisioning), is never removed;
// access a removal guard refuses (catalog/access/guards.ts) stays too, its row closed with the refusal.
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Transaction } from 'kysely';
import { applyDirectGrantChange, recordGrant } from '../../catalog/access/grants.js';
import { holdRemovalLock, removalRefusal } from '../../catalog/access/guards.js';
import {
  lockUnchangedGrant,
  markRemovalRefused,
  provisionedGrants,
  type ProvisionedGrantRow as GrantRow,
} from '../../catalog/access/orphans.js';
import type { CatalogSchema } from '../../catalog/schema.js';
import type { AccessDrift } from '../../workflows/sync/messages.js';
import type { AccessActivityDeps } from './index.js';
import { removeAccess } from './graph-operations.js';
import { parseEntitlementId } from '../../domain/entitlement-id.js';
import { provisioningOf } from './pim.js';
import { pimOf, pimRemove } from './pim-operations.js';
import type { ResolvedConnector } from '../../domain/connector.js';

export interface ReconcileInput {
  connectorId: string;
  /** The sync run that reconciles: recorded as the request id of each audit row. */
  syncRunId: string;
}

/** How the reconciler learns whether a grant workflow still runs: the workflow status name, or null if none exists. */
export type WorkflowStatusLookup = (workflowId: string) => Promise<string | null>;

export interface ReconcileDeps extends AccessActivityDeps {
  /** Defaults to describing the workflow with the worker's own Temporal client. */
  workflowStatus?: WorkflowStatusLookup | undefined;
}

/** Terminal statuses that skip the workflow's own deprovisioning. COMPLETED is not here: the workflow ends its row first. */
const ABANDONED = new Set(['TERMINATED', 'FAILED', 'TIMED_OUT', 'CANCELLED']);
const isLive = (status: string | null) => status !== null && !ABANDONED.has(status);
const ACTOR = 'lantern-reconciler';

/** What became of an orphan, named as the drift counter it adds to. */
type Settled = 'removed' | 'alreadyGone' | 'kept' | 'failed' | 'guarded';

async function describeWithWorkerClient(workflowId: string): Promise<string | null> {
  try {
    const description = await Context.current().client.workflow.getHandle(workflowId).describe();
    return description.status.name;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}

export function createReconcileActivities(deps: ReconcileDeps) {
  const { catalog } = deps;
  const workflowStatus = deps.workflowStatus ?? describeWithWorkerClient;

  /**
   * Under a lock on the orphan's row: a new request for the same pair writes that row before it looks at the tenant, so
   * it waits until the orphan's access is gone and then provisions it afresh, instead of taking it for pre-existing
   * access that this would then remove. A run that started before the lock owns the pair: the orphan is left to it.
   */
  async function settleOrphan(
    trx: Transaction<CatalogSchema>,
    row: GrantRow,
    connector: ResolvedConnector,
    syncRunId: string,
  ): Promise<Settled | null> {
    if (!(await lockUnchangedGrant(trx, row))) return null;
    const status = await workflowStatus(row.workflow_id);
    if (isLive(status)) return null;

    const entitlement = parseEntitlementId(row.entitlement_id);
    const mayRemove = !row.pre_existing && row.stage !== 'provisioning' && entitlement !== null;
    // A guard's refusal closes the row for good (kept, with the refusal): retrying at each sync would only refuse again.
    if (mayRemove) await holdRemovalLock(trx, row.connector_id, guardPairOf(row));
    const refusal = mayRemove ? await removalRefusal(trx, row.connector_id, guardPairOf(row)) : null;
    let settled: Exclude<Settled, 'failed'> = refusal ? 'guarded' : 'kept';
    if (mayRemove && !refusal) {
      const { client } = deps.tenantGraph.client({ tenantId: connector.tenantId, cloud: connector.cloud });
      const graph = { client, graphBaseUrl: connector.cloud.graphBaseUrl };
      const viaPim = provisioningOf(connector) === 'pim' ? pimOf(entitlement) : null;
      try {
        // PIM mode ends Lantern's PIM schedule (adminRemove), so nothing of the grant is left for Entra to act on.
        const { outcome } = viaPim
          ? await pimRemove(graph, viaPim, row.principal_id)
          : await removeAccess(graph, entitlement, row.principal_id);
        settled = outcome === 'changed' ? 'removed' : 'alreadyGone';
      } catch {
        // Left open (no audit row yet): the next sync tries again. One refusal must not block the other orphans.
        return 'failed';
      }
      await applyDirectGrantChange(trx, {
        connectorId: row.connector_id,
        entitlementId: row.entitlement_id,
        principalId: row.principal_id,
        present: false,
      });
    }
    const action = {
      removed: 'reconcile.access_removed',
      alreadyGone: 'reconcile.access_already_gone',
      kept: 'reconcile.access_kept',
      guarded: 'reconcile.access_refused_by_guard',
    }[settled];
    await recordGrant(trx, {
      workflowId: row.workflow_id,
      connectorId: row.connector_id,
      entitlementId: row.entitlement_id,
      principalId: row.principal_id,
      principalUpn: row.principal_upn,
      requesterId: row.requester_id,
      stage: 'ended',
      endReason: 'failed',
      expiresAt: row.expires_at ? row.expires_at.toISOString() : null,
      preExisting: row.pre_existing,
      approverIds: row.approver_ids,
      audit: [
        {
          actor: ACTOR,
          action,
          requestId: syncRunId,
          detail: {
            workflowStatus: status ?? 'NOT_FOUND',
            previousStage: row.stage,
            entitlementId: row.entitlement_id,
            principalId: row.principal_id,
            ...(refusal ? { message: refusal } : {}),
            ...(row.pre_existing ? { why: 'pre-existing access is never removed' } : {}),
            ...(row.stage === 'provisioning'
              ? { why: 'the grant ended mid-provisioning: Lantern cannot prove it added the access' }
              : {}),
          },
        },
      ],
    });
    if (refusal) await markRemovalRefused(trx, row.workflow_id, refusal);
    return settled;
  }

  return {
    /** Idempotent: an orphan's row is closed after its access is gone, so a rerun finds nothing left to do. */
    async reconcileLanternAccess(input: ReconcileInput): Promise<AccessDrift> {
      const drift: AccessDrift = {
        checked: 0,
        orphaned: 0,
        removed: 0,
        alreadyGone: 0,
        kept: 0,
        failed: 0,
        guarded: 0,
      };
      const rows = await provisionedGrants(catalog.db, input.connectorId);
      const connector = rows.length > 0 ? await deps.loadConnector(input.connectorId) : undefined;

      for (const row of rows) {
        drift.checked += 1;
        Context.current().heartbeat(drift.checked);
        const status = await workflowStatus(row.workflow_id);
        if (isLive(status)) continue;
        drift.orphaned += 1;

        const settled = await catalog.db
          .transaction()
          .execute((trx) => settleOrphan(trx, row, connector!, input.syncRunId));
        if (settled) drift[settled] += 1;
      }
      return drift;
    },
  };
}

const guardPairOf = (row: GrantRow) => ({ entitlementId: row.entitlement_id, principalId: row.principal_id });

export type ReconcileActivities = ReturnType<typeof createReconcileActivities>;
