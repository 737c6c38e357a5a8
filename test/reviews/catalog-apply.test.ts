// Applying a closed campaign, on both catalog backends: the batches the apply loop claims, results recorded once
// (a retried batch never overwrites or audits twice), every other item settled, and live JIT grants found by pair.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Catalog } from '../../catalog/index.js';
import {
  itemsToApply,
  liveJitGrants,
  recordApplyResults,
  remainingToApply,
  settleNonRemovals,
} from '../../catalog/reviews/apply.js';
import { recordGrant } from '../../catalog/access/grants.js';
import { BACKENDS } from '../catalog/directory-fixture.js';
import { requirePostgresInCi } from '../helpers/postgres.js';
import { auditOf, CONNECTOR, itemRows, seedCampaign, type ItemSpec } from './decisions-fixture.js';

requirePostgresInCi();

const LEADS = { id: 'g-leads', name: 'Finance Leads' };
/** 1–3 remove (applicable), 4 keep, 5 remove via group, 6 remove immutable (with a reason), 7 undecided via group,
 *  8 remove unsupported, 9 remove applicable. */
const ITEMS: ItemSpec[] = [
  { decision: 'remove' },
  { decision: 'remove' },
  { decision: 'remove' },
  { decision: 'keep' },
  { decision: 'remove', viaGroup: LEADS },
  { decision: 'remove', applicability: 'immutable', applicabilityReason: 'Dynamic membership: change its rule' },
  { viaGroup: LEADS },
  { decision: 'remove', applicability: 'unsupported' },
  { decision: 'remove' },
];

