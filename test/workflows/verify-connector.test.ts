import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectorTemporal, type ConnectorTemporal } from '../../temporal/clients/connectors.js';
import { createActivities } from '../../activities/index.js';
import { createConnectorActivities } from '../../activities/connectors/index.js';
import { entraAccessFromSettings, loadConfig } from '../../config/index.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempDir } from '../helpers/temp-dir.js';
import { requiredPermissions } from '../../entra/permission-sets.js';
import type { Worker } from '@temporalio/worker';
import type { RunningSimulator } from '../../simulator/index.js';
import { servicePrincipalByAppId } from '../../simulator/model/consent.js';
import { GRAPH_APP_ROLES } from '../../simulator/model/well-known.js';
import type { VerifyConnectorInput } from '../../workflows/connectors/messages.js';
import { startTestSimulator, GRAPH_DEFAULT_SCOPE } from '../simulator/clients.js';
import { authHeader, buildTestApp, openTestCatalog, stubTemporal, type TestCatalog } from '../helpers/api-app.js';
import { createTemporalTestEnv, type TemporalTestEnv } from '../helpers/temporal-env.js';

describe('verifyConnector on a real Temporal dev server against the simulator', () => {
  let temporal: TemporalTestEnv;
  let sim: RunningSimulator;
  let db: TestCatalog;
  let worker: Worker;
  let running: Promise<void>;
  let ops: ConnectorTemporal;
  let taskQueue: string;
  let unconsented: { id: string; domain: string };
  let consented: { id: string; domain: string };

  before(async () => {
    // Two tenants, Lantern consented in all but the first (the simulator's default).
    [temporal, sim, db] = await Promise.all([
      createTemporalTestEnv(),
      startTestSimulator({ tenants: 2, size: 'S', preConsent: undefined }),
      openTestCatalog(),
    ]);
    [unconsented, consented] = sim.tenants as unknown as [typeof unconsented, typeof consented];
    taskQueue = temporal.taskQueue();
    worker = await temporal.createWorker({
      taskQueue,
      activities: createActivities({
        catalog: db.catalog,
        entra: {
          credentials: { clientId: sim.app.clientId, clientSecret: sim.app.clientSecret },
          // readWrite connectors are reached through the second (read-write) app registration.
          readWriteCredentials: { clientId: sim.appReadWrite.clientId, clientSecret: sim.appReadWrite.clientSecret },
          defaultCloud: {
            authorityHost: sim.authorityHost,
            graphBaseUrl: sim.graphBaseUrl,
            graphScope: GRAPH_DEFAULT_SCOPE,
          },
        },
      }),
    });
    running = worker.run();
    ops = connectorTemporal(temporal.env.client, taskQueue);
  });
  after(async () => {
    worker?.shutdown();
    await running;
    await temporal?.teardown();
    await sim?.close();
    await db?.close();
  });

  const input = (tenant: string, extra: Partial<VerifyConnectorInput> = {}): VerifyConnectorInput => ({
    connectorId: `test-${Math.random().toString(36).slice(2)}`,
    tenant,
    cloud: null,
    permissionSet: 'readOnly',
    includeSignInActivity: false,
    ...extra,
  });

  it('verifies a consented tenant and resolves its domain to the tenant GUID', async () => {
    const outcome = await ops.verify(
      input(consented.domain, { permissionSet: 'readWrite', includeSignInActivity: true }),
    );
    assert.ok(outcome.ok);
    assert.equal(outcome.result.consented, true);
    assert.equal(outcome.result.tenantId, consented.id);
    assert.ok(outcome.result.tenantDisplayName);
    assert.deepEqual(outcome.result.missingPermissions, []);
  });

  it('reports every required permission missing in a tenant that never consented', async () => {
    const outcome = await ops.verify(input(unconsented.id));
    assert.ok(outcome.ok);
    assert.equal(outcome.result.consented, false);
    assert.deepEqual(outcome.result.missingPermissions, requiredPermissions({ permissionSet: 'readOnly' }));
  });

  it('names exactly the permissions a tenant withdrew', async () => {
    const tenant = sim.store.tenant(consented.id)!;
    const sp = servicePrincipalByAppId(tenant, sim.app.clientId)!;
    const withdrawn = new Set([GRAPH_APP_ROLES['Directory.Read.All'], GRAPH_APP_ROLES['Synchronization.Read.All']]);
    const removed = [...tenant.appRoleAssignments.values()].filter(
      (a) => a.principalId === sp.id && withdrawn.has(a.appRoleId),
    );
    for (const assignment of removed) tenant.deleteAppRoleAssignment(assignment.id);
    try {
      const outcome = await ops.verify(input(consented.id));
      assert.ok(outcome.ok);
      assert.deepEqual(outcome.result.missingPermissions, ['Directory.Read.All', 'Synchronization.Read.All']);
    } finally {
      for (const assignment of removed) tenant.putAppRoleAssignment(assignment);
    }
  });

  it('verifies with a certificate whose thumbprint the configuration computed', async () => {
    const dir = await createTempDir();
    try {
      const [certPath, keyPath] = [join(dir.path, 'app.crt'), join(dir.path, 'app.key')];
      await writeFile(certPath, sim.app.certificatePem);
      await writeFile(keyPath, sim.app.privateKeyPem);
      const { entra } = loadConfig({
        env: {
          LANTERN_ENTRA_CLIENT_ID: sim.app.clientId,
          LANTERN_ENTRA_CERT_PATH: certPath,
          LANTERN_ENTRA_KEY_PATH: keyPath,
          LANTERN_ENTRA_CLOUD: 'custom',
          LANTERN_ENTRA_AUTHORITY_HOST: sim.authorityHost,
          LANTERN_ENTRA_GRAPH_BASE_URL: sim.graphBaseUrl,
          LANTERN_ENTRA_GRAPH_SCOPE: GRAPH_DEFAULT_SCOPE,
        },
      });
      const { verifyConnectorAccess } = createConnectorActivities({ entra: entraAccessFromSettings(entra) });
      const result = await verifyConnectorAccess(input(consented.id));
      assert.deepEqual([result.consented, result.tenantId, result.missingPermissions], [true, consented.id, []]);
    } finally {
      await dir.remove();
    }
  });

  it('fails clearly, without retrying, for a tenant that does not exist', async () => {
    const outcome = await ops.verify(input('no-such-tenant.onmicrosoft.com'));
    assert.deepEqual(outcome.ok ? 'verified' : outcome.failure, 'TenantNotFound');
    assert.match(outcome.ok ? '' : outcome.message, /no-such-tenant\.onmicrosoft\.com/);
  });

  it("creates, pauses, resumes, retimes and deletes the connector's sync schedule", async () => {
    const spec = {
      connectorId: `sched-${Date.now()}`,
      tenantId: consented.id,
      displayName: 'Contoso',
      intervalMinutes: 60,
    };
    await ops.createSchedule(spec);
    const created = await ops.describe(spec.connectorId);
    assert.equal(created?.scheduleId, `connector:${spec.connectorId}:sync`);
    assert.equal(created?.intervalMinutes, 60);
    assert.equal(created?.paused, false);
    const description = await temporal.env.client.schedule.getHandle(`connector:${spec.connectorId}:sync`).describe();
    assert.equal(description.policies.overlap, 'SKIP');
    assert.equal(description.action.type === 'startWorkflow' && description.action.workflowType, 'syncTenant');
    assert.deepEqual(description.action.type === 'startWorkflow' && description.action.args, [
      { connectorId: spec.connectorId },
    ]);
    assert.ok(
      description.info.numActionsTaken >= 1 || description.info.recentActions.length >= 1,
      'the first sync starts at once',
    );

    await ops.pause(spec.connectorId, 'maintenance');
    assert.deepEqual(
      [(await ops.describe(spec.connectorId))?.paused, (await ops.describe(spec.connectorId))?.note],
      [true, 'maintenance'],
    );
    await ops.updateSchedule({ ...spec, intervalMinutes: 15 });
    const retimed = await ops.describe(spec.connectorId);
    assert.deepEqual(
      [retimed?.paused, retimed?.intervalMinutes],
      [true, 15],
      'a new interval keeps the schedule paused',
    );
    await ops.resume(spec.connectorId, 'back');
    assert.equal((await ops.describe(spec.connectorId))?.paused, false);

    const syncNow = await ops.trigger(spec.connectorId);
    assert.ok(syncNow.started || syncNow.running.length === 1, 'starts a sync, or names the one still running');

    await ops.remove(spec.connectorId, 'test');
    assert.equal(await ops.describe(spec.connectorId), null);
    await ops.remove(spec.connectorId, 'test');
  });

  it('connects a tenant through the API: verified against the simulator, stored, scheduled; a refused one leaves no trace', async () => {
    const app = await buildTestApp(
      db.catalog,
      { temporal: stubTemporal({ connectors: ops }) },
      {
        LANTERN_ENTRA_CLIENT_ID: sim.app.clientId,
        LANTERN_ENTRA_CLIENT_SECRET: sim.app.clientSecret,
        LANTERN_TASK_QUEUE: taskQueue,
      },
    );
    try {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/connectors',
        headers: authHeader,
        payload: { displayName: 'Simulated', tenantId: consented.domain, syncIntervalMinutes: 30 },
      });
      assert.equal(created.statusCode, 201, created.body);
      const { id, tenantId } = created.json();
      assert.equal(tenantId, consented.id);
      const detail = (await app.inject({ url: `/api/v1/connectors/${id}`, headers: authHeader })).json();
      assert.deepEqual(
        [detail.schedule.scheduleId, detail.schedule.intervalMinutes, detail.schedule.paused],
        [`connector:${id}:sync`, 30, false],
      );

      const refused = await app.inject({
        method: 'POST',
        url: '/api/v1/connectors',
        headers: authHeader,
        payload: { displayName: 'Not consented', tenantId: unconsented.id },
      });
      assert.equal(refused.statusCode, 422);
      assert.equal(refused.json().error.code, 'consent_required');
      assert.equal((await db.catalog.db.selectFrom('connectors').select('id').execute()).length, 1);

      const deleted = await app.inject({ method: 'DELETE', url: `/api/v1/connectors/${id}`, headers: authHeader });
      assert.equal(deleted.statusCode, 204);
      assert.equal(await ops.describe(id), null);
    } finally {
      await app.close();
    }
  });
});
