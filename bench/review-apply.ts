// Figures 4 and 5 of `npm run bench:review`: a whole campaign on the real Temporal dev server against a simulated
// tenant (own process). The tenant is synced with throttling off (the sync is not what is measured), a campaign over
// its group memberships is staged by the reviewCampaign workflow, the reviewer denies `removals` direct memberships,
// then throttling turns realistic (fresh buckets) and the owner closes the campaign: the workflow applies every removal
// through Lantern's removal path. Wall time of the apply is compared with the throttling floor of the requests it
// sent, and the workflow's history (every run, continue-as-new included) gives the largest payload and its length.
import { sql } from 'kysely';
import type { Catalog } from '../catalog/index.js';
import { decideItems } from '../catalog/reviews/decisions.js';
import { createSyncActivities } from '../activities/sync/index.js';
import { createAccessActivities } from '../activities/access/index.js';
import { createReconcileActivities } from '../activities/access/reconcile.js';
import { createReviewActivities } from '../activities/reviews/index.js';
import { createTenantGraph } from '../entra/tenant-graph.js';
import { createGraphStats, type GraphStatsSnapshot } from '../entra/graph-stats.js';
import { trustExtraCertificateAuthority } from '../entra/extra-ca.js';
import { DEFAULT_SYNC_OPTIONS, type ResolvedConnector } from '../domain/connector.js';
import { SYNC_WORKFLOW_TYPE } from '../workflows/sync/messages.js';
import {
  REVIEW_CAMPAIGN_WORKFLOW_TYPE,
  closeReviewUpdate,
  reviewCampaignWorkflowId,
  type ReviewCampaignInput,
} from '../workflows/reviews/messages.js';
import { limitsFor, WINDOWS_MS, type ThrottleLimits } from '../simulator/graph/throttle/limits.js';
import { startSimulatorProcess, type SimulatorProcess } from './simulator-process.js';
import { startBenchWorker } from './bench-worker.js';
import { campaignHistoryFigures } from './review-history.js';
import { definition, insertCampaign, type Size } from './review-seed.js';

const SIM_CONNECTOR = 'sim';
const SIM_SIZES: Record<Size, string> = { XL: 'L', L: 'L', M: 'M' };
const CAMPAIGN_ID = 'bench-apply';

export interface ApplyBenchOptions {
  catalog: Catalog;
  dataDir: string;
  size: Size;
  removals: number;
  /** Off shows the plan staging gets on a just-synced connector before autovacuum has analyzed it. */
  analyzeAfterSync: boolean;
  /** Events after which the workflow continues as new (its default when undefined); small values exercise it. */
  historyLimit: number | undefined;
  figure(name: string, value: string, target: string, raw: unknown): void;
  log(line: string): void;
}

/** The reviewer: the simulator's demo Lantern admin (an enabled member who holds few memberships). */
function reviewerOf(sim: SimulatorProcess): string {
  const tenant = sim.info.tenants[0] as unknown as { demo?: { people?: { lanternAdmin?: { objectId?: string } } } };
  const id = tenant.demo?.people?.lanternAdmin?.objectId;
  if (!id) throw new Error('the simulator did not name its demo Lantern admin');
  return id;
}

/**
 * The least time the simulated tenant's buckets allow for these requests, all buckets full at the start (throttling
 * turns realistic just before the apply, so they are): per limit, the demand beyond its capacity at its refill rate;
 * the largest of those. Also the sustained figure (whole demand at the refill rate), for comparison.
 */
export function throttlingFloor(
  delta: { resourceUnits: number; writes: number },
  limits: ThrottleLimits,
): { floorS: number; sustainedS: number; bindingLimit: string } {
  const demands: [keyof ThrottleLimits, number][] = [
    ['pairResourceUnits', delta.resourceUnits],
    ['appResourceUnits', delta.resourceUnits],
    ['pairWrites', delta.writes],
    ['tenantWrites', delta.writes],
  ];
  let floorS = 0;
  let sustainedS = 0;
  let bindingLimit = 'none';
  for (const [limit, demand] of demands) {
    const perSecond = limits[limit] / (WINDOWS_MS[limit] / 1000);
    const burst = Math.max(0, demand - limits[limit]) / perSecond;
    if (burst > floorS) {
      floorS = burst;
      bindingLimit = limit;
    }
    sustainedS = Math.max(sustainedS, demand / perSecond);
  }
  return { floorS, sustainedS, bindingLimit };
}