for (const backend of BACKENDS) {
  describe(`applying review decisions on ${backend.name}`, { skip: backend.skip }, () => {
    let catalog: Catalog;
    let dispose: () => Promise<void>;
    let n = 0;
    const campaign = async () => {
      const id = `a${++n}`;
      await seedCampaign(catalog.db, { id, status: 'applying', items: ITEMS });
      return id;
    };

    before(async () => {
      ({ catalog, dispose } = await backend.open());
    });
    after(() => dispose?.());

    it('claims applicable remove items without a result, in id order, a batch at a time', async () => {
      const id = await campaign();
      const first = await itemsToApply(catalog.db, id, 2);
      assert.deepEqual(
        first.map((i) => i.id),
        ['1', '2'],
      );
      assert.deepEqual(first[0], {
        id: '1',
        entitlementId: 'ent-1',
        entitlementKind: 'member',
        resourceId: 'group-1',
        resourceType: 'group',
        principalId: 'user-1',
        principalKind: 'user',
      });
      assert.equal(await remainingToApply(catalog.db, id), 4);
      await recordApplyResults(catalog.db, id, [
        { itemId: '1', result: 'removed', message: null },
        { itemId: '2', result: 'failed', message: 'Graph said: Insufficient privileges' },
      ]);
      assert.deepEqual(
        (await itemsToApply(catalog.db, id, 10)).map((i) => i.id),
        ['3', '9'],
      );
      assert.equal(await remainingToApply(catalog.db, id), 2);
    });

    it('records each result once: a retried batch neither overwrites nor audits again', async () => {
      const id = await campaign();
      await recordApplyResults(catalog.db, id, [
        { itemId: '1', result: 'removed', message: null },
        { itemId: '3', result: 'already_gone', message: 'Not a member any more' },
      ]);
      const firstRows = await itemRows(catalog.db, id);
      await recordApplyResults(catalog.db, id, [
        { itemId: '1', result: 'failed', message: 'late retry' },
        { itemId: '3', result: 'removed', message: null },
        { itemId: '9', result: 'refused', message: 'The last Global Administrator is never removed' },
      ]);
      const rows = await itemRows(catalog.db, id);
      assert.deepEqual(rows[0], firstRows[0]);
      assert.deepEqual(rows[2], firstRows[2]);
      assert.equal(rows[8]!.apply_result, 'refused');
      assert.ok(rows[8]!.applied_at instanceof Date);
      const audit = await auditOf(catalog.db, id, 'review.applied');
      assert.deepEqual(
        audit.map((a) => [a.subject, a.detail.result]),
        [
          [`review:${id}:1`, 'removed'],
          [`review:${id}:3`, 'already_gone'],
          [`review:${id}:9`, 'refused'],
        ],
      );
      assert.deepEqual(audit[1], {
        actor: 'lantern',
        action: 'review.applied',
        subject: `review:${id}:3`,
        detail: {
          result: 'already_gone',
          message: 'Not a member any more',
          entitlementId: 'ent-3',
          principalId: 'user-3',
        },
        request_id: null,
      });
    });

    it('stores a Graph message holding a NUL character with a visible replacement', async () => {
      const id = await campaign();
      await recordApplyResults(catalog.db, id, [{ itemId: '1', result: 'failed', message: 'bad\u0000byte' }]);
      assert.equal((await itemRows(catalog.db, id))[0]!.apply_message, 'bad\uFFFDbyte');
    });

    it('settles keeps as kept and what cannot be applied as not applicable, saying why, leaving removals alone', async () => {
      const id = await campaign();
      await recordApplyResults(catalog.db, id, [{ itemId: '1', result: 'removed', message: null }]);
      await settleNonRemovals(catalog.db, id);
      await settleNonRemovals(catalog.db, id);
      const rows = await itemRows(catalog.db, id);
      assert.deepEqual(
        rows.map((r) => [r.id, r.apply_result]),
        [
          ['1', 'removed'],
          ['2', null],
          ['3', null],
          ['4', 'kept'],
          ['5', 'not_applicable'],
          ['6', 'not_applicable'],
          ['7', 'not_applicable'],
          ['8', 'not_applicable'],
          ['9', null],
        ],
      );
      assert.match(rows[4]!.apply_message!, /Finance Leads/);
      assert.equal(rows[5]!.apply_message, 'Dynamic membership: change its rule');
      assert.match(rows[6]!.apply_message!, /decided on its group/);
      assert.equal(rows[3]!.apply_message, null);
      assert.equal(await remainingToApply(catalog.db, id), 3, 'settling never touches items still to apply');
    });

    it('finds live just-in-time grants on removed pairs, and only live ones Lantern created', async () => {
      await catalog.db
        .insertInto('connectors')
        .values([
          { id: CONNECTOR, display_name: 'Contoso' },
          { id: 'conn-other', display_name: 'Fabrikam' },
        ])
        .onConflict((oc) => oc.doNothing())
        .execute();
      const grant = (workflowId: string, stage: string, more: { preExisting?: boolean; connectorId?: string } = {}) =>
        recordGrant(catalog.db, {
          workflowId,
          connectorId: more.connectorId ?? CONNECTOR,
          entitlementId: `ent-${workflowId.slice(-1)}`,
          principalId: `user-${workflowId.slice(-1)}`,
          principalUpn: 'x@contoso.com',
          requesterId: 'x',
          stage,
          endReason: stage === 'ended' ? 'expired' : null,
          expiresAt: null,
          preExisting: more.preExisting ?? false,
          approverIds: [],
        });
      await grant('grant-1', 'active');
      await grant('grant-2', 'provisioning');
      await grant('grant-3', 'ended');
      await grant('grant-4', 'active', { preExisting: true });
      await grant('grant-5', 'active', { connectorId: 'conn-other' });
      await grant('grant-6', 'pending_approval');
      const pairs = [1, 2, 3, 4, 5, 6, 7].map((k) => ({ entitlementId: `ent-${k}`, principalId: `user-${k}` }));
      const live = await liveJitGrants(catalog.db, CONNECTOR, pairs);
      assert.deepEqual([...live.entries()].sort(), [
        ['ent-1|user-1', 'grant-1'],
        ['ent-2|user-2', 'grant-2'],
      ]);
      assert.equal((await liveJitGrants(catalog.db, CONNECTOR, [])).size, 0);
    });
  });
}
