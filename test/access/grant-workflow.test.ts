// accessGrant end to end: real Temporal dev server, real activities, the Entra simulator's Graph and a PGlite catalog.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../worker/index.js';
import type { TemporalTestEnv } from '../helpers/temporal-env.js';
import { APPROVER, pickFixtures, type AccessHarness, startAccessSuite, stopAccessSuite } from './access-harness.js';

const ended = (s: { stage: string }) => s.stage === 'ended';

describe('accessGrant', () => {
  let temporal: TemporalTestEnv;
  let h: AccessHarness;
  let fx: ReturnType<typeof pickFixtures>;

  before(async () => {
    ({ temporal, h, fx } = await startAccessSuite());
  });
  after(() => stopAccessSuite({ temporal, h }));

  const auditActions = async (workflowId: string) =>
    (
      await h.catalog.db
        .selectFrom('audit_log')
        .select('action')
        .where('subject', '=', workflowId)
        .orderBy('id')
        .execute()
    ).map((r) => r.action);

  test('provisions an approved directory role and removes it when the grant expires', async () => {
    const user = fx.users[0]!;
    const role = fx.roleNotHeldBy(user.id);
    // Long enough that a loaded CI machine still observes the active stage before it expires.
    const input = h.input(`role:${role}:member`, user.id, { durationSeconds: 6 });
    const { kind, workflowId, status } = await h.access.request(input);
    assert.equal(kind, 'created');
    assert.equal(status.stage, 'pending_approval');
    assert.equal(fx.hasRole(role, user.id), false, 'no access before approval');

    await h.access.approve(input, { approverId: APPROVER });
    const active = await h.waitFor(input, (s) => s.stage === 'active');
    assert.equal(fx.hasRole(role, user.id), true, 'access granted in Entra');
    assert.equal(active.approvedBy, APPROVER);
    const row = await h.catalog.db
      .selectFrom('access_grants')
      .selectAll()
      .where('workflow_id', '=', workflowId)
      .executeTakeFirstOrThrow();
    assert.equal(row.stage, 'active');
    // The time box starts when Graph confirmed the access; the catalog and the workflow's timer hold the same expiry.
    const added = await h.catalog.db
      .selectFrom('audit_log')
      .select('detail')
      .where('subject', '=', workflowId)
      .where('action', '=', 'graph.access_added')
      .executeTakeFirstOrThrow();
    assert.equal(Date.parse(active.expiresAt!), Date.parse(String(added.detail.confirmedAt)) + 6000);
    assert.equal(row.expires_at?.getTime(), Date.parse(active.expiresAt!));

    const final = await h.waitFor(input, ended);
    assert.equal(final.endReason, 'expired');
    assert.equal(fx.hasRole(role, user.id), false, 'access removed at expiry');
    assert.deepEqual(await auditActions(workflowId), [
      'access.requested',
      'access.approved',
      'graph.access_added',
      'access.expired',
      'graph.access_removed',
    ]);
  });

  test('ends a denied request without touching Entra', async () => {
    const user = fx.users[1]!;
    const role = fx.roleNotHeldBy(user.id);
    const input = h.input(`role:${role}:member`, user.id);
    await h.access.request(input);
    await h.access.deny(input, { approverId: APPROVER, comment: 'not needed' });
    const final = await h.waitFor(input, ended);
    assert.equal(final.endReason, 'denied');
    assert.equal(fx.hasRole(role, user.id), false);
  });

  test('expires a request nobody decides on', async () => {
    const user = fx.users[2]!;
    const input = h.input(`role:${fx.roleNotHeldBy(user.id)}:member`, user.id, {
      policy: { requestTimeoutSeconds: 1 },
    });
    await h.access.request(input);
    assert.equal((await h.waitFor(input, ended)).endReason, 'request_expired');
  });

  test('refuses self-approval and approvals from people who are not approvers', async () => {
    const user = fx.users[3]!;
    const input = h.input(`role:${fx.roleNotHeldBy(user.id)}:member`, user.id, {
      policy: { approverIds: [APPROVER, user.id] },
    });
    await h.access.request(input);
    await assert.rejects(
      h.access.approve(input, { approverId: user.id }),
      (e) => e instanceof WorkflowUpdateFailedError && /no_self_approval/.test(String(e.cause?.message)),
    );
    await assert.rejects(
      h.access.approve(input, { approverId: 'someone-else' }),
      (e) => e instanceof WorkflowUpdateFailedError && /Rule approver/.test(String(e.cause?.message)),
    );
    assert.equal((await h.access.status(input)).stage, 'pending_approval');
    await h.access.deny(input, { approverId: APPROVER });
    await h.waitFor(input, ended);
  });

  test('a second request for a live grant extends the same workflow and never drops access', async () => {
    const user = fx.users[4]!;
    const role = fx.roleNotHeldBy(user.id);
    const first = h.input(`role:${role}:member`, user.id, { policy: { approvalRequired: false }, durationSeconds: 6 });
    const { workflowId } = await h.access.request(first);
    const active = await h.waitFor(first, (s) => s.stage === 'active');

    const second = h.input(`role:${role}:member`, user.id, {
      policy: { approvalRequired: false },
      durationSeconds: 12,
    });
    const extended = await h.access.request(second);
    assert.equal(extended.kind, 'extended');
    assert.equal(extended.workflowId, workflowId);
    assert.ok(Date.parse(extended.status.expiresAt!) > Date.parse(active.expiresAt!), 'expiry moved later');

    // Past the first expiry the grant is still active and the access still there.
    const firstExpiry = Date.parse(active.expiresAt!);
    await h.waitFor(first, () => Date.now() > firstExpiry + 500);
    assert.equal((await h.access.status(first)).stage, 'active');
    assert.equal(fx.hasRole(role, user.id), true);

    const final = await h.waitFor(first, ended);
    assert.equal(final.endReason, 'expired');
    assert.equal(final.extensions, 1);
    assert.equal(fx.hasRole(role, user.id), false);
  });

  const confirmedAt = async (workflowId: string) =>
    Date.parse(
      String(
        (
          await h.catalog.db
            .selectFrom('audit_log')
            .select('detail')
            .where('subject', '=', workflowId)
            .where('action', '=', 'graph.access_added')
            .executeTakeFirstOrThrow()
        ).detail.confirmedAt,
      ),
    );
  const catalogExpiry = async (workflowId: string) =>
    (
      await h.catalog.db
        .selectFrom('access_grants')
        .select('expires_at')
        .where('workflow_id', '=', workflowId)
        .executeTakeFirstOrThrow()
    ).expires_at?.getTime();

  test('applies an extension asked for while the grant is still provisioning once the access is in place', async () => {
    const user = fx.users[7]!;
    const entitlementId = `role:${fx.roleNotHeldBy(user.id)}:member`;
    const first = h.input(entitlementId, user.id, { policy: { approvalRequired: false }, durationSeconds: 6 });
    const hold = h.holdProvisioning(user.id);
    const { workflowId } = await h.access.request(first);
    await hold.reached;
    assert.equal((await h.access.status(first)).stage, 'provisioning');

    const asked = await h.access.request(h.input(entitlementId, user.id, { durationSeconds: 600 }));
    assert.equal(asked.kind, 'queued');
    assert.equal(asked.status.queuedExtensions, 1);
    hold.release();

    const active = await h.waitFor(first, (s) => s.stage === 'active' && s.extensions === 1);
    assert.equal(
      Date.parse(active.expiresAt!),
      (await confirmedAt(workflowId)) + 600_000,
      "the time box is the extension's, from Graph confirmation",
    );
    assert.equal(active.queuedExtensions, 0);
    await h.access.revoke(first, { actorId: user.id, actorRole: 'requester' });
    await h.waitFor(first, ended);
    assert.equal(await catalogExpiry(workflowId), Date.parse(active.expiresAt!));
    assert.deepEqual(await auditActions(workflowId), [
      'access.requested',
      'access.extension_queued',
      'graph.access_added',
      'access.extended',
      'access.revoked',
      'graph.access_removed',
    ]);
    // The queued path replays deterministically.
    const history = await temporal.env.client.workflow.getHandle(workflowId).fetchHistory();
    await Worker.runReplayHistory(
      { workflowsPath: WORKFLOWS_PATH, replayName: 'queued-extension' },
      history,
      workflowId,
    );
  });

  test('a request repeated while the first awaits approval changes nothing, and a longer one applies once approved', async () => {
    const user = fx.users[8]!;
    const entitlementId = `role:${fx.roleNotHeldBy(user.id)}:member`;
    const first = h.input(entitlementId, user.id, { durationSeconds: 6 });
    const { workflowId } = await h.access.request(first);
    assert.equal((await h.access.request(h.input(entitlementId, user.id, { durationSeconds: 6 }))).kind, 'repeated');
    assert.equal((await h.access.request(h.input(entitlementId, user.id, { durationSeconds: 600 }))).kind, 'queued');

    await h.access.approve(first, { approverId: APPROVER, requestId: first.request.requestId });
    const active = await h.waitFor(first, (s) => s.stage === 'active' && s.extensions === 1);
    assert.equal(Date.parse(active.expiresAt!), (await confirmedAt(workflowId)) + 600_000);
    await h.access.revoke(first, { actorId: user.id, actorRole: 'requester' });
    await h.waitFor(first, ended);
    assert.deepEqual(await auditActions(workflowId), [
      'access.requested',
      'access.request_repeated',
      'access.extension_queued',
      'access.approved',
      'graph.access_added',
      'access.extended',
      'access.revoked',
      'graph.access_removed',
    ]);
  });

  test('keeps access the principal held before the request', async () => {
    const { userId, templateId } = fx.existingRoleHolder;
    const input = h.input(`role:${templateId}:member`, userId, {
      policy: { approvalRequired: false },
      durationSeconds: 1,
    });
    await h.access.request(input);
    const final = await h.waitFor(input, ended);
    assert.equal(final.endReason, 'expired');
    assert.equal(final.preExisting, true);
    assert.equal(fx.hasRole(templateId, userId), true, 'pre-existing access survives expiry');
  });

  test("revokes early at the requester's request", async () => {
    const user = fx.users[5]!;
    const group = fx.editable.find((g) => !fx.isOwner(g.id, user.id))!;
    const input = h.input(`group:${group.id}:owner`, user.id, {
      policy: { approvalRequired: false },
      durationSeconds: 3600,
    });
    await h.access.request(input);
    await h.waitFor(input, (s) => s.stage === 'active');
    assert.equal(fx.isOwner(group.id, user.id), true);
    await assert.rejects(
      h.access.revoke(input, { actorId: 'stranger', actorRole: 'requester' }),
      WorkflowUpdateFailedError,
    );
    await h.access.revoke(input, { actorId: user.id, actorRole: 'requester', reason: 'done' });
    const final = await h.waitFor(input, ended);
    assert.equal(final.endReason, 'revoked');
    assert.equal(fx.isOwner(group.id, user.id), false);
  });

  test('finishes deprovisioning through a Graph 5xx storm', async () => {
    const user = fx.users[6]!;
    const group = fx.editable.find((g) => !fx.isOwner(g.id, user.id))!;
    const input = h.input(`group:${group.id}:owner`, user.id, {
      policy: { approvalRequired: false },
      durationSeconds: 3600,
    });
    const { workflowId } = await h.access.request(input);
    await h.waitFor(input, (s) => s.stage === 'active');

    h.sim.context.settings.faults = { rate: 1, seed: 11 };
    try {
      await h.access.revoke(input, { actorId: APPROVER, actorRole: 'admin' });
      const storming = await h.waitFor(input, (s) => s.stage === 'deprovisioning' && s.deprovisionAttempts >= 2);
      assert.ok(storming.failure, 'the last failure is visible while retrying');
      // The catalog shows the retrying removal too, with why it started ahead of the first failure.
      const row = await h.catalog.db
        .selectFrom('access_grants')
        .select('stage')
        .where('workflow_id', '=', workflowId)
        .executeTakeFirstOrThrow();
      assert.equal(row.stage, 'deprovisioning');
      const actions = await auditActions(workflowId);
      assert.equal(actions[actions.indexOf('access.revoked') + 1], 'graph.access_remove_failed');
    } finally {
      h.sim.context.settings.faults = { rate: 0, seed: 11 };
    }
    const final = await h.waitFor(input, ended);
    assert.equal(final.endReason, 'revoked');
    assert.equal(fx.isOwner(group.id, user.id), false);
    assert.ok((await auditActions(workflowId)).includes('graph.access_remove_failed'));
  });
});