const writesOf = (s: GraphStatsSnapshot) =>
  Object.entries(s.byEndpoint)
    .filter(([endpoint]) => !endpoint.startsWith('GET '))
    .reduce((n, [, count]) => n + count, 0);

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function applyBench(options: ApplyBenchOptions): Promise<void> {
  const { catalog, log } = options;
  const { db } = catalog;
  const simSize = SIM_SIZES[options.size];
  log(`\napply: simulated tenant ${simSize} (own process), throttling off while it syncs…`);
  const sim = await startSimulatorProcess({ size: simSize, throttle: 'off', seed: 1 });
  try {
    trustExtraCertificateAuthority(sim.info.caCertPath);
    const tenant = sim.info.tenants[0]!;
    await sim.control('POST', `/tenants/${tenant.id}/consent`);
    const counts = await sim.control<{ users: number; memberships: number }>('GET', `/tenants/${tenant.id}/counts`);
    const connector: ResolvedConnector = {
      id: SIM_CONNECTOR,
      tenantId: tenant.id,
      options: { ...DEFAULT_SYNC_OPTIONS, provisioning: 'direct' },
      cloud: {
        authorityHost: sim.info.authorityHost,
        graphBaseUrl: sim.info.graphBaseUrl,
        graphScope: 'https://graph.microsoft.com/.default',
      },
    };
    await db
      .insertInto('connectors')
      .values({ id: connector.id, display_name: 'Simulated', tenant_id: tenant.id, status: 'connected' })
      .execute();
    const observer = createGraphStats();
    const tenantGraph = createTenantGraph({
      credentials: { clientId: sim.info.appReadWrite.clientId, clientSecret: sim.info.appReadWrite.clientSecret },
      observer,
    });
    const deps = { catalog, tenantGraph, loadConnector: async () => connector };
    const taskQueue = 'bench-review';
    const { env, worker } = await startBenchWorker({
      dir: options.dataDir,
      taskQueue,
      activities: {
        ...createSyncActivities(deps),
        ...createAccessActivities(deps),
        ...createReconcileActivities(deps),
        ...createReviewActivities(deps),
      },
    });
    try {
      await worker.runUntil(() => campaign(options, { sim, env, taskQueue, observer, counts, tenantId: tenant.id }));
    } finally {
      await env.teardown();
    }
  } finally {
    await sim.stop();
  }
}

interface Harness {
  sim: SimulatorProcess;
  env: Awaited<ReturnType<typeof startBenchWorker>>['env'];
  taskQueue: string;
  observer: ReturnType<typeof createGraphStats>;
  counts: { users: number; memberships: number };
  tenantId: string;
}

