// The one-command stack, driven through its real entry point: real Temporal dev server, embedded catalog, worker
// and API in one process. Proves readiness, clean shutdown (no orphaned Temporal), and that workflow history and
// catalog data survive a restart.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../config/index.js';
import { connectClient } from '../../temporal/index.js';
import type { catalogSelfCheck } from '../../workflows/self-check.js';
import {
  freePorts,
  processesMentioning,
  spawnStack,
  waitFor200,
  waitForBanner,
  type StackPorts,
  type StackProcess,
} from '../../stack/testing/spawn-stack.js';
import { createTempDir, type TempDir } from '../helpers/temp-dir.js';

// Orphan checks read /proc, so the suite needs Linux (CI's platform).
describe(
  'the embedded stack (npm start)',
  { timeout: 300_000, skip: process.platform !== 'linux' && 'needs /proc' },
  () => {
    let dataDir: TempDir;
    let ports: StackPorts;
    let running: StackProcess | undefined;
    const workflowId = `stack-test-${randomUUID()}`;
    let firstInstallId: string | undefined;

    before(async () => {
      dataDir = await createTempDir('lantern-stack-test-');
      ports = await freePorts();
    });
    after(async () => {
      await running?.stop('SIGKILL');
      await dataDir.remove();
    });

    const env = () => ({ LANTERN_DATA_DIR: dataDir.path, LANTERN_TEMPORAL_PORT: String(ports.temporal) });
    const runSelfCheck = async (id: string) => {
      const client = await connectClient(loadConfig({ env: env() }));
      try {
        return await client.workflow.execute<typeof catalogSelfCheck>('catalogSelfCheck', {
          workflowId: id,
          taskQueue: loadConfig({ env: env() }).temporal.taskQueue,
          args: [{ requestedBy: 'stack-test' }],
        });
      } finally {
        await client.connection.close();
      }
    };

    test('starts Temporal, catalog, worker and API, and /readyz answers 200', async () => {
      running = spawnStack(dataDir.path, ports);
      await waitFor200(`http://127.0.0.1:${ports.api}/readyz`, running);
      await waitForBanner(running);
      assert.match(running.output(), new RegExp(`Temporal UI\\s+http://127\\.0\\.0\\.1:${ports.temporalUi}`));
      assert.match(running.output(), new RegExp(`API\\s+http://127\\.0\\.0\\.1:${ports.api}`));
      // The web app at the public URL (default http://localhost:<api port>), where people sign in.
      assert.match(running.output(), new RegExp(`Web app\\s+http://localhost:${ports.api}/`));
    });

    test("prints the demo people's sign-ins and an unconnected tenant's Global Administrator for onboarding", () => {
      const output = running!.output();
      const home =
        /Sign in\s+http:\/\/localhost:\d+\/ → "Sign in with Microsoft" as one of these \(tenant (\S+)\):/.exec(output);
      assert.ok(home, output);
      for (const role of ['admin', 'approver', 'requester'])
        assert.match(output, new RegExp(`^\\s+${role}\\s+\\S+@${home[1]!.replace(/\./g, '\\.')} / \\S+`, 'm'));
      const onboarding = /Onboarding\s+\S+ \/ \S+\s+\(Global Administrator of (\S+), not connected yet/.exec(output);
      assert.ok(onboarding, output);
      assert.notEqual(onboarding[1], home[1], 'the onboarding tenant is not the connected demo tenant');
    });

    test('keeps the generated admin token private to its owner', async () => {
      const info = await stat(join(dataDir.path, 'admin-token'));
      assert.equal(info.mode & 0o777, 0o600);
      const token = (await readFile(join(dataDir.path, 'admin-token'), 'utf8')).trim();
      assert.ok(token.length >= 24);
      assert.ok(running?.output().includes(token), 'the banner shows the token so the operator can use it');
    });

    test('runs a workflow end to end through the worker and the catalog', async () => {
      const result = await runSelfCheck(workflowId);
      assert.equal(result.workflowId, workflowId);
      assert.equal(result.catalog.kind, 'pglite');
      firstInstallId = result.catalog.installId;
    });

    test('stops on SIGTERM with exit code 0 and leaves no process behind', async () => {
      assert.ok(running);
      assert.notDeepEqual(
        await processesMentioning(dataDir.path),
        [],
        'the Temporal dev server runs while the stack does',
      );
      assert.equal(await running.stop('SIGTERM'), 0, running.output());
      running = undefined;
      assert.deepEqual(await processesMentioning(dataDir.path), []);
    });

    test("after a restart, the first run's workflow and catalog are still there", async () => {
      running = spawnStack(dataDir.path, ports);
      await waitFor200(`http://127.0.0.1:${ports.api}/readyz`, running);
      const client = await connectClient(loadConfig({ env: env() }));
      try {
        const description = await client.workflow.getHandle(workflowId).describe();
        assert.equal(description.status.name, 'COMPLETED');
      } finally {
        await client.connection.close();
      }
      const second = await runSelfCheck(`${workflowId}-after-restart`);
      assert.equal(second.catalog.installId, firstInstallId, 'the same catalog, not a new one');
    });

    test('does not outlive a parent that is killed outright (SIGKILL)', async () => {
      assert.ok(running);
      await running.stop('SIGKILL');
      running = undefined;
      const deadline = Date.now() + 15_000;
      let left = await processesMentioning(dataDir.path);
      while (left.length > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        left = await processesMentioning(dataDir.path);
      }
      assert.deepEqual(left, []);
    });
  },
);

describe('stack start-up errors', () => {
  test('a bad setting stops start-up with exit code 2 and a message naming the variable', async () => {
    const dir = await createTempDir('lantern-stack-config-');
    try {
      const stack = spawnStack(dir.path, await freePorts(), { LANTERN_API_PORT: '80a' });
      assert.equal(await stack.exited, 2);
      assert.match(stack.output(), /LANTERN_API_PORT must be an integer 1-65535, got "80a"/);
    } finally {
      await dir.remove();
    }
  });
});
