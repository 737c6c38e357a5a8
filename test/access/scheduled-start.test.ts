// Scheduled start (policy v2): a request approved before its startAt waits in stage `scheduled` (durable timer, visible
// to operators and in the catalog), and the access appears in Entra only at startAt; a revoke meanwhile ends it with
// nothing added. Real dev server, simulator and PGlite catalog; the simulator's state is polled, never slept on.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { APPROVER, grantRow, startAccessSuite, stopAccessSuite, type AccessSuite } from './access-harness.js';
import { auditRows } from './grant-audit.js';
import { revokeAccessSignal } from '../../workflows/access/messages.js';

const until = async (accept: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await accept()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(`timed out waiting for ${what}`);
};

describe('accessGrant scheduled start (policy v2)', () => {
  let s: AccessSuite;
  before(async () => {
    s = await startAccessSuite();
  });
  after(() => stopAccessSuite(s));

  const scheduled = (index: number, startInSeconds: number) => {
    const user = s.fx.users[index]!;
    const role = s.fx.roleNotHeldBy(user.id);
    const input = s.h.input(`role:${role}:member`, user.id, { durationSeconds: 60 });
    const startAt = new Date(Date.now() + startInSeconds * 1000).toISOString();
    return { user, role, startAt, input: { ...input, request: { ...input.request, startAt } } };
  };

  test('approved before startAt: scheduled, nothing in Entra until startAt, then active', async () => {
    const { user, role, startAt, input } = scheduled(0, 6);
    const { workflowId } = await s.h.access.request(input);
    await s.h.access.approve(input, { approverId: APPROVER });
    const waiting = await s.h.waitFor(input, (st) => st.stage === 'scheduled');
    assert.equal(waiting.startAt, startAt);
    assert.equal(waiting.expiresAt, null, 'the time box has not started');
    assert.equal(s.fx.hasRole(role, user.id), false, 'nothing added while scheduled');
    await until(
      async () => (await grantRow(s.h, workflowId)).stage === 'scheduled',
      'the catalog row to say scheduled',
    );
    assert.equal((await grantRow(s.h, workflowId)).start_at?.toISOString(), startAt);
    const visible = async () => {
      const query = `WorkflowId = "${workflowId}" AND Stage = "scheduled"`;
      return (await s.temporal.env.client.workflow.count(query)).count === 1;
    };
    await until(visible, 'search attribute Stage = scheduled');

    // The access appears only once startAt has passed (polled in the simulator, not slept on).
    await until(() => s.fx.hasRole(role, user.id), 'the role to be added', 40_000);
    const presentAt = Date.now();
    assert.ok(presentAt >= Date.parse(startAt), `added ${Date.parse(startAt) - presentAt} ms before startAt`);
    const active = await s.h.waitFor(input, (st) => st.stage === 'active');
    const added = (await auditRows(s.h, workflowId)).find((r) => r.action === 'graph.access_added')!;
    assert.ok(Date.parse(String(added.detail.confirmedAt)) >= Date.parse(startAt));
    assert.equal(Date.parse(active.expiresAt!), Date.parse(String(added.detail.confirmedAt)) + 60_000);
    assert.deepEqual(
      (await auditRows(s.h, workflowId)).map((r) => r.action),
      ['access.requested', 'access.approved', 'access.scheduled', 'graph.access_added'],
    );
    await s.h.access.revoke(input, { actorId: APPROVER, actorRole: 'admin' });
    await s.h.waitFor(input, (st) => st.stage === 'ended');
    assert.equal(s.fx.hasRole(role, user.id), false);
  });

  test('revoked while scheduled: ends revoked and nothing is ever added', async () => {
    const { user, role, input } = scheduled(1, 120);
    const { workflowId } = await s.h.access.request(input);
    await s.h.access.approve(input, { approverId: APPROVER });
    await s.h.waitFor(input, (st) => st.stage === 'scheduled');
    await s.h.access.revoke(input, { actorId: user.id, actorRole: 'requester' });
    const final = await s.h.waitFor(input, (st) => st.stage === 'ended');
    assert.equal(final.endReason, 'revoked');
    assert.equal(s.fx.hasRole(role, user.id), false);
    const actions = (await auditRows(s.h, workflowId)).map((r) => r.action);
    assert.deepEqual(actions, ['access.requested', 'access.approved', 'access.scheduled', 'access.revoked']);
    assert.equal((await grantRow(s.h, workflowId)).end_reason, 'revoked');
  });

  test('a review revoking the pair (signal) while scheduled ends it with nothing added', async () => {
    const { user, role, input } = scheduled(2, 120);
    const { workflowId } = await s.h.access.request(input);
    await s.h.access.approve(input, { approverId: APPROVER });
    await s.h.waitFor(input, (st) => st.stage === 'scheduled');
    const review = { actorId: 'review:campaign-1', actorRole: 'admin' as const, reason: 'review decided: remove' };
    await s.temporal.env.client.workflow.getHandle(workflowId).signal(revokeAccessSignal, review);
    const final = await s.h.waitFor(input, (st) => st.stage === 'ended');
    assert.equal(final.endReason, 'revoked');
    assert.equal(s.fx.hasRole(role, user.id), false);
    assert.equal((await auditRows(s.h, workflowId)).at(-1)?.action, 'access.revoked');
  });
});
