// A Temporal outage while the API runs: a real dev server is stopped under a running API, and every route that needs
// Temporal answers 503 with Retry-After within seconds (not a 500 after the SDK's ~19 s of retries), while the
// connector read still shows the catalog part and says the schedule state is unknown.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@temporalio/client';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { temporalClients } from '../../temporal/clients/index.js';
import { onboardingTemporal } from '../../temporal/clients/onboarding.js';
import { loadConfig } from '../../config/index.js';
import { connectClient } from '../../temporal/index.js';
import { groupRow, userRow } from '../helpers/catalog-rows.js';
import { authHeader, buildTestApp, openTestCatalog, type TestCatalog } from '../helpers/api-app.js';
import { testOnboardingDeps } from '../helpers/onboarding-fakes.js';
import { createTemporalTestEnv, type TemporalTestEnv } from '../helpers/temporal-env.js';

const C = 'c-outage';
const ENTITLEMENT = 'group:g1:member';
const FAST_ENOUGH_MS = 5_000;

describe('a Temporal outage while the API runs', { timeout: 120_000 }, () => {
  let temporal: TemporalTestEnv | undefined;
  let db: TestCatalog;
  let client: Client;
  let app: FastifyInstance;

  before(async () => {
    [temporal, db] = await Promise.all([createTemporalTestEnv(), openTestCatalog()]);
    await seedCatalog(db);
    const config = loadConfig({
      env: {
        TEMPORAL_ADDRESS: temporal.env.address,
        TEMPORAL_NAMESPACE: temporal.env.namespace ?? 'default',
        LOG_LEVEL: 'silent',
      },
    });
    // The API's own connection settings (as api/main.ts makes them), pointed at the test server.
    client = await connectClient(config, { lazy: true, bounded: true });
    const taskQueue = temporal.taskQueue();
    app = await buildTestApp(db.catalog, {
      temporal: temporalClients(client, taskQueue),
      onboarding: testOnboardingDeps(onboardingTemporal(client, taskQueue)),
    });
  });
  after(async () => {
    await app?.close();
    await client?.connection.close();
    await temporal?.teardown();
    await db?.close();
  });

  const timed = async (options: InjectOptions) => {
    const started = Date.now();
    const response = await app.inject(options);
    return { response, ms: Date.now() - started };
  };

  it('answers 503 with Retry-After within seconds for an access request, a sync and a setup status; the connector read degrades', async () => {
    const ready = await app.inject({ url: '/readyz' });
    assert.equal(ready.statusCode, 200, `Temporal is up before the outage: ${ready.body}`);
    await app.inject({ url: `/api/v1/onboardings/${C}`, headers: authHeader }); // the connection has been used
    const server = temporal!;
    temporal = undefined;
    await server.teardown();

    const calls = {
      accessRequest: {
        method: 'POST' as const,
        url: `/api/v1/connectors/${C}/access-requests`,
        headers: authHeader,
        payload: { entitlementId: ENTITLEMENT, principalId: 'u1', durationSeconds: 600, justification: 'incident 42' },
      },
      syncNow: { method: 'POST' as const, url: `/api/v1/connectors/${C}/sync`, headers: authHeader },
      setupStatus: { method: 'GET' as const, url: `/api/v1/onboardings/${C}`, headers: authHeader },
    };
    for (const [name, call] of Object.entries(calls)) {
      const { response, ms } = await timed(call);
      assert.equal(response.statusCode, 503, `${name}: ${response.body}`);
      assert.equal(response.json().error.code, 'temporal_unavailable', name);
      assert.match(String(response.headers['retry-after']), /^\d+$/, `${name} says when to retry`);
      assert.ok(ms < FAST_ENOUGH_MS, `${name} answered after ${ms} ms`);
    }
    const { response: read, ms } = await timed({ url: `/api/v1/connectors/${C}`, headers: authHeader });
    assert.equal(read.statusCode, 200, read.body);
    assert.equal(read.json().displayName, 'Outage Co');
    assert.match(read.json().scheduleError, /Temporal did not answer/);
    assert.ok(ms < FAST_ENOUGH_MS, `the connector read answered after ${ms} ms`);
    assert.equal(
      (await db.catalog.db.selectFrom('access_grants').select('workflow_id').execute()).length,
      0,
      'nothing recorded',
    );
  });
});

async function seedCatalog(db: TestCatalog): Promise<void> {
  const k = db.catalog.db;
  const generation = 1;
  await k
    .insertInto('connectors')
    .values({
      id: C,
      display_name: 'Outage Co',
      tenant_id: '11111111-2222-4333-8444-555555555555',
      status: 'connected',
    })
    .execute();
  await k
    .insertInto('principals')
    .values(userRow(C, 'u1', { displayName: 'Ada', upn: 'ada@outage.example', generation }))
    .execute();
  await k
    .insertInto('resources')
    .values(groupRow(C, 'g1', { displayName: 'Ops', generation }))
    .execute();
  await k
    .insertInto('entitlements')
    .values({
      connector_id: C,
      id: ENTITLEMENT,
      resource_id: 'g1',
      resource_type: 'group',
      kind: 'member',
      display_name: 'Ops member',
      immutable: false,
      generation,
    })
    .execute();
  await k
    .insertInto('access_policies')
    .values({
      connector_id: C,
      entitlement_id: '',
      max_duration_seconds: 3600,
      approval_required: false,
      request_timeout_seconds: 600,
      extension_needs_approval: false,
    })
    .execute();
}
