// The production worker (worker/main.ts) in child processes against PostgreSQL, killed with SIGKILL at seeded random
// moments while a sync runs. The simulator is throttled strictly so the sync lasts long enough to be interrupted.
import type { ChildProcess } from 'node:child_process';
import { openCatalog } from '../../catalog/index.js';
import { SYNC_WORKFLOW_TYPE, type SyncTenantResult } from '../../workflows/sync/messages.js';
import { startTestSimulator } from '../simulator/clients.js';
import { createTestPostgres, postgresSkipReason, requirePostgresInCi } from '../helpers/postgres.js';
import { createTempDir } from '../helpers/temp-dir.js';
import type { TemporalTestEnv } from '../helpers/temporal-env.js';
import { productionWorkers } from './production-workers.js';
import { catalogFigures, expectedFigures, type DirectoryFigures } from './ground-truth.js';

requirePostgresInCi();
export const killedWorkerSkipReason = postgresSkipReason;

export async function runKilledWorkerScenario(
  temporal: TemporalTestEnv,
  options: { seed: number; kills: number },
): Promise<{
  figures: DirectoryFigures;
  expected: DirectoryFigures;
  kills: number;
  result: SyncTenantResult;
}> {
  const pg = await createTestPostgres();
  const dir = await createTempDir('lantern-killed-worker-');
  const sim = await startTestSimulator({ size: 'S', seed: options.seed, throttle: 'strict' });
  const catalog = await openCatalog({ databaseUrl: pg.url, dataDir: dir.path });
  let stopWorkers = () => {};
  try {
    const tenantId = sim.tenants[0]!.id;
    const connectorId = `killed-${options.seed}`;
    await catalog.db
      .insertInto('connectors')
      .values({ id: connectorId, display_name: 'Killed worker', tenant_id: tenantId, status: 'connected' })
      .execute();
    const workers = await productionWorkers({ temporal, sim, databaseUrl: pg.url, dataDir: dir.path });
    const { taskQueue } = workers;
    const startWorker = () => workers.start();
    stopWorkers = () => workers.killAll();
    const handle = await temporal.env.client.workflow.start(SYNC_WORKFLOW_TYPE, {
      taskQueue,
      workflowId: temporal.workflowId(`connector:${connectorId}:sync`),
      // A killed worker's activity moves to the next worker once this much time passes without a heartbeat.
      args: [{ connectorId, stageHeartbeatTimeoutSeconds: 10 }],
    });
    let kills = 0;
    let random = options.seed;
    for (let i = 0; i < options.kills; i++) {
      const child = startWorker();
      random = (random * 1103515245 + 12345) % 2 ** 31;
      // Let the worker get into the sync (start-up takes a few seconds), then kill it somewhere in the next few.
      await waitForProgress(catalog, connectorId, i + 1);
      await delay(200 + (random % 3000));
      if (await isRunning(handle)) {
        child.kill('SIGKILL');
        kills++;
        await exited(child);
      }
    }
    startWorker();
    const result = (await handle.result()) as SyncTenantResult;
    const figures = await catalogFigures(catalog, connectorId);
    return { figures, expected: expectedFigures(sim.store.tenant(tenantId)!), kills, result };
  } finally {
    stopWorkers();
    await catalog.close();
    await sim.close();
    await pg.drop();
    await dir.remove();
  }
}

/** Waits until the catalog shows that round `round` of the sync has written something new. */
async function waitForProgress(
  catalog: Awaited<ReturnType<typeof openCatalog>>,
  connectorId: string,
  round: number,
): Promise<void> {
  const target = round === 1 ? 1 : (await countRows(catalog, connectorId)) + 1;
  for (let waited = 0; waited < 120_000; waited += 100) {
    if ((await countRows(catalog, connectorId)) >= target) return;
    await delay(100);
  }
  throw new Error('the sync made no progress within two minutes');
}

async function countRows(catalog: Awaited<ReturnType<typeof openCatalog>>, connectorId: string): Promise<number> {
  const row = await catalog.db
    .selectFrom('principals')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('connector_id', '=', connectorId)
    .executeTakeFirstOrThrow();
  const grants = await catalog.db
    .selectFrom('grants')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('connector_id', '=', connectorId)
    .executeTakeFirstOrThrow();
  return Number(row.n) + Number(grants.n);
}

async function isRunning(handle: { describe(): Promise<{ status: { name: string } }> }): Promise<boolean> {
  return (await handle.describe()).status.name === 'RUNNING';
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
