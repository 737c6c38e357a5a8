// A grant survives its worker being SIGKILLed while provisioning, while active and while deprovisioning: a fresh worker
// process continues from history, the access is added once, and the expiry is still honoured.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { openCatalog } from '../../catalog/index.js';
import type { AccessGrantInput, GrantStatus } from '../../workflows/access/messages.js';
import { pickFixtures } from './access-harness.js';
import { startKillableWorkers, type KillableWorkers } from './killable-worker.js';

describe('accessGrant with its worker killed', () => {
  let workers: KillableWorkers;

  before(async () => {
    workers = await startKillableWorkers({ tmpPrefix: 'lantern-access-kill-' });
  });
  after(async () => {
    await workers?.close();
  });

  it('adds access once, keeps the expiry and removes the access across three crashes', async () => {
    const { sim, tenant, catalogDir, access, connectorId, kill } = workers;
    const startWorker = workers.start;
    const storm = (rate: number) => {
      sim.context.settings.faults = { rate, seed: 5 };
    };

    const fx = pickFixtures(tenant);
    const user = fx.users[7]!;
    const role = fx.roleNotHeldBy(user.id);
    const assignments = () =>
      [...tenant.roleAssignments.values()].filter((a) => a.principalId === user.id && a.roleDefinitionId === role)
        .length;
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
      request: { requestId: randomUUID(), requesterId: user.id, durationSeconds: 8, justification: 'crash test' },
      deprovisionRetry: { initialSeconds: 0.5, maximumSeconds: 1 },
    };
    const waitFor = async (accept: (s: GrantStatus) => boolean): Promise<GrantStatus> => {
      for (const deadline = Date.now() + 90_000; Date.now() < deadline;) {
        const status = await access.status(input);
        if (accept(status)) return status;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`Grant never reached the expected state: ${JSON.stringify(await access.status(input))}`);
    };

    // 1. Killed while provisioning (Graph failing, so provisioning lingers).
    storm(1);
    let worker = await startWorker();
    await access.request(input);
    await waitFor((s) => s.stage === 'provisioning');
    await kill(worker);
    storm(0);
    worker = await startWorker();
    const active = await waitFor((s) => s.stage === 'active');
    assert.equal(assignments(), 1, 'access added exactly once');

    // 2. Killed while active: nothing runs; the durable timer still fires on time for the next worker.
    await kill(worker);
    worker = await startWorker();

    // 3. Killed while deprovisioning (Graph failing again, so removal lingers and retries).
    const expiresAt = Date.parse(active.expiresAt!);
    await waitFor(() => Date.now() > expiresAt - 1500);
    storm(1);
    await waitFor((s) => s.stage === 'deprovisioning' && s.deprovisionAttempts >= 1);
    await kill(worker);
    storm(0);
    worker = await startWorker();
    const final = await waitFor((s) => s.stage === 'ended');
    await kill(worker);

    assert.equal(final.endReason, 'expired');
    assert.equal(assignments(), 0, 'access removed');
    const catalog = await openCatalog({ dataDir: catalogDir });
    try {
      const row = await catalog.db
        .selectFrom('access_grants')
        .selectAll()
        .where('principal_id', '=', user.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.stage, 'ended');
      const removed = await catalog.db
        .selectFrom('audit_log')
        .select('at')
        .where('subject', '=', row.workflow_id)
        .where('action', '=', 'access.expired')
        .executeTakeFirstOrThrow();
      assert.ok(removed.at.getTime() >= expiresAt, 'never removed before the expiry');
    } finally {
      await catalog.close();
    }
  });
});
