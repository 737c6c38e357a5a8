// npm run bench:jit -- --grants <N> [--size S|M|L] [--duration <s>] [--db pglite|postgres] [--stages <1-5>]
// N concurrent just-in-time grants (directory roles, approval required) against the simulator (own process, throttling
// off) on the real dev server and a PGlite (default) or PostgreSQL catalog. Every request is approved at once; figures
// come from the audit log: approval → provisioned latency and expiry → deprovisioned lateness (p50/p99, to the moment
// Graph confirmed), plus the worker's peak RSS and one grant's history length. The last line is one JSON object.
// --stages N: a policy v2 with N approval stages instead (bench/jit-stages.ts): approval → provisioned then counts from
// the last stage's quorum, and the stage-1 approval → last quorum round trips are reported too.
// --db postgres: BENCH_DATABASE_URL (or TEST_DATABASE_URL), else a throwaway cluster (scripts/test-postgres.sh).
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { openCatalog } from '../catalog/index.js';
import { createAccessActivities } from '../activities/access/index.js';
import { createTenantGraph } from '../entra/tenant-graph.js';
import { collectAll } from '../entra/paging.js';
import { trustExtraCertificateAuthority } from '../entra/extra-ca.js';
import { accessTemporal } from '../temporal/clients/access.js';
import type { AccessGrantInput } from '../workflows/access/messages.js';
import { createTempDir } from '../test/helpers/temp-dir.js';
import { createTestPostgres } from '../test/helpers/postgres.js';
import { startSimulatorProcess } from './simulator-process.js';
import { peakRss } from './peak-rss.js';
import { startBenchWorker } from './bench-worker.js';
import { historyFigures } from './history-figures.js';
import { expiryBreakdown, type ExpiryStep } from './expiry-breakdown.js';
import { type ResolvedConnector, DEFAULT_SYNC_OPTIONS } from '../domain/connector.js';
import { approveStageByStage, checkStageAudit, parseStages, stagedPolicy } from './jit-stages.js';
import { ensurePostgresServer } from './postgres-server.js';

const { values: args } = parseArgs({
  options: {
    grants: { type: 'string', default: '200' },
    size: { type: 'string', default: 'M' },
    duration: { type: 'string', default: '10' },
    db: { type: 'string', default: 'pglite' },
    stages: { type: 'string' },
  },
});
const grants = Number(args.grants);
const stageCount = parseStages(args.stages);
const durationSeconds = Number(args.duration);

const sim = await startSimulatorProcess({ size: args.size!, throttle: 'off', seed: 1 });
trustExtraCertificateAuthority(sim.info.caCertPath);
const tenant = sim.info.tenants[0]!;
await sim.control('POST', `/tenants/${tenant.id}/consent`);
const dir = await createTempDir('lantern-bench-jit-');
// PostgreSQL: a fresh database on the given (or a throwaway) server for each run, dropped at the end.
const pgServer = args.db === 'postgres' ? ensurePostgresServer() : undefined;
const pg = pgServer ? await createTestPostgres() : undefined;
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
const tenantGraph = createTenantGraph({
  credentials: { clientId: sim.info.appReadWrite.clientId, clientSecret: sim.info.appReadWrite.clientSecret },
});

// Pairs (user, role) nobody holds yet, so every grant really provisions and deprovisions.
const graph = tenantGraph.client({ tenantId: tenant.id, cloud: connector.cloud }).client;
const users = await collectAll<{ id: string; userPrincipalName: string }>(
  graph,
  '/users?$top=999&$select=id,userPrincipalName',
);
const roles = (await collectAll<{ templateId: string }>(graph, '/roleManagement/directory/roleDefinitions')).map(
  (r) => r.templateId,
);
const held = new Set(
  (
    await collectAll<{ principalId: string; roleDefinitionId: string }>(
      graph,
      '/roleManagement/directory/roleAssignments?$top=999',
    )
  ).map((a) => `${a.principalId}|${a.roleDefinitionId}`),
);
const pairs: { user: { id: string; userPrincipalName: string }; role: string }[] = [];
for (const role of roles)
  for (const user of users) if (pairs.length < grants && !held.has(`${user.id}|${role}`)) pairs.push({ user, role });
if (pairs.length < grants)
  throw new Error(`Only ${pairs.length} free (user, role) pairs in a size ${args.size} tenant; use a larger --size`);

const taskQueue = 'bench-jit';
const { env, worker } = await startBenchWorker({
  dir: dir.path,
  taskQueue,
  activities: createAccessActivities({ catalog, tenantGraph, loadConnector: async () => connector }),
});
const rss = peakRss();
const access = accessTemporal(env.client, taskQueue);
const APPROVER = 'bench-approver';

