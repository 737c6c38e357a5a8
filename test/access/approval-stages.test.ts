// Policy v2 approval end to end (real dev server, simulator, PGlite catalog): stages run in order, each needs its quorum
// of distinct approvers, one denial denies, a stage that times out escalates to its fallbacks or ends the request.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApprovalNotice } from '../../activities/access/notify.js';
import { startAccessSuite, stopAccessSuite, type AccessSuite } from './access-harness.js';
import { auditOf, refusedWith } from './grant-audit.js';
import { stage } from './stage-fixture.js';

const MANAGER = 'manager-1';
const [OWNER_A, OWNER_B, OWNER_C] = ['owner-a', 'owner-b', 'owner-c'];
const FALLBACK = 'fallback-1';

describe('accessGrant approval stages (policy v2)', () => {
  let s: AccessSuite;
  const mailed = new Map<string, string[][]>();

  before(async () => {
    s = await startAccessSuite({
      activities: (real) => ({
        async notifyApprovers(notice: ApprovalNotice) {
          mailed.set(notice.workflowId, [...(mailed.get(notice.workflowId) ?? []), notice.approverIds]);
          return real.notifyApprovers(notice);
        },
      }),
    });
  });
  after(() => stopAccessSuite(s));

  const approverIdsOf = async (workflowId: string) =>
    (
      await s.h.catalog.db
        .selectFrom('access_grants')
        .select('approver_ids')
        .where('workflow_id', '=', workflowId)
        .executeTakeFirstOrThrow()
    ).approver_ids;
  /** The catalog row is rewritten by the workflow after the update answered: poll it. */
  const waitForApprovers = async (workflowId: string, expected: string[]) => {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (JSON.stringify(await approverIdsOf(workflowId)) === JSON.stringify(expected)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.deepEqual(await approverIdsOf(workflowId), expected);
  };
  /** Each stage's [status, approvers who decided] as the catalog row (what the pages read) carries them, polled. */
  const rowProgress = async (workflowId: string) =>
    (
      await s.h.catalog.db
        .selectFrom('access_grants')
        .select('approval_stages')
        .where('workflow_id', '=', workflowId)
        .executeTakeFirstOrThrow()
    ).approval_stages?.map((p) => [p.status, p.decisions.map((d) => d.approverId)]);
  const waitForRowProgress = async (workflowId: string, expected: unknown) => {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (JSON.stringify(await rowProgress(workflowId)) === JSON.stringify(expected)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.deepEqual(await rowProgress(workflowId), expected);
  };
  const roleFor = (index: number) => {
    const user = s.fx.users[index]!;
    return { user, role: s.fx.roleNotHeldBy(user.id) };
  };

  test('two stages: the manager, then two of three owners; a stage-1 approver cannot approve stage 2', async () => {
    const { user, role } = roleFor(0);
    const input = s.h.input(`role:${role}:member`, user.id, {
      durationSeconds: 60,
      policy: {
        approverIds: [MANAGER, OWNER_A, OWNER_B],
        stages: [stage('Manager', [MANAGER], 1), stage('Owners', [MANAGER, OWNER_A, OWNER_B], 2)],
      },
    });
    const { workflowId, status } = await s.h.access.request(input);
    assert.equal(status.currentStage, 0);
    assert.deepEqual(
      status.stages?.map((p) => p.status),
      ['pending', 'waiting'],
    );
    assert.deepEqual(await approverIdsOf(workflowId), [MANAGER], 'the inbox shows stage 1 to the manager only');
    await refusedWith(s.h.access.approve(input, { approverId: OWNER_A }), /Rule approver: owner-a .*stage "Manager"/);

    const afterStage1 = await s.h.access.approve(input, { approverId: MANAGER, comment: 'ok' });
    assert.equal(afterStage1.stage, 'pending_approval');
    assert.equal(afterStage1.currentStage, 1);
    await waitForApprovers(workflowId, [MANAGER, OWNER_A, OWNER_B]);
    await refusedWith(s.h.access.approve(input, { approverId: MANAGER }), /Rule distinct_approvers/);

    const oneOfTwo = await s.h.access.approve(input, { approverId: OWNER_A });
    assert.equal(oneOfTwo.stage, 'pending_approval', 'one approval of a quorum of two decides nothing');
    assert.equal(oneOfTwo.stages?.[1]?.decisions.length, 1);
    await waitForRowProgress(workflowId, [
      ['approved', [MANAGER]],
      ['pending', [OWNER_A]],
    ]);
    await refusedWith(s.h.access.approve(input, { approverId: OWNER_A }), /Rule already_decided/);
    assert.equal(s.fx.hasRole(role, user.id), false, 'no access before the last stage completes');

    await s.h.access.approve(input, { approverId: OWNER_B });
    const active = await s.h.waitFor(input, (st) => st.stage === 'active');
    assert.equal(s.fx.hasRole(role, user.id), true);
    assert.equal(active.approvedBy, OWNER_B);
    assert.equal(active.currentStage, null);
    assert.deepEqual(
      active.stages?.map((p) => [p.name, p.status, p.decisions.map((d) => d.approverId)]),
      [
        ['Manager', 'approved', [MANAGER]],
        ['Owners', 'approved', [OWNER_A, OWNER_B]],
      ],
    );
    assert.ok(active.stages!.every((p) => p.decisions.every((d) => !Number.isNaN(Date.parse(d.at)))));
    assert.deepEqual(await approverIdsOf(workflowId), [MANAGER, OWNER_A, OWNER_B], 'decided: every approver again');
    await waitForRowProgress(workflowId, [
      ['approved', [MANAGER]],
      ['approved', [OWNER_A, OWNER_B]],
    ]);
    assert.deepEqual(await auditOf(s.h, workflowId), [
      ['access.requested', {}],
      ['access.stage_approved', { stage: 1, name: 'Manager', approvals: 1, quorum: 1 }],
      ['access.stage_completed', { stage: 1, name: 'Manager' }],
      ['access.stage_approved', { stage: 2, name: 'Owners', approvals: 1, quorum: 2 }],
      ['access.approved', { stage: 2, name: 'Owners' }],
      ['graph.access_added', {}],
    ]);
    assert.deepEqual(mailed.get(workflowId), [[MANAGER], [MANAGER, OWNER_A, OWNER_B]], 'each stage emailed on start');
    await s.h.access.revoke(input, { actorId: MANAGER, actorRole: 'admin' });
    await s.h.waitFor(input, (st) => st.stage === 'ended');
  });

  test('the requester and the principal never decide: the quorum counts the others', async () => {
    const { user, role } = roleFor(1);
    const requester = 'admin-asking';
    const input = s.h.input(`role:${role}:member`, user.id, {
      durationSeconds: 60,
      requesterId: requester,
      policy: {
        approverIds: [requester, user.id, OWNER_A, OWNER_B],
        stages: [stage('Owners', [requester, user.id, OWNER_A, OWNER_B], 2)],
      },
    });
    await s.h.access.request(input);
    await refusedWith(s.h.access.approve(input, { approverId: requester }), /Rule no_self_approval/);
    await refusedWith(s.h.access.approve(input, { approverId: user.id }), /Rule no_self_approval/);
    assert.equal((await s.h.access.approve(input, { approverId: OWNER_A })).stage, 'pending_approval');
    await s.h.access.approve(input, { approverId: OWNER_B });
    await s.h.waitFor(input, (st) => st.stage === 'active');
    await s.h.access.revoke(input, { actorId: OWNER_A, actorRole: 'admin' });
    await s.h.waitFor(input, (st) => st.stage === 'ended');
  });

  test('a stage that times out escalates to its fallbacks, who approve', async () => {
    const { user, role } = roleFor(2);
    const input = s.h.input(`role:${role}:member`, user.id, {
      durationSeconds: 60,
      policy: {
        approverIds: [OWNER_C, FALLBACK],
        stages: [stage('Owners', [OWNER_C], 1, { timeoutSeconds: 2, onTimeout: 'escalate', fallbackIds: [FALLBACK] })],
      },
    });
    const { workflowId } = await s.h.access.request(input);
    const escalated = await s.h.waitFor(input, (st) => st.stages?.[0]?.status === 'escalated');
    assert.deepEqual(escalated.stages?.[0]?.approverIds, [FALLBACK]);
    await waitForApprovers(workflowId, [FALLBACK]);
    await refusedWith(s.h.access.approve(input, { approverId: OWNER_C }), /Rule approver/);
    await s.h.access.approve(input, { approverId: FALLBACK });
    await s.h.waitFor(input, (st) => st.stage === 'active');
    assert.equal(s.fx.hasRole(role, user.id), true);
    const actions = (await auditOf(s.h, workflowId)).map(([action]) => action);
    assert.deepEqual(actions, ['access.requested', 'access.stage_escalated', 'access.approved', 'graph.access_added']);
    assert.deepEqual(mailed.get(workflowId), [[OWNER_C], [FALLBACK]], 'the fallbacks are emailed on escalation');
    await s.h.access.revoke(input, { actorId: FALLBACK, actorRole: 'admin' });
    await s.h.waitFor(input, (st) => st.stage === 'ended');
  });

  test('a stage that times out with onTimeout deny, or times out again once escalated, ends request_expired', async () => {
    const denyOnTimeout = roleFor(3);
    const escalateThenTimeOut = roleFor(4);
    const deny = s.h.input(`role:${denyOnTimeout.role}:member`, denyOnTimeout.user.id, {
      policy: { approverIds: [OWNER_A], stages: [stage('Owners', [OWNER_A], 1, { timeoutSeconds: 2 })] },
    });
    const twice = s.h.input(`role:${escalateThenTimeOut.role}:member`, escalateThenTimeOut.user.id, {
      policy: {
        approverIds: [OWNER_A, FALLBACK],
        stages: [stage('Owners', [OWNER_A], 1, { timeoutSeconds: 1, onTimeout: 'escalate', fallbackIds: [FALLBACK] })],
      },
    });
    const [denied, escalated] = await Promise.all([s.h.access.request(deny), s.h.access.request(twice)]);
    for (const [input, workflowId, actions] of [
      [deny, denied.workflowId, ['access.requested', 'access.stage_timed_out']],
      [twice, escalated.workflowId, ['access.requested', 'access.stage_escalated', 'access.stage_timed_out']],
    ] as const) {
      const final = await s.h.waitFor(input, (st) => st.stage === 'ended');
      assert.equal(final.endReason, 'request_expired');
      assert.equal(final.stages?.[0]?.status, 'timed_out');
      const audit = await auditOf(s.h, workflowId);
      assert.deepEqual(
        audit.map(([action]) => action),
        actions,
      );
      assert.deepEqual(audit.at(-1)?.[1], { stage: 1, name: 'Owners' });
    }
  });

  test('a denial in stage 2 denies the request; nothing is added', async () => {
    const { user, role } = roleFor(5);
    const input = s.h.input(`role:${role}:member`, user.id, {
      policy: {
        approverIds: [MANAGER, OWNER_A, OWNER_B],
        stages: [stage('Manager', [MANAGER], 1), stage('Owners', [OWNER_A, OWNER_B], 2)],
      },
    });
    const { workflowId } = await s.h.access.request(input);
    await s.h.access.approve(input, { approverId: MANAGER });
    await s.h.access.approve(input, { approverId: OWNER_A });
    await s.h.access.deny(input, { approverId: OWNER_B, comment: 'no' });
    const final = await s.h.waitFor(input, (st) => st.stage === 'ended');
    assert.equal(final.endReason, 'denied');
    assert.deepEqual(
      final.stages?.map((p) => p.status),
      ['approved', 'denied'],
    );
    assert.equal(s.fx.hasRole(role, user.id), false);
    assert.deepEqual((await auditOf(s.h, workflowId)).at(-1), ['access.denied', { stage: 2, name: 'Owners' }]);
  });
});
