import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../api/index.js';
import { temporalClients } from '../../temporal/clients/index.js';
import { createActivities } from '../../activities/index.js';
import type { CatalogDescription } from '../../activities/system.js';
import { MIGRATIONS } from '../../catalog/index.js';
import { loadConfig } from '../../config/index.js';
import { LANTERN_SEARCH_ATTRIBUTES } from '../../temporal/index.js';
import { catalogSelfCheck } from '../../workflows/index.js';
import { ADMIN_TOKEN, openTestCatalog, type TestCatalog } from '../helpers/api-app.js';
import { createTemporalTestEnv, type TemporalTestEnv } from '../helpers/temporal-env.js';

describe('catalogSelfCheck on a real Temporal dev server', () => {
  let temporal: TemporalTestEnv;
  let db: TestCatalog;
  before(async () => {
    [temporal, db] = await Promise.all([createTemporalTestEnv(), openTestCatalog()]);
  });
  after(async () => {
    await temporal?.teardown();
    await db?.close();
  });

  it('registers every Lantern search attribute on the server', async () => {
    const { customAttributes } = await temporal.env.connection.operatorService.listSearchAttributes({
      namespace: temporal.env.namespace ?? 'default',
    });
    const custom = Object.keys(customAttributes ?? {});
    for (const key of LANTERN_SEARCH_ATTRIBUTES) assert.ok(custom.includes(key.name), `${key.name} registered`);
  });

  it('reads the catalog through a worker and returns what it found', async () => {
    const taskQueue = temporal.taskQueue();
    const worker = await temporal.createWorker({ taskQueue, activities: createActivities({ catalog: db.catalog }) });
    const workflowId = temporal.workflowId('test:self-check');
    const result = await worker.runUntil(
      temporal.env.client.workflow.execute(catalogSelfCheck, {
        taskQueue,
        workflowId,
        args: [{ requestedBy: 'test' }],
      }),
    );
    const installId = await db.catalog.db
      .selectFrom('lantern_meta')
      .select('value')
      .where('key', '=', 'install_id')
      .executeTakeFirstOrThrow();
    assert.deepEqual(result, {
      workflowId,
      requestedBy: 'test',
      catalog: {
        kind: 'pglite',
        installId: installId.value,
        latestMigration: Object.keys(MIGRATIONS).sort().at(-1),
        connectorCount: 0,
      },
    });
  });

  it('retries a transient catalog failure instead of failing the check', async () => {
    let calls = 0;
    const flaky = {
      async describeCatalog(): Promise<CatalogDescription> {
        calls += 1;
        if (calls === 1) throw new Error('connection reset');
        return { kind: 'postgres', installId: 'x', latestMigration: null, connectorCount: 7 };
      },
    };
    const taskQueue = temporal.taskQueue();
    const worker = await temporal.createWorker({ taskQueue, activities: flaky });
    const result = await worker.runUntil(
      temporal.env.client.workflow.execute(catalogSelfCheck, {
        taskQueue,
        workflowId: temporal.workflowId('test:self-check'),
        args: [{ requestedBy: 'test' }],
      }),
    );
    assert.equal(calls, 2);
    assert.equal(result.catalog.connectorCount, 7);
  });

  it('runs end to end from the admin API through Temporal and a worker to the catalog', async () => {
    const taskQueue = temporal.taskQueue();
    const config = loadConfig({
      env: { LANTERN_ADMIN_TOKENS: ADMIN_TOKEN, LOG_LEVEL: 'silent', LANTERN_TASK_QUEUE: taskQueue },
    });
    const app = await buildApp({
      config,
      catalog: db.catalog,
      temporal: temporalClients(temporal.env.client, taskQueue),
    });
    const worker = await temporal.createWorker({ taskQueue, activities: createActivities({ catalog: db.catalog }) });
    try {
      const response = await worker.runUntil(
        app.inject({
          method: 'POST',
          url: '/api/v1/system/self-check',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-request-id': 'e2e-1' },
        }),
      );
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json().requestedBy, 'admin-token#1');
      assert.match(response.json().workflowId, /^system:self-check:e2e-1:/);
      const ready = await app.inject({ url: '/readyz' });
      assert.deepEqual(ready.json(), { status: 'ready', checks: { temporal: 'ok', catalog: 'ok' } });
    } finally {
      await app.close();
    }
  });
});