async function campaign(options: ApplyBenchOptions, h: Harness): Promise<void> {
  const { catalog, log, figure } = options;
  const { db } = catalog;
  const client = h.env.client;
  const syncStarted = performance.now();
  await client.workflow.execute(SYNC_WORKFLOW_TYPE, {
    taskQueue: h.taskQueue,
    workflowId: `connector:${SIM_CONNECTOR}:sync:bench`,
    args: [{ connectorId: SIM_CONNECTOR, mode: 'full' }],
  });
  log(
    `  synced ${h.counts.users} users, ${h.counts.memberships} memberships in ${((performance.now() - syncStarted) / 1000).toFixed(0)} s`,
  );

  // Right after a first sync the planner has no statistics for the new connector's rows: staging then picked a nested
  // loop over sequential scans and ran for minutes (4 s with statistics). Autovacuum would analyze within a minute;
  // the bench does not wait for it.
  if (options.analyzeAfterSync) await sql`analyze`.execute(db);
  const reviewer = reviewerOf(h.sim);
  await insertCampaign(
    db,
    CAMPAIGN_ID,
    definition(
      'Apply bench',
      SIM_CONNECTOR,
      { kinds: ['groupMembers'], assignment: 'direct', principals: 'all' },
      { kind: 'named', principalIds: [reviewer], fallbackIds: [reviewer] },
      { defaultDecision: 'keep', autoApply: true },
    ),
    reviewer,
  );
  const workflowId = reviewCampaignWorkflowId(CAMPAIGN_ID);
  const input: ReviewCampaignInput = {
    campaignId: CAMPAIGN_ID,
    connectorId: SIM_CONNECTOR,
    name: 'Apply bench',
    ...(options.historyLimit ? { historyLimit: options.historyLimit } : {}),
  };
  const handle = await client.workflow.start(REVIEW_CAMPAIGN_WORKFLOW_TYPE, {
    taskQueue: h.taskQueue,
    workflowId,
    args: [input],
  });
  const stageStarted = performance.now();
  await waitFor('the campaign to be staged', 300_000, async () => {
    const row = await db
      .selectFrom('review_campaigns')
      .select(['status', 'error'])
      .where('id', '=', CAMPAIGN_ID)
      .executeTakeFirst();
    if (row?.status === 'failed') throw new Error(`campaign failed: ${row.error}`);
    return row?.status === 'in_review' ? row : null;
  });
  log(`  campaign staged by the workflow in ${((performance.now() - stageStarted) / 1000).toFixed(1)} s`);

  const ids = (
    await db
      .selectFrom('review_items')
      .select('id')
      .where('campaign_id', '=', CAMPAIGN_ID)
      .where('applicability', '=', 'applicable')
      .where('via_group_id', '=', '')
      .where('principal_id', '<>', reviewer)
      .where('principal_kind', '=', 'user')
      .orderBy(sql`md5(id::text)`)
      .limit(options.removals)
      .execute()
  ).map((r) => String(r.id));
  for (let start = 0; start < ids.length; start += 1000)
    await decideItems(db, {
      campaignId: CAMPAIGN_ID,
      itemIds: ids.slice(start, start + 1000),
      decision: 'remove',
      comment: 'bench: no longer needed',
      reviewerId: reviewer,
      actor: `session:${reviewer}`,
    });
  log(`  ${ids.length} memberships decided remove; throttling realistic from now on`);

  await h.sim.control('PUT', '/settings', { throttle: 'realistic' });
  const before = h.observer.snapshot();
  const applyStarted = performance.now();
  await handle.executeUpdate(closeReviewUpdate, { args: [{ actorId: `session:${reviewer}`, reason: 'bench' }] });
  await handle.result();
  const wallS = (performance.now() - applyStarted) / 1000;
  const after = h.observer.snapshot();
  const delta = {
    requests: after.requests - before.requests,
    resourceUnits: after.resourceUnits - before.resourceUnits,
    throttled: after.throttled - before.throttled,
    // Refused (429) requests consumed nothing from the buckets; in the apply every request is a write.
    writes: writesOf(after) - writesOf(before) - (after.throttled - before.throttled),
  };
  const byEndpoint = Object.fromEntries(
    Object.entries(after.byEndpoint)
      .map(([k, n]) => [k, n - (before.byEndpoint[k] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );
  const limits = limitsFor('realistic', h.counts.users);
  const floor = throttlingFloor(delta, limits);
  const history = await campaignHistoryFigures(client, workflowId);
  const applyS = history.applyWindow ? (history.applyWindow.toMs - history.applyWindow.fromMs) / 1000 : wallS;
  const results = await db
    .selectFrom('review_items')
    .select(['apply_result', (eb) => eb.fn.countAll<string>().as('n')])
    .where('campaign_id', '=', CAMPAIGN_ID)
    .where('decision', '=', 'remove')
    .groupBy('apply_result')
    .execute();
  const countsAfter = await h.sim.control<{ memberships: number }>('GET', `/tenants/${h.tenantId}/counts`);

  // Within the buckets' burst capacity the floor is 0: the apply is then bound by latency, not by throttling.
  const ratio = floor.floorS > 0 ? applyS / floor.floorS : null;
  const judged = ratio === null ? 'not throttle-bound (n/a)' : ratio <= 1.2 ? 'ok' : 'MISSED';
  figure(
    `applying ${ids.length} removals under realistic throttling`,
    `${applyS.toFixed(1)} s (close → completed ${wallS.toFixed(1)} s) vs floor ${floor.floorS.toFixed(1)} s = ` +
      `${ratio === null ? 'n/a' : ratio.toFixed(2)}× — ${judged}; ` +
      `${delta.requests} requests (${delta.writes} writes, ${delta.resourceUnits} RU, ${delta.throttled} answered 429); ` +
      `floor = max over the tenant's buckets of (demand − capacity) / refill rate, buckets full at the start ` +
      `(binding: ${floor.bindingLimit}; ${limits.pairWrites} writes per ${WINDOWS_MS.pairWrites / 1000} s per app); ` +
      `sustained-rate figure ${floor.sustainedS.toFixed(1)} s`,
    '≤ 1.2 × floor',
    { applyS, wallS, ...floor, ratio, ...delta, byEndpoint },
  );
  console.log(
    `  results of the remove decisions: ${results.map((r) => `${r.apply_result ?? 'none'} ${r.n}`).join(', ')}; ` +
      `simulator memberships ${h.counts.memberships} → ${countsAfter.memberships}`,
  );
  console.log(`  seconds per activity: ${JSON.stringify(history.activitySeconds)}`);
  figure(
    'largest Temporal payload',
    `${(history.maxPayloadBytes / 1024).toFixed(1)} KB (${history.maxPayloadAt}) — ${history.maxPayloadBytes <= 64 * 1024 ? 'ok' : 'MISSED'}`,
    '≤ 64 KB',
    { bytes: history.maxPayloadBytes, at: history.maxPayloadAt },
  );
  figure(
    'campaign workflow history',
    `${history.runs.length} run(s), ${history.totalEvents} events in all, at most ${history.maxRunEvents} in one run ` +
      `(${history.applyWindow?.batches ?? 0} apply batches)`,
    'bounded: continue-as-new keeps each run small',
    history,
  );
}
