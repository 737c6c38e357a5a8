// A review's apply batch and the removal guards, against the simulator: a protected account's removal ends `refused`
// with the guard's message (its live just-in-time grant is not revoked either), while the rest of the batch applies.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MockActivityEnvironment } from '@temporalio/testing';
import { applyReviewBatch } from '../../activities/reviews/apply-batch.js';
import { recordGrant } from '../../catalog/access/grants.js';
import { listItems } from '../../catalog/reviews/decisions.js';
import { entitlementIds } from '../../domain/entitlement-id.js';
import { startGuardsWorld, type GuardsWorld } from '../access/guards-world.js';
import { seedCampaign } from './decisions-fixture.js';

describe('applying review removals through the guards', () => {
  let w: GuardsWorld;

  before(async () => {
    w = await startGuardsWorld();
  });
  after(() => w?.close());

  it('refuses removing a protected account and applies the other removals', async () => {
    const group = [...w.tenant.groups.values()].find(
      (g) =>
        !g.isAssignableToRole &&
        !g.groupTypes.includes('DynamicMembership') &&
        !g.onPremisesSyncEnabled &&
        [...(w.tenant.groupMembers.get(g.id) ?? [])].filter((id) => w.tenant.users.has(id)).length >= 3,
    )!;
    const [guarded, guardedJit, plain] = [...w.tenant.groupMembers.get(group.id)!].filter((id) =>
      w.tenant.users.has(id),
    );
    const entitlementId = entitlementIds.groupMember(group.id);
    await w.protect(guarded!, 'break-glass account');
    await w.protect(guardedJit!, 'on-call lead');
    for (const id of [guarded!, guardedJit!, plain!]) await w.seedGrant(entitlementId, id);
    // A live just-in-time grant on the protected pair: a refused removal must not revoke it either.
    await recordGrant(w.catalog.db, {
      workflowId: `grant:${w.connector.id}:${entitlementId}:${guardedJit}`,
      connectorId: w.connector.id,
      entitlementId,
      principalId: guardedJit!,
      principalUpn: w.tenant.users.get(guardedJit!)!.userPrincipalName,
      requesterId: guardedJit!,
      stage: 'active',
      endReason: null,
      expiresAt: new Date(Date.now() + 600_000).toISOString(),
      preExisting: false,
      approverIds: ['approver-1'],
    });

    const campaignId = 'guarded-apply';
    await seedCampaign(w.catalog.db, {
      id: campaignId,
      status: 'applying',
      items: [guarded!, guardedJit!, plain!].map((principalId) => ({ principalId, decision: 'remove' as const })),
    });
    // The fixture's items name placeholder entitlements: point them at the real group.
    await w.catalog.db
      .updateTable('review_items')
      .set({ entitlement_id: entitlementId, resource_id: group.id })
      .where('campaign_id', '=', campaignId)
      .execute();

    const result = await new MockActivityEnvironment().run(applyReviewBatch, w.deps, {
      campaignId,
      connectorId: w.connector.id,
    });
    assert.deepEqual(result, { processed: 3, remaining: 0, jitGrantIds: [] });

    const { items } = await listItems(w.catalog.db, { campaignId, reviewerId: null, limit: 10 });
    const byPrincipal = new Map(items.map((i) => [i.principalId, i]));
    assert.equal(byPrincipal.get(guarded!)!.applyResult, 'refused');
    assert.match(byPrincipal.get(guarded!)!.applyMessage ?? '', /is a protected account \(break-glass account\)/);
    assert.equal(byPrincipal.get(guardedJit!)!.applyResult, 'refused');
    assert.match(byPrincipal.get(guardedJit!)!.applyMessage ?? '', /is a protected account \(on-call lead\)/);
    assert.equal(byPrincipal.get(plain!)!.applyResult, 'removed');

    const members = w.tenant.groupMembers.get(group.id)!;
    assert.ok(members.has(guarded!) && members.has(guardedJit!), 'protected accounts keep their access');
    assert.ok(!members.has(plain!), 'the unprotected member is removed in Entra');
  });
});
