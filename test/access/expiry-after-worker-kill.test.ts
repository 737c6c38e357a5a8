// A grant whose worker is SIGKILLed seconds before its expiry: a fresh worker removes the access about as late as the
// sticky-queue timeout (the server first offers the due task to the dead worker's own queue), not the SDK's 10 s.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AccessGrantInput, GrantStatus } from '../../workflows/access/messages.js';
import { pickFixtures } from './access-harness.js';
import { startKillableWorkers, type KillableWorkers } from './killable-worker.js';

describe('a due grant whose worker was killed just before expiry', () => {
  let workers: KillableWorkers;

  before(async () => {
    workers = await startKillableWorkers({ seed: 43, tmpPrefix: 'lantern-expiry-kill-' });
  });
  after(async () => {
    await workers?.close();
  });

  it('is removed within a few seconds of its expiry by the next worker', async () => {
    const { temporal, tenant, taskQueue, access, connectorId, kill } = workers;
    const startWorker = workers.start;
    const fx = pickFixtures(tenant);
    const user = fx.users[5]!;
    const role = fx.roleNotHeldBy(user.id);
    const held = () =>
      [...tenant.roleAssignments.values()].some((a) => a.principalId === user.id && a.roleDefinitionId === role);
    const input: AccessGrantInput = {
      connectorId,
      entitlementId: `role:${role}:member`,
      principalId: user.id,
      principalUpn: user.userPrincipalName,
      policy: {
        maxDurationSeconds: 3600,
        approvalRequired: false,
        approverIds: [],
        requestTimeoutSeconds: 60,
        extensionNeedsApproval: false,
      },
      request: {
        requestId: randomUUID(),
        requesterId: user.id,
        durationSeconds: 15,
        justification: 'expiry after a crash',
      },
      deprovisionRetry: { initialSeconds: 0.5, maximumSeconds: 1 },
    };
    const waitUntil = async (
      what: string,
      accept: () => Promise<boolean> | boolean,
      timeoutMs = 60_000,
    ): Promise<number> => {
      for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
        if (await accept()) return Date.now();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`timed out waiting for ${what}`);
    };

    let worker = await startWorker();
    await access.request(input);
    let status: GrantStatus | undefined;
    await waitUntil('the grant to be active', async () => (status = await access.status(input)).stage === 'active');
    const expiresAt = Date.parse(status!.expiresAt!);
    // The operators' query for grants overdue while Lantern is down (README, "The Temporal UI") finds this one.
    const overdue = `WorkflowType = "accessGrant" AND Stage = "active" AND ExpiresAt < "${new Date(expiresAt + 1_000).toISOString()}"`;
    await waitUntil(
      'the overdue query to list the grant',
      async () => {
        for await (const wf of temporal.env.client.workflow.list({ query: overdue }))
          if (wf.taskQueue === taskQueue) return true;
        return false;
      },
      10_000,
    );
    // Killed with the workflow cached and its sticky queue freshly polled: the moment the server still trusts it.
    await waitUntil('nine seconds before the expiry', () => Date.now() >= expiresAt - 9_000, 30_000);
    await kill(worker);
    worker = await startWorker();
    const readyAt = Date.now();
    const removedAt = await waitUntil('the access to be removed', () => !held());
    const lateMs = removedAt - Math.max(expiresAt, readyAt);
    console.log(
      `# expiry after a kill: worker ready ${expiresAt - readyAt} ms before expiry, access removed ${removedAt - expiresAt} ms after expiry`,
    );
    assert.ok(lateMs < 5_000, `removed ${lateMs} ms late: within a few seconds, not the SDK's 10 s sticky wait`);
    await kill(worker);
  });
});
