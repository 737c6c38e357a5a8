// The admin side of onboarding through the API and a real Temporal server (stubbed activities): create, status,
// resend, cancel, and restart of an expired setup; search attributes an operator filters on.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { onboardingTemporal } from '../../temporal/clients/onboarding.js';
import { onboardingWorkflowId } from '../../workflows/onboarding/messages.js';
import { authHeader, buildTestApp, openTestCatalog, type TestCatalog } from '../helpers/api-app.js';
import { testOnboardingDeps } from '../helpers/onboarding-fakes.js';
import { createTemporalTestEnv, type TemporalTestEnv } from '../helpers/temporal-env.js';
import { codecClient, dataConverter, stubActivities } from './workflow-harness.js';

describe('onboarding admin API', { timeout: 120_000 }, () => {
  let temporal: TemporalTestEnv;
  let db: TestCatalog;
  let app: FastifyInstance;
  const activities = stubActivities();
  let stopWorker: () => Promise<void>;
  let client: ReturnType<typeof codecClient>;
  before(async () => {
    [temporal, db] = await Promise.all([createTemporalTestEnv(), openTestCatalog()]);
    const taskQueue = temporal.taskQueue();
    client = codecClient(temporal);
    const worker = await temporal.createWorker({ taskQueue, activities, dataConverter });
    const running = worker.run();
    stopWorker = async () => {
      worker.shutdown();
      await running;
    };
    const onboarding = testOnboardingDeps(onboardingTemporal(client, taskQueue), {
      // Setups expire within the suite, so restarting an expired one can be shown.
      timings: { reminderIntervalSeconds: 3600, reminderCount: 0, expirySeconds: 2, permissionCheckAttempts: 1 },
    });
    app = await buildTestApp(db.catalog, { onboarding });
  });
  after(async () => {
    await app?.close();
    await stopWorker?.();
    await temporal?.teardown();
    await db?.close();
  });

  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, headers: authHeader, ...(payload ? { payload } : {}) });

  it('creates the connector and its onboarding, findable by ConnectorId and Stage', async () => {
    const created = await call('POST', '/api/v1/onboardings', {
      displayName: 'Fabrikam',
      owners: ['owner@fabrikam.example'],
    });
    assert.equal(created.statusCode, 201, created.body);
    const { connectorId, workflowId } = created.json();
    assert.equal(workflowId, onboardingWorkflowId(connectorId));
    const row = await db.catalog.db
      .selectFrom('connectors')
      .selectAll()
      .where('id', '=', connectorId)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'onboarding');
    assert.equal(row.tenant_id, null);
    const status = await call('GET', `/api/v1/onboardings/${connectorId}`);
    assert.equal(status.json().displayName, 'Fabrikam');
    const description = await client.workflow.getHandle(workflowId).describe();
    assert.equal(
      description.typedSearchAttributes.getAll().find((p) => p.key.name === 'ConnectorId')?.value,
      connectorId,
    );
    assert.equal(await description.staticSummary(), 'Onboard Fabrikam (1 owner(s))');
  });

  it('refuses an owner list without a valid email address', async () => {
    const response = await call('POST', '/api/v1/onboardings', { displayName: 'X', owners: ['not-an-email'] });
    assert.equal(response.statusCode, 400);
  });

  it('restarts an expired setup as a new run, and refuses to restart one that is still running', async () => {
    const { connectorId, workflowId } = (
      await call('POST', '/api/v1/onboardings', { displayName: 'Expiring', owners: ['o@x.example'] })
    ).json();
    const tooEarly = await call('POST', `/api/v1/onboardings/${connectorId}/restart`);
    assert.equal(tooEarly.statusCode, 409);
    await client.workflow.getHandle(workflowId).result();
    assert.equal((await call('GET', `/api/v1/onboardings/${connectorId}`)).json().stage, 'expired');
    const restarted = await call('POST', `/api/v1/onboardings/${connectorId}/restart`);
    assert.equal(restarted.statusCode, 201, restarted.body);
    const stage = (await call('GET', `/api/v1/onboardings/${connectorId}`)).json().stage;
    assert.ok(['notifying_owners', 'awaiting_first_login'].includes(stage), stage);
    await call('POST', `/api/v1/onboardings/${connectorId}/cancel`, { reason: 'test' });
    assert.deepEqual(await client.workflow.getHandle(workflowId).result(), { stage: 'cancelled', tenantId: null });
  });

  it('answers 404 to resend for a connector without an onboarding', async () => {
    assert.equal((await call('POST', '/api/v1/onboardings/nope/resend')).statusCode, 404);
  });
});
