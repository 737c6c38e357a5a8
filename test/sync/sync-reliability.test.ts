// The sync under adversity: a Graph fault storm, strict throttling, and a worker process killed with SIGKILL at
// random points. Each ends with the catalog equal to the simulator's ground truth.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTemporalTestEnv, type TemporalTestEnv } from '../helpers/temporal-env.js';
import { createSyncHarness } from './sync-harness.js';
import { catalogFigures, expectedFigures } from './ground-truth.js';

let temporal: TemporalTestEnv;
before(async () => {
  temporal = await createTemporalTestEnv();
});
after(async () => {
  await temporal?.teardown();
});

test('a sync through a 20 % Graph fault storm (5xx, slow responses, dropped connections) still matches the tenant', async () => {
  const h = await createSyncHarness(temporal, { simulator: { size: 'S', seed: 11, faults: { rate: 0.2, seed: 11 } } });
  try {
    const result = await h.sync();
    assert.equal(result.mode, 'full');
    assert.deepEqual(
      await catalogFigures(h.catalog, h.connector.id),
      expectedFigures(h.sim.store.tenant(h.connector.tenantId)!),
    );
  } finally {
    await h.close();
  }
});

test('under strict throttling the sync is throttled, honours Retry-After and still matches the tenant', async () => {
  const h = await createSyncHarness(temporal, { simulator: { size: 'S', seed: 12, throttle: 'strict' } });
  try {
    const result = await h.sync();
    assert.ok(result.throttled > 0, 'strict limits are below what a sync needs, so some requests are throttled');
    assert.deepEqual(
      await catalogFigures(h.catalog, h.connector.id),
      expectedFigures(h.sim.store.tenant(h.connector.tenantId)!),
    );
  } finally {
    await h.close();
  }
});

describe('a sync whose worker is killed', { concurrency: false }, () => {
  test('resumes on a new worker process and the catalog equals the tenant', async (t) => {
    const { runKilledWorkerScenario, killedWorkerSkipReason } = await import('./killed-worker.js');
    if (killedWorkerSkipReason) return t.skip(killedWorkerSkipReason);
    const { figures, expected, kills, result } = await runKilledWorkerScenario(temporal, { seed: 21, kills: 2 });
    assert.ok(kills >= 1, 'the worker was killed while the sync ran');
    assert.equal(result.mode, 'full');
    assert.deepEqual(figures, expected);
  });
});
