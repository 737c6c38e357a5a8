// The accessGrant rules on their own (no server): who may decide, who may revoke, how requests extend a grant.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GrantState } from '../../workflows/access/state.js';
import type { AccessGrantInput, AccessRequest } from '../../workflows/access/messages.js';
import { parseEntitlementId } from '../../domain/entitlement-id.js';

const request = (requestId: string, durationSeconds = 60): AccessRequest => ({
  requestId,
  requesterId: 'alice',
  durationSeconds,
  justification: 'why',
});
const input = (policy: Partial<AccessGrantInput['policy']> = {}): AccessGrantInput => ({
  connectorId: 'c1',
  entitlementId: 'group:g1:member',
  principalId: 'alice',
  principalUpn: 'alice@x.example',
  policy: {
    maxDurationSeconds: 3600,
    approvalRequired: true,
    approverIds: ['bob'],
    requestTimeoutSeconds: 60,
    extensionNeedsApproval: false,
    ...policy,
  },
  request: request('r1'),
});
const activate = (state: GrantState) => {
  state.stage = 'active';
  state.expiresAtMs = Date.now() + 60_000;
};

describe('grant rules', () => {
  test('starts pending approval only when the policy asks for it or no auto-approve rule matched', () => {
    assert.equal(new GrantState(input()).stage, 'pending_approval');
    assert.equal(new GrantState(input({ approvalRequired: false })).stage, 'provisioning');
    assert.equal(new GrantState({ ...input(), autoApprovedBy: 'member of g9' }).stage, 'provisioning');
  });

  test('refuses self-approval even when the requester is listed as an approver', () => {
    const state = new GrantState(input({ approverIds: ['alice', 'bob'] }));
    assert.throws(() => state.checkDecision({ approverId: 'alice' }), /no_self_approval/);
    assert.throws(() => state.checkDecision({ approverId: 'mallory' }), /Rule approver/);
    assert.doesNotThrow(() => state.checkDecision({ approverId: 'bob' }));
  });

  test('an extension never shortens the grant and needs approval when the policy says so', () => {
    const state = new GrantState(input({ extensionNeedsApproval: true }));
    activate(state);
    const before = state.expiresAtMs!;
    assert.equal(state.applyRequest(request('r2', 10)).outcome.kind, 'pending');
    state.decide(true, { approverId: 'bob' });
    assert.equal(state.expiresAtMs, before, 'a shorter extension leaves the expiry alone');
    state.applyRequest(request('r3', 7200 / 4));
    state.decide(true, { approverId: 'bob' });
    assert.ok(state.expiresAtMs! > before);
  });

  test('keeps an extension asked for while provisioning and applies it from the start of the time box', () => {
    const state = new GrantState(input({ approvalRequired: false }));
    const asked = state.applyRequest(request('r2', 600));
    assert.deepEqual(
      [asked.outcome.kind, asked.audit, asked.outcome.status.queuedExtensions],
      ['queued', 'access.extension_queued', 1],
    );
    activate(state);
    const startedAt = state.expiresAtMs! - 60_000;
    assert.deepEqual(
      state.applyQueued().map((a) => a.action),
      ['access.extended'],
    );
    assert.equal(state.expiresAtMs, startedAt + 600_000);
    assert.equal(state.extensions, 1);
    assert.equal(state.status().queuedExtensions, 0);
  });

  test('a queued extension that needs approval awaits it once the grant is active', () => {
    const state = new GrantState(input({ approvalRequired: false, extensionNeedsApproval: true }));
    state.applyRequest(request('r2', 600));
    activate(state);
    const before = state.expiresAtMs;
    assert.deepEqual(
      state.applyQueued().map((a) => a.action),
      ['access.extension_requested'],
    );
    assert.equal(state.pendingExtension?.requestId, 'r2');
    assert.equal(state.expiresAtMs, before, 'nothing moves before an approver decides');
    state.decide(true, { approverId: 'bob' });
    assert.equal(state.extensions, 1);
    assert.ok(state.expiresAtMs! > before!);
  });

  test('a request repeated while the first awaits approval changes nothing unless it asks for longer', () => {
    const state = new GrantState(input());
    const again = state.applyRequest(request('r2', 60));
    assert.deepEqual([again.outcome.kind, again.audit], ['repeated', 'access.request_repeated']);
    assert.equal(state.applyRequest(request('r2', 60)).audit, null, 'the identical request id is not audited twice');
    assert.equal(state.applyRequest(request('r2', 60)).outcome.kind, 'repeated');
    assert.equal(state.applyRequest(request('r3', 600)).outcome.kind, 'queued');
    // The decision still concerns the first request, not the repeat or the queued extension.
    assert.doesNotThrow(() => state.checkDecision({ approverId: 'bob', requestId: 'r1' }));
    assert.throws(() => state.checkDecision({ approverId: 'bob', requestId: 'r3' }), /not_pending/);
  });

  test('replaying the same request is a no-op and requests above the maximum are refused', () => {
    const state = new GrantState(input({ approvalRequired: false }));
    activate(state);
    assert.equal(state.applyRequest(request('r1')).outcome.kind, 'created');
    assert.equal(state.extensions, 0);
    assert.throws(() => state.checkRequest(request('r9', 7200)), /max_duration/);
  });

  test('only the requester, the principal, an approver or an admin may revoke', () => {
    const state = new GrantState(input());
    assert.throws(() => state.checkRevoke({ actorId: 'mallory', actorRole: 'requester' }), /Rule revoker/);
    assert.throws(() => state.checkRevoke({ actorId: 'mallory', actorRole: 'approver' }), /Rule revoker/);
    for (const actor of [
      { actorId: 'alice', actorRole: 'requester' },
      { actorId: 'bob', actorRole: 'approver' },
      { actorId: 'x', actorRole: 'admin' },
    ] as const) {
      assert.doesNotThrow(() => state.checkRevoke(actor));
    }
  });

  test('parses every provisionable entitlement id and refuses app ownership', () => {
    assert.deepEqual(parseEntitlementId('group:g1:owner'), { kind: 'groupOwner', groupId: 'g1' });
    assert.deepEqual(parseEntitlementId('app:sp1:role:r1'), {
      kind: 'appRole',
      servicePrincipalId: 'sp1',
      appRoleId: 'r1',
    });
    assert.deepEqual(parseEntitlementId('role:t1:member'), { kind: 'roleMember', roleTemplateId: 't1' });
    assert.equal(parseEntitlementId('app:sp1:owner'), null);
  });
});
