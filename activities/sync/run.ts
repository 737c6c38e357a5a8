// Opening and closing a sync run: allocate the catalog generation, decide full or delta, and at the end persist the
// delta links, remove what a full sync no longer saw, and record the figures.
import { ApplicationFailure } from '@temporalio/activity';
import {
  clearSyncCursors,
  completeFullSync,
  finishSyncRun,
  getSyncCursors,
  putSyncCursor,
  startSyncRun,
} from '../../catalog/directory/writes/index.js';
import type { SyncMode } from '../../workflows/sync/messages.js';
import type { SyncActivityDeps } from './deps.js';
import { FAILURES } from '../../domain/failures.js';

/** The collections whose delta links make a run incremental; a delta run needs all of them. */
export const DELTA_COLLECTIONS = ['users', 'groups', 'servicePrincipals'] as const;
export type DeltaCollection = (typeof DELTA_COLLECTIONS)[number];

export interface BeginSyncInput {
  connectorId: string;
  requestedMode: 'auto' | 'full';
  syncRunId: string;
  workflowId: string;
  runId: string;
}
export interface BeginSyncResult {
  syncRunId: string;
  generation: number;
  mode: SyncMode;
  tenantId: string;
  deltaLinks: Partial<Record<DeltaCollection, string>>;
}

export interface CompleteSyncInput {
  connectorId: string;
  syncRunId: string;
  generation: number;
  mode: SyncMode;
  succeeded: boolean;
  deltaLinks: Partial<Record<DeltaCollection, string | null>>;
  counts: Record<string, number>;
  graph: { requests: number; resourceUnits: number; throttled: number };
  error?: string;
}

export function createSyncRunActivities(deps: SyncActivityDeps) {
  const { db } = deps.catalog;
  return {
    /** Idempotent: a retry with the same syncRunId returns the same generation. */
    async beginSync(input: BeginSyncInput): Promise<BeginSyncResult> {
      const connector = await deps.loadConnector(input.connectorId);
      const cursors = await getSyncCursors(db, input.connectorId);
      const deltaLinks = Object.fromEntries(DELTA_COLLECTIONS.flatMap((c) => (cursors[c] ? [[c, cursors[c]]] : [])));
      const mode: SyncMode =
        input.requestedMode === 'auto' && DELTA_COLLECTIONS.every((c) => deltaLinks[c]) ? 'delta' : 'full';
      const run = await startSyncRun(db, {
        id: input.syncRunId,
        connectorId: input.connectorId,
        mode,
        workflowId: input.workflowId,
        runId: input.runId,
      });
      await sizeBudget(deps, connector);
      return {
        syncRunId: run.id,
        generation: Number(run.generation),
        mode: run.mode,
        tenantId: connector.tenantId,
        deltaLinks: run.mode === 'delta' ? deltaLinks : {},
      };
    },

    /**
     * Idempotent. Cursors and sweeping only follow a successful run, so a failed one never deletes live rows. A full
     * run removes what it no longer saw *before* expanding nested groups, so a removed member cannot keep access
     * inherited through a stale edge.
     */
    async completeSync(input: CompleteSyncInput): Promise<{ removed: number; viaGrants: number }> {
      let removed = 0;
      let viaGrants = 0;
      if (input.succeeded) {
        for (const collection of DELTA_COLLECTIONS) {
          const deltaLink = input.deltaLinks[collection];
          if (deltaLink) await putSyncCursor(db, { connectorId: input.connectorId, collection, deltaLink });
        }
        if (input.mode === 'full') {
          const result = await completeFullSync(db, { connectorId: input.connectorId, generation: input.generation });
          removed = result.swept.principals + result.swept.resources;
          viaGrants = result.viaGrants;
        }
      }
      await finishSyncRun(db, {
        id: input.syncRunId,
        status: input.succeeded ? 'succeeded' : 'failed',
        counts: {
          ...input.counts,
          removed: (input.counts.removed ?? 0) + removed,
          grants: (input.counts.grants ?? 0) + viaGrants,
        },
        requests: input.graph.requests,
        resourceUnits: input.graph.resourceUnits,
        throttled: input.graph.throttled,
        error: input.error ?? null,
      });
      return { removed, viaGrants };
    },

    /** A delta token Graph no longer honours: forget every link so the fallback full sync starts clean. */
    async forgetDeltaLinks(input: { connectorId: string }): Promise<void> {
      await clearSyncCursors(db, input.connectorId);
    },
  };
}

/** The tenant's size sets its published RU quota; one $count request tells it. */
async function sizeBudget(
  deps: SyncActivityDeps,
  connector: Awaited<ReturnType<SyncActivityDeps['loadConnector']>>,
): Promise<void> {
  const target = { tenantId: connector.tenantId, cloud: connector.cloud };
  const { client } = deps.tenantGraph.client(target);
  try {
    const count = Number(await client.api('/users/$count').header('ConsistencyLevel', 'eventual').get());
    if (Number.isFinite(count)) deps.tenantGraph.setTenantSize(target, count);
  } catch (err) {
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 401 || status === 403)
      throw ApplicationFailure.nonRetryable(
        `Lantern cannot read tenant ${connector.tenantId} (Graph answered ${status}); check the app's permissions`,
        FAILURES.forbidden,
      );
    throw err;
  }
}
