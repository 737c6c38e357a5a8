// A Temporal dev server restart with a grant active: the server persists to a SQLite file, is torn down while the
// grant's expiry timer is pending, and a new server on the same file (new port, new worker) still expires and
// deprovisions it. Real activities against the Entra simulator and a PGlite catalog that outlive both servers.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createAccessActivities } from '../../activities/access/index.js';
import { accessTemporal } from '../../temporal/clients/access.js';
import { openCatalog, type Catalog } from '../../catalog/index.js';
import { createTenantGraph } from '../../entra/tenant-graph.js';
import type { RunningSimulator } from '../../simulator/index.js';
import { LANTERN_SEARCH_ATTRIBUTES } from '../../temporal/index.js';
import type { AccessGrantInput, GrantStatus } from '../../workflows/access/messages.js';
import { WORKFLOWS_PATH } from '../../worker/index.js';
import { startTestSimulator } from '../simulator/clients.js';
import { createTempDir, type TempDir } from '../helpers/temp-dir.js';
import { temporalCliPath } from '../helpers/temporal-env.js';
import { connectSimulatorTenant } from '../helpers/simulator-env.js';
import { pickFixtures } from './access-harness.js';
import type { ResolvedConnector } from '../../domain/connector.js';

type WorkflowBundle = Awaited<ReturnType<typeof bundleWorkflowCode>>;

/** One dev server on the shared SQLite file with a worker running the real access activities. */
interface RunningServer {
  env: TestWorkflowEnvironment;
  stop(): Promise<void>;
}

describe('a Temporal dev server restart with a grant active', () => {
  let sim: RunningSimulator;
  let dir: TempDir;
  let catalog: Catalog;
  let bundle: WorkflowBundle;
  let activities: ReturnType<typeof createAccessActivities>;
  let connector: ResolvedConnector;
  const taskQueue = `restart-${randomUUID()}`;
  const running: RunningServer[] = [];

  before(async () => {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // Installed already in this process; that one is fine.
    }
    sim = await startTestSimulator();
    dir = await createTempDir('lantern-restart-');
    catalog = await openCatalog({ dataDir: join(dir.path, 'catalog') });
    ({ connector } = await connectSimulatorTenant(sim, catalog.db));
    const tenantGraph = createTenantGraph({
      credentials: { clientId: sim.appReadWrite.clientId, clientSecret: sim.appReadWrite.clientSecret },
    });
    activities = createAccessActivities({ catalog, tenantGraph, loadConnector: async () => connector });
    bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
  });
  after(async () => {
    for (const server of running) await server.stop();
    await catalog?.close();
    await sim?.close();
    await dir?.remove();
  });

  async function startServer(): Promise<RunningServer> {
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: temporalCliPath() },
        dbFilename: join(dir.path, 'temporal.sqlite'),
        searchAttributes: [...LANTERN_SEARCH_ATTRIBUTES],
      },
    });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      activities,
      workflowBundle: bundle,
    });
    const run = worker.run();
    let stopped = false;
    const server: RunningServer = {
      env,
      async stop() {
        if (stopped) return;
        stopped = true;
        worker.shutdown();
        await run;
        await env.teardown();
      },
    };
    running.push(server);
    return server;
  }

  async function waitFor(
    env: TestWorkflowEnvironment,
    input: AccessGrantInput,
    accept: (s: GrantStatus) => boolean,
  ): Promise<GrantStatus> {
    const access = accessTemporal(env.client, taskQueue);
    const deadline = Date.now() + 40_000;
    let last: GrantStatus | undefined;
    while (Date.now() < deadline) {
      last = await access.status(input);
      if (accept(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`Grant never reached the expected state; last: ${JSON.stringify(last)}`);
  }

  test('still expires and deprovisions the grant after the server comes back on the same SQLite file', async () => {
    const fx = pickFixtures(sim.store.tenants()[0]!);
    const user = fx.users[0]!;
    const role = fx.roleNotHeldBy(user.id);
    const input: AccessGrantInput = {
      connectorId: connector.id,
      entitlementId: `role:${role}:member`,
      principalId: user.id,
      principalUpn: user.userPrincipalName,
      policy: {
        maxDurationSeconds: 3600,
        approvalRequired: false,
        approverIds: [],
        requestTimeoutSeconds: 30,
        extensionNeedsApproval: false,
      },
      request: { requestId: randomUUID(), requesterId: user.id, durationSeconds: 4, justification: 'on call' },
      deprovisionRetry: { initialSeconds: 0.2, maximumSeconds: 1 },
    };

    const first = await startServer();
    const { workflowId } = await accessTemporal(first.env.client, taskQueue).request(input);
    const active = await waitFor(first.env, input, (s) => s.stage === 'active');
    assert.equal(fx.hasRole(role, user.id), true, 'access granted in Entra');
    await first.stop();
    assert.ok(Date.now() < Date.parse(active.expiresAt!), 'the server went down while the grant was still active');
    assert.equal(fx.hasRole(role, user.id), true, 'nothing removed while the server was down');

    const second = await startServer();
    const final = await waitFor(second.env, input, (s) => s.stage === 'ended');
    const endedAt = Date.now();
    assert.equal(final.endReason, 'expired');
    assert.equal(final.expiresAt, active.expiresAt, 'the expiry set before the restart is the one honoured');
    assert.ok(endedAt >= Date.parse(active.expiresAt!), 'not removed before expiry');
    assert.equal(fx.hasRole(role, user.id), false, 'access removed in Entra after the restart');

    const actions = (
      await catalog.db
        .selectFrom('audit_log')
        .select('action')
        .where('subject', '=', workflowId)
        .orderBy('id')
        .execute()
    ).map((r) => r.action);
    assert.deepEqual(
      actions.filter((a) => a === 'graph.access_added' || a === 'access.expired' || a === 'graph.access_removed'),
      ['graph.access_added', 'access.expired', 'graph.access_removed'],
      'each Graph change exactly once',
    );
  });
});
