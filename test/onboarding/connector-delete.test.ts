// Deleting a connector whose setup is still running, through the API and a real Temporal server (stubbed activities):
// the onboarding workflow ends, the emailed setup link shows a refusal instead of step 1, and the audit log says who.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { connectorTemporal } from '../../temporal/clients/connectors.js';
import type { OnboardingDeps } from '../../api/onboarding/deps.js';
import { onboardingTemporal } from '../../temporal/clients/onboarding.js';
import { createLinkSigner } from '../../lib/links/signer.js';
import { setupLinkPath } from '../../lib/links/setup.js';
import { onboardingWorkflowId } from '../../workflows/onboarding/messages.js';
import { authHeader, buildTestApp, openTestCatalog, stubTemporal, type TestCatalog } from '../helpers/api-app.js';
import { createTemporalTestEnv, type TemporalTestEnv } from '../helpers/temporal-env.js';
import { codecClient, dataConverter, stubActivities } from './workflow-harness.js';

const OWNER = 'owner@fabrikam.example';

describe('deleting a connector during its setup', { timeout: 120_000 }, () => {
  let temporal: TemporalTestEnv;
  let db: TestCatalog;
  let app: FastifyInstance;
  let stopWorker: () => Promise<void>;
  let client: ReturnType<typeof codecClient>;
  const links = createLinkSigner(randomBytes(32));

  before(async () => {
    [temporal, db] = await Promise.all([createTemporalTestEnv(), openTestCatalog()]);
    const taskQueue = temporal.taskQueue();
    client = codecClient(temporal);
    const worker = await temporal.createWorker({ taskQueue, activities: stubActivities(), dataConverter });
    const running = worker.run();
    stopWorker = async () => {
      worker.shutdown();
      await running;
    };
    const onboarding: OnboardingDeps = {
      temporal: onboardingTemporal(client, taskQueue),
      oauth: null,
      links,
      publicUrl: 'http://127.0.0.1:1',
      linkTtlSeconds: 600,
      signInTtlSeconds: 60,
      timings: { reminderIntervalSeconds: 3600, reminderCount: 0, expirySeconds: 3600, permissionCheckAttempts: 1 },
      syncStatus: async () => null,
      codec: null,
      codecCorsOrigins: [],
    };
    app = await buildTestApp(db.catalog, {
      onboarding,
      temporal: stubTemporal({ connectors: connectorTemporal(client, taskQueue) }),
    });
  });
  after(async () => {
    await app?.close();
    await stopWorker?.();
    await temporal?.teardown();
    await db?.close();
  });

  it('ends the onboarding workflow, refuses the emailed setup link, and audits the delete', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/onboardings',
      headers: authHeader,
      payload: { displayName: 'Fabrikam', owners: [OWNER] },
    });
    assert.equal(created.statusCode, 201, created.body);
    const { connectorId } = created.json() as { connectorId: string };
    const token = links.sign({
      subject: connectorId,
      actor: OWNER,
      purpose: 'setup',
      expiresAtMs: Date.now() + 600_000,
    });
    const setupPage = () => app.inject({ url: `${setupLinkPath(connectorId)}?token=${encodeURIComponent(token)}` });
    const before = await setupPage();
    assert.equal(before.statusCode, 200, before.body);
    assert.match(before.body, /Step 1 of 3/);

    const deleted = await app.inject({
      method: 'DELETE',
      url: `/api/v1/connectors/${connectorId}`,
      headers: authHeader,
    });
    assert.equal(deleted.statusCode, 204, deleted.body);

    const onboarding = await client.workflow.getHandle(onboardingWorkflowId(connectorId)).describe();
    assert.equal(onboarding.status.name, 'TERMINATED');
    const after = await setupPage();
    assert.equal(after.statusCode, 410);
    assert.match(after.body, /This connector was deleted/);
    assert.doesNotMatch(after.body, /Step 1|<form/);
    const signIn = await app.inject({
      method: 'POST',
      url: `${setupLinkPath(connectorId)}/sign-in`,
      payload: { token },
    });
    assert.equal(signIn.statusCode, 410, 'no sign-in starts for a deleted connector');

    const audit = await db.catalog.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('subject', '=', `connector:${connectorId}`)
      .execute();
    assert.deepEqual(audit, [{ action: 'connector.deleted', actor: 'admin-token#1' }]);
    const again = await app.inject({ method: 'DELETE', url: `/api/v1/connectors/${connectorId}`, headers: authHeader });
    assert.equal(again.statusCode, 404);
  });
});