const approvedAt = new Map<string, number>();
const stageQuorumMs: number[] = [];
const started = performance.now();
await worker.runUntil(async () => {
  await Promise.all(
    pairs.map(async ({ user, role }) => {
      const input: AccessGrantInput = {
        connectorId: connector.id,
        entitlementId: `role:${role}:member`,
        principalId: user.id,
        principalUpn: user.userPrincipalName,
        policy: stageCount
          ? stagedPolicy(stageCount, 600)
          : {
              maxDurationSeconds: 3600,
              approvalRequired: true,
              approverIds: [APPROVER],
              requestTimeoutSeconds: 600,
              extensionNeedsApproval: false,
            },
        request: { requestId: randomUUID(), requesterId: user.id, durationSeconds, justification: 'bench' },
      };
      const { workflowId } = await access.request(input);
      if (stageCount) {
        const { firstSentAtMs, finalApprovedAtMs } = await approveStageByStage(access, input);
        stageQuorumMs.push(finalApprovedAtMs - firstSentAtMs);
        approvedAt.set(workflowId, finalApprovedAtMs);
        return;
      }
      await access.approve(input, { approverId: APPROVER });
      approvedAt.set(workflowId, Date.now());
    }),
  );
  // Done when every grant has ended (the catalog row says so; no sleeps as synchronisation of results).
  for (;;) {
    const { n } = await catalog.db
      .selectFrom('access_grants')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('stage', '=', 'ended')
      .executeTakeFirstOrThrow();
    if (Number(n) >= pairs.length) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
});
const wallS = (performance.now() - started) / 1000;

const rows = await catalog.db
  .selectFrom('audit_log')
  .select(['subject', 'action', 'at', 'detail'])
  .where('action', 'in', ['graph.access_added', 'graph.access_removed', 'access.expired'])
  .execute();
const provisionMs: number[] = [];
const latenessMs: number[] = [];
// "Provisioned" and "deprovisioned" are the moments Graph confirmed the change (recorded by the activity), not the
// catalog write that follows them; both clocks are this machine's.
const confirmed = (row: (typeof rows)[number]) =>
  typeof row.detail.confirmedAt === 'string' ? Date.parse(row.detail.confirmedAt) : row.at.getTime();
const addedAt = new Map<string, number>();
const removals: { workflowId: string; expiresAtMs: number; confirmedAtMs: number }[] = [];
for (const row of rows) {
  if (row.action === 'graph.access_added') {
    addedAt.set(row.subject!, confirmed(row));
    provisionMs.push(confirmed(row) - approvedAt.get(row.subject!)!);
  }
  if (row.action === 'graph.access_removed') {
    const expiresAtMs = Date.parse(String(row.detail.expiresAt));
    removals.push({ workflowId: row.subject!, expiresAtMs, confirmedAtMs: confirmed(row) });
    latenessMs.push(confirmed(row) - expiresAtMs);
  }
}
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : 0;
};
console.log(
  `grants ${pairs.length}, duration ${durationSeconds}s, wall ${wallS.toFixed(1)} s; provisioned ${provisionMs.length}, deprovisioned ${latenessMs.length}`,
);
console.log(`memory at the peak (MB): ${JSON.stringify(rss.atPeak())}`);
const stageAuditMismatch = stageCount ? await checkStageAudit(catalog.db, stageCount, pairs.length) : '';
if (stageCount)
  console.log(
    `${stageCount} stages: stage-1 approval → last stage's quorum (update round trips) p50 ${pct(stageQuorumMs, 50)} ms p99 ${pct(stageQuorumMs, 99)} ms; ` +
      `final approval → provisioned p50 ${pct(provisionMs, 50)} ms p99 ${pct(provisionMs, 99)} ms; ` +
      `stage audit rows ${stageAuditMismatch ? `WRONG: ${stageAuditMismatch}` : 'as expected'}`,
  );

// Where the lateness goes, from a sample of histories (every 10th removal).
const steps: ExpiryStep[] = [];
for (const removal of removals.filter((_, i) => i % 10 === 0)) {
  const step = await expiryBreakdown(env.client, removal.workflowId, {
    ...removal,
    addedAtMs: addedAt.get(removal.workflowId)!,
  });
  if (step) steps.push(step);
}
const stepFigures = (key: keyof ExpiryStep) =>
  `${key} p50 ${pct(
    steps.map((s) => s[key]),
    50,
  )} p99 ${pct(
    steps.map((s) => s[key]),
    99,
  )}`;
console.log(
  `expiry → removal, ${steps.length} sampled: ${(['timerStartedAfterProvisionMs', 'timerLateMs', 'removalStartedMs', 'graphMs'] as const).map(stepFigures).join('; ')}`,
);

// One grant's history: every lifecycle has the same shape, so one is representative.
const history = await historyFigures(env.client, [...approvedAt.keys()][0]!);
await env.teardown();
await catalog.close();
await pg?.drop();
pgServer?.stop();
await sim.stop();
await dir.remove();
console.log(
  JSON.stringify({
    grants: pairs.length,
    db: catalog.kind,
    duration_s: durationSeconds,
    wall_s: Math.round(wallS * 10) / 10,
    provision_p50_ms: pct(provisionMs, 50),
    provision_p99_ms: pct(provisionMs, 99),
    expiry_lateness_p50_ms: pct(latenessMs, 50),
    expiry_lateness_p99_ms: pct(latenessMs, 99),
    worker_rss_mb: rss.peakMb(),
    history_events: history.events,
    ...(stageCount
      ? {
          stages: stageCount,
          stage_quorum_p50_ms: pct(stageQuorumMs, 50),
          stage_quorum_p99_ms: pct(stageQuorumMs, 99),
          stage_audit_ok: !stageAuditMismatch,
        }
      : {}),
  }),
);
