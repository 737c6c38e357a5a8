// The removal guards on the removal paths, against the simulator with no Temporal around them: a grant's removal
// (deprovisionAccess) refused for good before any Graph call, and the reconciler closing a guarded orphan as kept.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createReconcileActivities } from '../../activities/access/reconcile.js';
import { recordGrant } from '../../catalog/access/grants.js';
import { entitlementIds } from '../../domain/entitlement-id.js';
import { ACCESS_FAILURES } from '../../workflows/access/messages.js';
import { pickFixtures } from './access-harness.js';
import { startGuardsWorld, type GuardsWorld } from './guards-world.js';

describe('removal guards on the removal paths', () => {
  let w: GuardsWorld;
  let fx: ReturnType<typeof pickFixtures>;
  const target = (entitlementId: string, principalId: string) => ({
    connectorId: w.connector.id,
    entitlementId,
    principalId,
    workflowId: `grant:${w.connector.id}:${entitlementId}:${principalId}`,
  });
  const isGuardedFailure = (pattern: RegExp) => (error: unknown) =>
    error instanceof ApplicationFailure &&
    error.type === ACCESS_FAILURES.guarded &&
    error.nonRetryable &&
    pattern.test(error.message);
  const catalogHolds = async (entitlementId: string, principalId: string) =>
    (await w.catalog.db
      .selectFrom('grants')
      .select('principal_id')
      .where('entitlement_id', '=', entitlementId)
      .where('principal_id', '=', principalId)
      .executeTakeFirst()) !== undefined;
  /** A group with a single owner and at least three direct user members who are not its owner. */
  const pickGroup = () => {
    for (const g of fx.editable) {
      const owners = [...w.tenant.groupOwners.get(g.id)!];
      const members = [...(w.tenant.groupMembers.get(g.id) ?? [])].filter(
        (id) => w.tenant.users.has(id) && !owners.includes(id),
      );
      if (owners.length === 1 && members.length >= 3) return { id: g.id, owner: owners[0]!, members };
    }
    throw new Error('no single-owner group with members in the seeded tenant');
  };

  before(async () => {
    w = await startGuardsWorld();
    fx = pickFixtures(w.tenant);
  });
  after(() => w?.close());

  it("refuses a protected account's removal before Graph: nothing changes in Entra or the catalog", async () => {
    const group = pickGroup();
    const member = group.members[0]!;
    const entitlementId = entitlementIds.groupMember(group.id);
    await w.seedGrant(entitlementId, member);
    await w.protect(member, 'break-glass account');
    const writes = w.graphWrites();

    await assert.rejects(
      w.activities.deprovisionAccess(target(entitlementId, member)),
      isGuardedFailure(/^Refused: .+ is a protected account \(break-glass account\)/),
    );
    assert.deepEqual(w.graphWrites(), writes, 'no Graph write');
    assert.ok(w.tenant.groupMembers.get(group.id)!.has(member), 'still a member in Entra');
    assert.ok(await catalogHolds(entitlementId, member), 'the catalog still shows the access');
  });

  it('a guarded removal of access already gone from Entra (a PIM schedule ended it) is done, not refused', async () => {
    const group = pickGroup();
    const member = group.members[1]!;
    const entitlementId = entitlementIds.groupMember(group.id);
    await w.seedGrant(entitlementId, member);
    await w.protect(member, 'tier 0');
    w.tenant.groupMembers.get(group.id)!.delete(member); // Entra removed it at the schedule's end
    const writes = w.graphWrites();

    const result = await w.activities.deprovisionAccess(target(entitlementId, member));
    assert.equal(result.outcome, 'already_done');
    assert.deepEqual(w.graphWrites(), writes, 'no Graph write');
    assert.equal(await catalogHolds(entitlementId, member), false, 'the catalog records the access as gone');
    await w.catalog.db.deleteFrom('protected_accounts').where('principal_id', '=', member).execute();
  });

  it('refuses removing the last owner of a group, and removes one of two owners', async () => {
    const group = pickGroup();
    const entitlementId = entitlementIds.groupOwner(group.id);
    await w.seedGrant(entitlementId, group.owner);
    const writes = w.graphWrites();
    await assert.rejects(
      w.activities.deprovisionAccess(target(entitlementId, group.owner)),
      isGuardedFailure(/last owner of the group/),
    );
    assert.deepEqual(w.graphWrites(), writes, 'no Graph write');
    assert.ok(w.tenant.groupOwners.get(group.id)!.has(group.owner), 'the last owner stays');

    const second = group.members[1]!;
    w.tenant.addGroupOwner(group.id, second);
    await w.seedGrant(entitlementId, second);
    const removed = await w.activities.deprovisionAccess(target(entitlementId, group.owner));
    assert.equal(removed.outcome, 'changed');
    assert.ok(!w.tenant.groupOwners.get(group.id)!.has(group.owner), 'removed in Entra');
    assert.equal(await catalogHolds(entitlementId, group.owner), false);
    await assert.rejects(
      w.activities.deprovisionAccess(target(entitlementId, second)),
      isGuardedFailure(/last owner of the group/),
      'the survivor is now the last owner',
    );
  });

  it('removes only one of the last two owners when both removals run at once', async () => {
    const group = pickGroup();
    const entitlementId = entitlementIds.groupOwner(group.id);
    const second = group.members[2]!;
    w.tenant.addGroupOwner(group.id, second);
    const owners = [group.owner, second];
    for (const owner of owners) await w.seedGrant(entitlementId, owner);

    const settled = await Promise.allSettled(
      owners.map((owner) => w.activities.deprovisionAccess(target(entitlementId, owner))),
    );
    assert.deepEqual(settled.map((s) => s.status).sort(), ['fulfilled', 'rejected']);
    const refused = settled.find((s) => s.status === 'rejected')!;
    assert.ok(isGuardedFailure(/last owner of the group/)(refused.reason));
    assert.equal(w.tenant.groupOwners.get(group.id)!.size, 1, 'the group keeps an owner in Entra');
  });

  it('the reconciler keeps a guarded orphan, closes its row with the refusal and counts it', async () => {
    const group = pickGroup();
    const entitlementId = entitlementIds.groupMember(group.id);
    const [guarded, plain] = group.members.slice(1, 3) as [string, string];
    await w.protect(guarded, 'service desk lead');
    const orphans = [guarded, plain].map((principalId) => target(entitlementId, principalId));
    for (const orphan of orphans) {
      await w.seedGrant(entitlementId, orphan.principalId);
      await recordGrant(w.catalog.db, {
        ...orphan,
        principalUpn: w.tenant.users.get(orphan.principalId)!.userPrincipalName,
        requesterId: orphan.principalId,
        stage: 'active',
        endReason: null,
        expiresAt: new Date(Date.now() + 600_000).toISOString(),
        preExisting: false,
        approverIds: ['approver-1'],
      });
    }
    const reconcile = createReconcileActivities({ ...w.deps, workflowStatus: async () => 'TERMINATED' });
    const run = () =>
      new MockActivityEnvironment().run(reconcile.reconcileLanternAccess, {
        connectorId: w.connector.id,
        syncRunId: 'sync-guards',
      });

    assert.deepEqual(await run(), {
      checked: 2,
      orphaned: 2,
      removed: 1,
      alreadyGone: 0,
      kept: 0,
      failed: 0,
      guarded: 1,
    });
    assert.ok(w.tenant.groupMembers.get(group.id)!.has(guarded), 'the protected account keeps its access');
    assert.ok(!w.tenant.groupMembers.get(group.id)!.has(plain), 'the other orphan is removed');
    const row = await w.catalog.db
      .selectFrom('access_grants')
      .selectAll()
      .where('workflow_id', '=', orphans[0]!.workflowId)
      .executeTakeFirstOrThrow();
    assert.equal(row.stage, 'ended');
    assert.match(row.removal_refused ?? '', /is a protected account \(service desk lead\)/);
    const audit = await w.catalog.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'detail'])
      .where('subject', '=', orphans[0]!.workflowId)
      .execute();
    assert.deepEqual(
      audit.map((a) => [a.action, a.actor]),
      [['reconcile.access_refused_by_guard', 'lantern-reconciler']],
    );
    assert.match(String((audit[0]!.detail as { message?: string }).message), /is a protected account/);

    assert.deepEqual(
      await run(),
      { checked: 0, orphaned: 0, removed: 0, alreadyGone: 0, kept: 0, failed: 0, guarded: 0 },
      'closed rows are not tried again',
    );
  });
});
