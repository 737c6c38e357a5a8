// Policy v2 around provisioning and removal (real dev server, simulator, PGlite catalog; spies stand in for the
// break-glass, guard and session activities so each path is observed exactly): break-glass provisions at once and
// tells people beside it, then opens its review; a guard's refusal ends the grant at once with the access kept; with
// revokeSessions, a confirmed removal ends the user's sign-in sessions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { ACCESS_FAILURES } from '../../workflows/access/messages.js';
import type { BreakGlassNotice, BreakGlassReviewInput, GrantTarget } from '../../activities/access/contract.js';
import { grantRow, startAccessSuite, stopAccessSuite, type AccessSuite } from './access-harness.js';
import { auditRows, refusedWith } from './grant-audit.js';

const GUARD_MESSAGE = 'Refused: this is the last owner of the group (add another owner first).';

describe('accessGrant break-glass, guarded removal and session revocation (policy v2)', () => {
  let s: AccessSuite;
  const notices: BreakGlassNotice[] = [];
  const reviews: BreakGlassReviewInput[] = [];
  const removals: GrantTarget[] = [];
  const sessionRevocations: { target: GrantTarget; stillPresent: boolean }[] = [];
  /** Principals whose removal the guard refuses. */
  const guarded = new Set<string>();
  let releaseNotice!: () => void;
  const noticeHeld = new Promise<void>((resolve) => (releaseNotice = resolve));

  before(async () => {
    s = await startAccessSuite({
      activities: (real) => ({
        async notifyBreakGlass(notice: BreakGlassNotice) {
          notices.push(notice);
          await noticeHeld; // held until the test saw the access: the notice must never hold provisioning
          return { sent: 0, unreachable: [] };
        },
        async openBreakGlassReview(input: BreakGlassReviewInput) {
          reviews.push(input);
          return { campaignId: `bg-${input.requestId}`, items: 1 };
        },
        async deprovisionAccess(target: GrantTarget) {
          removals.push(target);
          if (guarded.has(target.principalId))
            throw ApplicationFailure.nonRetryable(GUARD_MESSAGE, ACCESS_FAILURES.guarded);
          return real.deprovisionAccess(target);
        },
        async revokeSignInSessions(target: GrantTarget) {
          const role = target.entitlementId.split(':')[1]!;
          sessionRevocations.push({ target, stillPresent: s.fx.hasRole(role, target.principalId) });
          return { outcome: 'revoked' as const };
        },
      }),
    });
  });
  after(() => {
    releaseNotice();
    return stopAccessSuite(s);
  });

  const grantFor = (index: number) => {
    const user = s.fx.users[index]!;
    return { user, role: s.fx.roleNotHeldBy(user.id) };
  };

  test('break-glass provisions at once, tells approvers beside provisioning, then opens its review', async () => {
    const { user, role } = grantFor(0);
    const base = s.h.input(`role:${role}:member`, user.id, { durationSeconds: 60 });
    const input = {
      ...base,
      request: { ...base.request, justification: 'production outage INC-7' },
      autoApprovedBy: 'break_glass',
      breakGlass: { reviewerIds: ['approver-1'], reviewWithinSeconds: 86_400 },
    };
    const { workflowId, status } = await s.h.access.request(input);
    assert.equal(status.breakGlass, true);
    // Active while the notice is still held: it never blocks provisioning.
    const active = await s.h.waitFor(input, (st) => st.stage === 'active');
    assert.equal(active.approvedBy, 'break_glass');
    assert.equal(s.fx.hasRole(role, user.id), true);
    assert.equal(notices.length, 1);
    assert.deepEqual(
      { reason: notices[0]!.reason, principalId: notices[0]!.principalId, workflowId: notices[0]!.workflowId },
      { reason: 'production outage INC-7', principalId: user.id, workflowId },
    );
    releaseNotice();

    const opened = async () =>
      (await auditRows(s.h, workflowId)).some((r) => r.action === 'access.break_glass_review_opened');
    await s.h.waitFor(input, () => reviews.length === 1);
    await until(opened);
    assert.deepEqual(
      { ...reviews[0]!, workflowId: undefined },
      {
        connectorId: input.connectorId,
        entitlementId: input.entitlementId,
        principalId: user.id,
        workflowId: undefined,
        requesterId: user.id,
        requestId: input.request.requestId,
        reason: 'production outage INC-7',
        reviewerIds: ['approver-1'],
        reviewWithinSeconds: 86_400,
      },
    );
    assert.equal((await grantRow(s.h, workflowId)).break_glass, true);
    const rows = await auditRows(s.h, workflowId);
    assert.deepEqual(
      rows.map((r) => r.action),
      ['access.requested', 'access.break_glass', 'graph.access_added', 'access.break_glass_review_opened'],
    );
    assert.equal(rows[1]!.detail.reason, 'production outage INC-7');
    // Neither a new request nor an extension of the live pair may stretch access that skipped approval.
    const again = { ...base.request, requestId: randomUUID(), durationSeconds: 120 };
    await refusedWith(s.h.access.request({ ...input, request: again }), /^Rule break_glass_extension/);
    await refusedWith(s.h.access.extend(input, { ...again, requestId: randomUUID() }), /^Rule break_glass_extension/);
    assert.equal((await s.h.access.status(input)).extensions, 0);
    await s.h.access.revoke(input, { actorId: user.id, actorRole: 'requester' });
    await s.h.waitFor(input, (st) => st.stage === 'ended');
  });

  test('a guard refusing the removal ends the grant at once: one attempt, audited, visible, access kept', async () => {
    const { user, role } = grantFor(1);
    guarded.add(user.id);
    const input = s.h.input(`role:${role}:member`, user.id, {
      durationSeconds: 1,
      policy: { approvalRequired: false, revokeSessions: true },
    });
    const { workflowId } = await s.h.access.request(input);
    const final = await s.h.waitFor(input, (st) => st.stage === 'ended');
    assert.equal(final.endReason, 'expired');
    assert.equal(final.removalRefused, GUARD_MESSAGE);
    assert.equal(final.deprovisionAttempts, 1);
    assert.equal(removals.filter((r) => r.principalId === user.id).length, 1, 'never retried');
    assert.equal(s.fx.hasRole(role, user.id), true, 'the access stays');
    assert.equal((await grantRow(s.h, workflowId)).removal_refused, GUARD_MESSAGE);
    const rows = await auditRows(s.h, workflowId);
    assert.deepEqual(
      rows.map((r) => r.action),
      ['access.requested', 'graph.access_added', 'access.expired', 'access.removal_refused'],
    );
    assert.equal(rows.at(-1)!.detail.message, GUARD_MESSAGE);
    assert.equal(sessionRevocations.filter((r) => r.target.principalId === user.id).length, 0, 'nothing to revoke');
  });

  test('a guard refusing the removal a revoke asked for ends the grant revoked, access kept', async () => {
    const { user, role } = grantFor(4);
    guarded.add(user.id);
    const input = s.h.input(`role:${role}:member`, user.id, { durationSeconds: 600 });
    await s.h.access.request(input);
    await s.h.access.approve(input, { approverId: 'approver-1' });
    await s.h.waitFor(input, (st) => st.stage === 'active');
    await s.h.access.revoke(input, { actorId: user.id, actorRole: 'requester' });
    const final = await s.h.waitFor(input, (st) => st.stage === 'ended');
    assert.deepEqual([final.endReason, final.removalRefused], ['revoked', GUARD_MESSAGE]);
    assert.equal(s.fx.hasRole(role, user.id), true);
  });

  test('revokeSessions: sessions are revoked once, after the removal; not at all without it', async () => {
    const withIt = grantFor(2);
    const without = grantFor(3);
    const revoking = s.h.input(`role:${withIt.role}:member`, withIt.user.id, {
      durationSeconds: 1,
      policy: { approvalRequired: false, revokeSessions: true },
    });
    const plain = s.h.input(`role:${without.role}:member`, without.user.id, {
      durationSeconds: 1,
      policy: { approvalRequired: false },
    });
    const [{ workflowId }] = await Promise.all([s.h.access.request(revoking), s.h.access.request(plain)]);
    await Promise.all([revoking, plain].map((input) => s.h.waitFor(input, (st) => st.stage === 'ended')));
    const calls = sessionRevocations.filter((r) => r.target.principalId === withIt.user.id);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.stillPresent, false, 'called after the removal');
    assert.equal(calls[0]!.target.entitlementId, revoking.entitlementId);
    assert.equal(sessionRevocations.filter((r) => r.target.principalId === without.user.id).length, 0);
    const last = (await auditRows(s.h, workflowId)).at(-1)!;
    assert.deepEqual([last.action, last.detail.outcome], ['graph.sessions_revoked', 'revoked']);
  });
});

async function until(accept: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await accept())) {
    if (Date.now() > deadline) assert.fail('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
