// Policy v2 approval rules on their own (no server): stages derived for inputs without any, the validator's rule names,
// quorum counting, escalation and timeout.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApprovalStages, stagesFor } from '../../workflows/access/stages.js';
import type { AccessGrantInput } from '../../workflows/access/messages.js';
import { stage } from './stage-fixture.js';

const refuses = (fn: () => void, rule: RegExp) => assert.throws(fn, (e: Error) => rule.test(e.message));

describe('approval stages', () => {
  test('an input without stages is one stage of quorum 1 that denies on timeout, requester and principal left out', () => {
    const input = {
      principalId: 'p',
      request: { requesterId: 'r' },
      policy: { approverIds: ['r', 'p', 'a'], requestTimeoutSeconds: 30 },
    } as unknown as AccessGrantInput;
    assert.deepEqual(stagesFor(input), [
      { name: 'Approval', quorum: 1, onTimeout: 'deny', fallbackIds: [], approverIds: ['a'], timeoutSeconds: 30 },
    ]);
  });

  test('names the rule a decision breaks, and counts distinct approvals toward each quorum', () => {
    const flow = new ApprovalStages([stage('Manager', ['m'], 1), stage('Owners', ['m', 'a', 'b', 'c'], 2)], 0);
    refuses(() => flow.check({ approverId: 'a' }), /^Rule approver: a is not an approver of stage "Manager"/);
    flow.record(true, { approverId: 'm' }, 1000);
    assert.equal(flow.current, 1);
    assert.equal(flow.deadlineMs, 61_000, 'stage 2 gets its own timeout from when it starts');
    refuses(() => flow.check({ approverId: 'm' }), /^Rule distinct_approvers/);
    flow.record(true, { approverId: 'a' }, 2000);
    assert.equal(flow.current, 1, 'one of two');
    refuses(() => flow.check({ approverId: 'a' }), /^Rule already_decided/);
    flow.record(true, { approverId: 'b' }, 3000);
    assert.equal(flow.current, null);
    assert.deepEqual(flow.final, { approved: true, by: { approverId: 'b' } });
    refuses(() => flow.check({ approverId: 'c' }), /^Rule not_pending/);
    assert.deepEqual(
      flow.drain().map((n) => n.action),
      ['access.stage_approved', 'access.stage_completed', 'access.stage_approved', 'access.approved'],
    );
  });

  test('refuses an approval that would leave a later stage short of its quorum, never a denial', () => {
    const flow = new ApprovalStages([stage('Team', ['a', 'b', 'c'], 1), stage('Owners', ['a', 'd'], 2)], 0);
    // Reachable at request time (b or c approve "Team", a and d "Owners"), but a approving "Team" leaves "Owners" d.
    refuses(
      () => flow.check({ approverId: 'a' }),
      /^Rule distinct_approvers: if a approves in stage "Team", stage 2 "Owners" can no longer reach its quorum of 2.*another approver of stage "Team" should decide/,
    );
    flow.check({ approverId: 'a' }, false);
    flow.check({ approverId: 'b' });
    flow.record(true, { approverId: 'b' }, 1000);
    assert.equal(flow.current, 1);
    flow.check({ approverId: 'a' });
  });

  test('escalates once to the fallbacks (never without any), then times out', () => {
    const flow = new ApprovalStages([stage('S', ['a'], 1, { onTimeout: 'escalate', fallbackIds: ['f'] })], 0);
    assert.equal(flow.escalate(60_000)?.action, 'access.stage_escalated');
    assert.deepEqual(flow.approversNow(), ['f']);
    assert.equal(flow.deadlineMs, 120_000);
    assert.equal(flow.escalate(120_000), null, 'only once');
    assert.equal(flow.timeOut().action, 'access.stage_timed_out');
    assert.equal(flow.progress[0]!.status, 'timed_out');
    const none = new ApprovalStages([stage('S', ['a'], 1, { onTimeout: 'escalate' })], 0);
    assert.equal(none.escalate(60_000), null);
  });
});
