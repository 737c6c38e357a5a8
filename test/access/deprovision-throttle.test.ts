// Direct-mode group membership for users (possible since readWrite asks for User.ReadWrite.All), and deprovisioning
// through a Graph 429 storm: the simulator's strict throttling with the write quota exhausted, so every removal is
// refused with 429 (Retry-After and all) until the storm stops. Access must still be removed exactly once and the grant end `expired`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { throttlerFor } from '../../simulator/graph/throttle/hook.js';
import type { TemporalTestEnv } from '../helpers/temporal-env.js';
import { pickFixtures, type AccessHarness, startAccessSuite, stopAccessSuite } from './access-harness.js';

const ended = (s: { stage: string }) => s.stage === 'ended';
const noApproval = { approvalRequired: false };

describe('user group membership and deprovisioning under throttling', () => {
  let temporal: TemporalTestEnv;
  let h: AccessHarness;
  let fx: ReturnType<typeof pickFixtures>;

  before(async () => {
    ({ temporal, h, fx } = await startAccessSuite());
  });
  after(() => stopAccessSuite({ temporal, h }));

  const isMember = (groupId: string, userId: string) => h.tenant.groupMembers.get(groupId)?.has(userId) ?? false;
  const groupFor = (userId: string) => fx.editable.find((g) => !isMember(g.id, userId))!;
  /** Membership removals of this user from this group in the tenant's change log (what delta would report). */
  const removals = (groupId: string, userId: string) =>
    h.tenant.changes.filter(
      (c) =>
        c.collection === 'groups' &&
        c.id === groupId &&
        (c.memberChanges ?? []).some((m) => m.memberId === userId && m.removed),
    ).length;
  const auditRows = async (workflowId: string) =>
    await h.catalog.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('subject', '=', workflowId)
      .orderBy('id')
      .execute();

  /**
   * Strict throttling with Lantern's write quota in this tenant put hours into debt (one charge far above the bucket's
   * capacity, admitted because the bucket was full): every write meets a 429 until stop() turns throttling off.
   */
  function writeThrottlingStorm(): { stop(): void } {
    const { context } = h.sim;
    context.settings.throttle = 'strict';
    const debt = throttlerFor(context).admit({
      appId: h.sim.appReadWrite.clientId,
      tenantId: h.tenant.id,
      tenantUserCount: h.tenant.users.size,
      mode: 'strict',
      cost: { resourceUnits: 1, writeUnits: 1_000_000, auditLog: false },
    });
    assert.ok(debt.ok, 'the storm starts from a full write quota');
    return {
      stop() {
        context.settings.throttle = 'off';
      },
    };
  }

  test('a user group-member grant in direct mode succeeds end to end', async () => {
    const user = fx.users[0]!;
    const group = groupFor(user.id);
    const input = h.input(`group:${group.id}:member`, user.id, { policy: noApproval, durationSeconds: 3 });
    const { workflowId } = await h.access.request(input);
    await h.waitFor(input, (s) => s.stage === 'active');
    assert.equal(isMember(group.id, user.id), true, 'member in Entra');
    const final = await h.waitFor(input, ended);
    assert.equal(final.endReason, 'expired');
    assert.equal(final.failure, null);
    assert.equal(isMember(group.id, user.id), false);
    assert.deepEqual(
      (await auditRows(workflowId)).map((r) => r.action),
      ['access.requested', 'graph.access_added', 'access.expired', 'graph.access_removed'],
    );
  });

  test('finishes deprovisioning at expiry through a Graph 429 storm, removing the access exactly once', async () => {
    const user = fx.users[1]!;
    const group = groupFor(user.id);
    const input = h.input(`group:${group.id}:member`, user.id, { policy: noApproval, durationSeconds: 3 });
    const { workflowId } = await h.access.request(input);
    await h.waitFor(input, (s) => s.stage === 'active');
    assert.equal(isMember(group.id, user.id), true);

    const storm = writeThrottlingStorm();
    try {
      // A third attempt has started: the first two ended in 429s.
      const storming = await h.waitFor(input, (s) => s.stage === 'deprovisioning' && s.deprovisionAttempts >= 3);
      assert.ok(storming.failure, 'the last 429 is visible on the grant while it retries');
      assert.equal(isMember(group.id, user.id), true, 'nothing was removed during the storm');
    } finally {
      storm.stop();
    }

    const final = await h.waitFor(input, ended);
    assert.equal(final.endReason, 'expired');
    assert.ok(final.deprovisionAttempts >= 3, `attempts counted: ${final.deprovisionAttempts}`);
    assert.equal(isMember(group.id, user.id), false, 'access removed');
    assert.equal(removals(group.id, user.id), 1, 'removed exactly once');
    const rows = await auditRows(workflowId);
    const failed = rows.filter((r) => r.action === 'graph.access_remove_failed');
    assert.equal(failed.length, final.deprovisionAttempts - 1, 'each failed attempt has its audit row');
    assert.match(JSON.stringify(failed[0]!.detail), /retry/i, 'the row says Graph asked to retry later');
    const removed = rows.filter((r) => r.action === 'graph.access_removed');
    assert.equal(removed.length, 1);
    const { outcome, attempts } = removed[0]!.detail as { outcome?: string; attempts?: number };
    assert.deepEqual({ outcome, attempts }, { outcome: 'changed', attempts: final.deprovisionAttempts });
  });
});
