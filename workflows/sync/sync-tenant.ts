// syncTenant: one sync generation of a connector's tenant into the catalog. The stages page Graph inside activities
// and write the catalog themselves; this workflow only sequences them, carries counts and delta links, and keeps the
// run visible (Stage search attribute, current details) for operators.
import {
  ApplicationFailure,
  log,
  proxyActivities,
  type ActivityOptions,
  setCurrentDetails,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { ReconcileActivities } from '../../activities/access/reconcile.js';
import type { SyncActivities, StageInput, StageResult } from '../../activities/sync/index.js';
import { FAILURES } from '../../domain/failures.js';
import { ConnectorIdKey, StageKey, TenantIdKey } from '../../temporal/search-attributes.js';
import {
  SYNC_STAGES,
  type AccessDrift,
  type SyncCounts,
  type SyncMode,
  type SyncStage,
  type SyncTenantInput,
  type SyncTenantResult,
} from './messages.js';
import { addCounts, describeProgress, emptyCounts, isFailureOfType } from './progress.js';

// Opening a run (and forgetting delta links) is a few catalog rows and one Graph request: a short start-to-close is
// what notices a worker that died inside it, so the run (and the Schedule, which skips overlapping runs) stalls about a
// minute rather than the half hour completing may take.
const opening = proxyActivities<SyncActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '30 seconds',
    maximumAttempts: 10,
    nonRetryableErrorTypes: [FAILURES.forbidden],
  },
});

// Completing a full sync rewrites every via-group grant in one transaction: minutes on a large tenant. No Graph.
const completing = proxyActivities<SyncActivities>({
  startToCloseTimeout: '30 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 10 },
});

// Stages page through a whole tenant: long start-to-close, heartbeats (sent every few seconds) to notice a dead
// worker, and unlimited retries for transient failures (a retry resumes from the heartbeated page).
const STAGE_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '60 seconds',
  retry: {
    initialInterval: '2 seconds',
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [FAILURES.resyncRequired, FAILURES.forbidden, FAILURES.unauthenticated],
  },
};
const stages = proxyActivities<SyncActivities>(STAGE_OPTIONS);

// Reconciling is a bonus on top of a finished sync: bounded retries, and a worker without access activities
// (NotFoundError) or a persistent failure leaves the drift unreported rather than failing the sync; the next one retries.
const reconciler = proxyActivities<ReconcileActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '60 seconds',
  retry: {
    initialInterval: '2 seconds',
    maximumInterval: '30 seconds',
    maximumAttempts: 5,
    nonRetryableErrorTypes: ['NotFoundError'],
  },
});

type StageName = 'syncUsers' | 'syncGroups' | 'syncApplications' | 'syncRoles' | 'syncShadowApps';
const DELTA_STAGES: readonly [StageName, 'users' | 'groups' | 'servicePrincipals'][] = [
  ['syncUsers', 'users'],
  ['syncGroups', 'groups'],
  ['syncApplications', 'servicePrincipals'],
];

