// npm run bench:sync -- --size <S|M|L|XL> [--throttle off|realistic|strict] [--db pglite|postgres] [--seed N]
// Syncs a simulated tenant (simulator in its own process, so this process's RSS is the worker's), then churns 1 % of
// it and runs the delta sync. Prints requests by endpoint, resource units, the RU floor, wall time, 429s, peak RSS,
// largest activity payload and history size; the last line is one JSON object.
import { parseArgs } from 'node:util';
import { openCatalog } from '../catalog/index.js';
import { createSyncActivities } from '../activities/sync/index.js';
import { createTenantGraph } from '../entra/tenant-graph.js';
import { createGraphStats } from '../entra/graph-stats.js';
import { trustExtraCertificateAuthority } from '../entra/extra-ca.js';
import { resourceUnitQuotaPer10s } from '../entra/resource-units.js';
import { SYNC_WORKFLOW_TYPE, type SyncTenantResult } from '../workflows/sync/messages.js';
import { createTempDir } from '../test/helpers/temp-dir.js';
import { createTestPostgres } from '../test/helpers/postgres.js';
import { startSimulatorProcess, type SimulatorProcess } from './simulator-process.js';
import { churnTenant } from './churn.js';
import { historyFigures } from './history-figures.js';
import { peakRss } from './peak-rss.js';
import { startBenchWorker } from './bench-worker.js';
import { type ResolvedConnector, DEFAULT_SYNC_OPTIONS } from '../domain/connector.js';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: 'S' },
    throttle: { type: 'string', default: 'realistic' },
    db: { type: 'string', default: 'pglite' },
    seed: { type: 'string', default: '1' },
    churn: { type: 'string', default: '0.01' },
  },
});

const sim: SimulatorProcess = await startSimulatorProcess({
  size: args.size!,
  throttle: args.throttle!,
  seed: Number(args.seed),
});
trustExtraCertificateAuthority(sim.info.caCertPath);
const tenant = sim.info.tenants[0]!;
await sim.control('POST', `/tenants/${tenant.id}/consent`);
const counts = await sim.control<{ users: number }>('GET', `/tenants/${tenant.id}/counts`);

const dir = await createTempDir('lantern-bench-');
// PostgreSQL: a fresh database on the given server for each run, dropped at the end.
process.env.TEST_DATABASE_URL ??= process.env.BENCH_DATABASE_URL;
if (args.db === 'postgres' && !process.env.TEST_DATABASE_URL)
  throw new Error('--db postgres needs BENCH_DATABASE_URL (or TEST_DATABASE_URL)');
const pg = args.db === 'postgres' ? await createTestPostgres() : undefined;
const catalog = await openCatalog({ dataDir: dir.path, ...(pg ? { databaseUrl: pg.url } : {}) });
const connector: ResolvedConnector = {
  id: `bench-${Date.now()}`,
  tenantId: tenant.id,
  options: DEFAULT_SYNC_OPTIONS,
  cloud: {
    authorityHost: sim.info.authorityHost,
    graphBaseUrl: sim.info.graphBaseUrl,
    graphScope: 'https://graph.microsoft.com/.default',
  },
};
await catalog.db
  .insertInto('connectors')
  .values({ id: connector.id, display_name: 'bench', tenant_id: tenant.id })
  .execute();

const observer = createGraphStats();
const tenantGraph = createTenantGraph({
  credentials: { clientId: sim.info.app.clientId, clientSecret: sim.info.app.clientSecret },
  observer,
});
const taskQueue = 'bench-sync';
const { env, worker } = await startBenchWorker({
  dir: dir.path,
  taskQueue,
  activities: createSyncActivities({ catalog, tenantGraph, loadConnector: async () => connector }),
});
const baselineRssMb = process.memoryUsage().rss / 1024 / 1024;
const rss = peakRss();

async function timedSync(label: string): Promise<{ result: SyncTenantResult; wallS: number; workflowId: string }> {
  const workflowId = `connector:${connector.id}:sync:${label}`;
  const started = performance.now();
  const result = (await env.client.workflow.execute(SYNC_WORKFLOW_TYPE, {
    taskQueue,
    workflowId,
    args: [{ connectorId: connector.id }],
  })) as SyncTenantResult;
  return { result, wallS: (performance.now() - started) / 1000, workflowId };
}

const figures = await worker.runUntil(async () => {
  const full = await timedSync('full');
  const fullByEndpoint = observer.snapshot().byEndpoint;
  const churned = await churnTenant(sim, tenant.id, Number(args.churn));
  const delta = await timedSync('delta');
  return { full, fullByEndpoint, churned, delta };
});

const { full, delta } = figures;
const ruPerSecond = args.throttle === 'off' ? Infinity : resourceUnitQuotaPer10s(counts.users) / 10;
const floorS = full.result.resourceUnits / ruPerSecond;
const history = await historyFigures(env.client, full.workflowId);
console.log(`\nrequests by endpoint (full sync, ${args.size}, throttle ${args.throttle}, ${catalog.kind}):`);
for (const [endpoint, n] of Object.entries(figures.fullByEndpoint).sort((a, b) => b[1] - a[1]))
  console.log(`  ${String(n).padStart(7)}  ${endpoint}`);
console.log(
  `full: ${full.result.requests} requests, ${full.result.resourceUnits} RU, ${full.result.throttled} throttled, ${full.wallS.toFixed(1)} s (floor ${floorS.toFixed(1)} s)`,
);
console.log(
  `delta after ${figures.churned} changes: ${delta.result.requests} requests in ${delta.wallS.toFixed(1)} s (${delta.result.mode})`,
);
console.log(`catalog counts: ${JSON.stringify(full.result.counts)}`);
console.log(`full sync seconds per activity: ${JSON.stringify(history.activitySeconds)}`);
console.log(`memory at the peak (MB): ${JSON.stringify(rss.atPeak())}`);

await env.teardown();
await catalog.close();
await pg?.drop();
await sim.stop();
await dir.remove();
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
console.log(
  JSON.stringify({
    size: args.size,
    throttle: args.throttle,
    db: catalog.kind,
    users: counts.users,
    requests: full.result.requests,
    resource_units: full.result.resourceUnits,
    ru_floor_s: Number.isFinite(floorS) ? round(floorS) : 0,
    wall_s: round(full.wallS),
    wall_over_floor: Number.isFinite(floorS) && floorS > 0 ? round(full.wallS / floorS) : null,
    throttled: full.result.throttled,
    throttled_pct: round((100 * full.result.throttled) / Math.max(1, full.result.requests)),
    worker_rss_mb: round(rss.peakMb(), 0),
    worker_rss_idle_mb: round(baselineRssMb, 0),
    max_payload_kb: round(history.maxPayloadBytes / 1024),
    history_events: history.events,
    delta_requests: delta.result.requests,
    delta_request_ratio: round(delta.result.requests / Math.max(1, full.result.requests), 4),
    delta_wall_s: round(delta.wallS),
    churned_objects: figures.churned,
  }),
);
