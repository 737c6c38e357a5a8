// A sync whose worker process is SIGKILLed while its first step waits on Graph (`users/$count`): the step's short
// start-to-close timeout hands it to the next worker within about a minute, not after half an hour.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { openCatalog } from '../../catalog/index.js';
import { SYNC_WORKFLOW_TYPE } from '../../workflows/sync/messages.js';
import { startTestSimulator } from '../simulator/clients.js';
import { createTestPostgres, postgresSkipReason, requirePostgresInCi } from '../helpers/postgres.js';
import { createTempDir } from '../helpers/temp-dir.js';
import { createTemporalTestEnv, type TemporalTestEnv } from '../helpers/temporal-env.js';
import { productionWorkers } from './production-workers.js';

requirePostgresInCi();
let temporal: TemporalTestEnv;
before(async () => {
  temporal = await createTemporalTestEnv();
});
after(async () => {
  await temporal?.teardown();
});

test(
  'a sync whose worker dies inside its first Graph request is retried by another worker within about a minute',
  { timeout: 180_000 },
  async (t) => {
    if (postgresSkipReason) return t.skip(postgresSkipReason);
    const pg = await createTestPostgres();
    const dir = await createTempDir('lantern-first-step-');
    const sim = await startTestSimulator({ size: 'S', seed: 41 });
    const catalog = await openCatalog({ databaseUrl: pg.url, dataDir: dir.path });
    let stopWorkers = () => {};
    try {
      const tenantId = sim.tenants[0]!.id;
      const connectorId = 'first-step';
      await catalog.db
        .insertInto('connectors')
        .values({ id: connectorId, display_name: 'First step', tenant_id: tenantId, status: 'connected' })
        .execute();
      const workers = await productionWorkers({ temporal, sim, databaseUrl: pg.url, dataDir: dir.path });
      const { taskQueue } = workers;
      const startWorker = () => workers.start();
      stopWorkers = () => workers.killAll();

      const held = sim.holdNextRequest({ path: /^\/users\/\$count$/ });
      const first = startWorker();
      const handle = await temporal.env.client.workflow.start(SYNC_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: temporal.workflowId(`connector:${connectorId}:sync`),
        args: [{ connectorId }],
      });
      await held.arrived;
      first.kill('SIGKILL');
      await once(first, 'exit');
      const killedAt = Date.now();
      held.release();
      startWorker();

      await handle.result();
      const resumedAfterMs = Date.now() - killedAt;
      const history = await handle.fetchHistory();
      const beginAttempts = (history.events ?? [])
        .filter((e) => e.activityTaskStartedEventAttributes)
        .map((e) => Number(e.activityTaskStartedEventAttributes!.attempt));
      console.log(
        `# first-step crash: sync finished ${resumedAfterMs} ms after the kill; first activity's recorded attempt ${beginAttempts[0]}`,
      );
      assert.equal(beginAttempts[0], 2, 'the first step ran again on the new worker');
      assert.ok(
        resumedAfterMs < 90_000,
        `the sync finished ${resumedAfterMs} ms after the kill, within about a minute`,
      );
    } finally {
      stopWorkers();
      await catalog.close();
      await sim.close();
      await pg.drop();
      await dir.remove();
    }
  },
);