export async function syncTenant(input: SyncTenantInput): Promise<SyncTenantResult> {
  const info = workflowInfo();
  const run = await opening.beginSync({
    connectorId: input.connectorId,
    requestedMode: input.mode ?? 'auto',
    syncRunId: uuid4(),
    workflowId: info.workflowId,
    runId: info.runId,
  });
  upsertSearchAttributes([
    { key: ConnectorIdKey, value: input.connectorId },
    { key: TenantIdKey, value: run.tenantId },
  ]);
  const sync = new SyncProgress(input.connectorId, run.tenantId, run.mode, input.stageHeartbeatTimeoutSeconds);

  try {
    let fellBackToFull = false;
    let deltaLinks: Record<string, string | null> = {};
    if (run.mode === 'delta') {
      try {
        deltaLinks = await sync.run(run, run.deltaLinks);
      } catch (err) {
        if (!isFailureOfType(err, FAILURES.resyncRequired)) throw err;
        // Graph no longer honours the stored delta token (410): start over with a full read, as Microsoft asks.
        await opening.forgetDeltaLinks({ connectorId: input.connectorId });
        fellBackToFull = true;
        sync.mode = 'full';
      }
    }
    if (sync.mode === 'full') deltaLinks = await sync.run(run);

    sync.enter(sync.mode === 'full' ? SYNC_STAGES.completingFull : SYNC_STAGES.completingDelta);
    const { removed, viaGrants } = await completing.completeSync({
      connectorId: input.connectorId,
      syncRunId: run.syncRunId,
      generation: run.generation,
      mode: sync.mode,
      succeeded: true,
      deltaLinks,
      counts: { ...sync.counts },
      graph: sync.graph,
    });
    sync.counts.removed += removed;
    sync.counts.grants += viaGrants;
    sync.enter(SYNC_STAGES.reconciling);
    const accessDrift = await reconcile(input.connectorId, run.syncRunId);
    sync.enter(SYNC_STAGES.succeeded);
    return {
      syncRunId: run.syncRunId,
      mode: sync.mode,
      counts: sync.counts,
      ...sync.graph,
      fellBackToFull,
      accessDrift,
    };
  } catch (err) {
    sync.enter(SYNC_STAGES.failed);
    await completing.completeSync({
      connectorId: input.connectorId,
      syncRunId: run.syncRunId,
      generation: run.generation,
      mode: sync.mode,
      succeeded: false,
      deltaLinks: {},
      counts: { ...sync.counts },
      graph: sync.graph,
      error: err instanceof Error ? err.message : String(err),
    });
    throw err instanceof ApplicationFailure ? err : ApplicationFailure.nonRetryable(`Sync failed: ${String(err)}`);
  }
}

async function reconcile(connectorId: string, syncRunId: string): Promise<AccessDrift | null> {
  try {
    return await reconciler.reconcileLanternAccess({ connectorId, syncRunId });
  } catch (err) {
    log.warn('Reconciling Lantern-granted access failed; the next sync retries', { connectorId, error: String(err) });
    return null;
  }
}

/** The run's mutable state and the stage sequence, so the workflow function reads as the business steps. */
class SyncProgress {
  counts: SyncCounts = emptyCounts();
  graph = { requests: 0, resourceUnits: 0, throttled: 0 };

  constructor(
    private readonly connectorId: string,
    private readonly tenantId: string,
    public mode: SyncMode,
    private readonly heartbeatTimeoutSeconds?: number,
  ) {}

  /**
   * Full (no delta links) or delta. Users, groups and applications are independent, so they are read at once,
   * sharing the tenant's request budget; roles and shadow apps follow.
   */
  async run(
    run: { syncRunId: string; generation: number },
    deltaLinks: Record<string, string | undefined> = {},
  ): Promise<Record<string, string | null>> {
    this.enter(SYNC_STAGES.reading);
    const results = await Promise.all(
      DELTA_STAGES.map(([stage, collection]) => this.stage(stage, run, deltaLinks[collection])),
    );
    this.enter(SYNC_STAGES.roles);
    await this.stage('syncRoles', run);
    this.enter(SYNC_STAGES.shadowApps);
    await this.stage('syncShadowApps', run);
    return Object.fromEntries(DELTA_STAGES.map(([, collection], i) => [collection, results[i]!.deltaLink]));
  }

  private async stage(
    name: StageName,
    run: { syncRunId: string; generation: number },
    deltaLink?: string,
  ): Promise<StageResult> {
    const input: StageInput = {
      connectorId: this.connectorId,
      syncRunId: run.syncRunId,
      generation: run.generation,
      ...(deltaLink ? { deltaLink } : {}),
    };
    const options: ActivityOptions = { ...STAGE_OPTIONS, summary: `${name} (${this.mode})` };
    if (this.heartbeatTimeoutSeconds) options.heartbeatTimeout = `${this.heartbeatTimeoutSeconds} seconds`;
    const result = await stages[name].executeWithOptions(options, [input]);
    addCounts(this.counts, result.counts);
    this.graph.requests += result.graph.requests;
    this.graph.resourceUnits += result.graph.resourceUnits;
    this.graph.throttled += result.graph.throttled;
    return result;
  }

  enter(stage: SyncStage): void {
    upsertSearchAttributes([{ key: StageKey, value: stage }]);
    setCurrentDetails(
      describeProgress({
        connectorId: this.connectorId,
        tenantId: this.tenantId,
        mode: this.mode,
        stage,
        counts: this.counts,
        graph: this.graph,
      }),
    );
  }
}
