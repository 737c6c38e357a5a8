// Reviewers' decisions and the default decision at close, on both catalog backends: all or nothing, a clear refusal for
// each reason, double submissions harmless, one audit row per changed item.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Catalog } from '../../catalog/index.js';
import { applyDefaultDecision, decideItems, ReviewRefusal, type DecideInput } from '../../catalog/reviews/decisions.js';
import { BACKENDS } from '../catalog/directory-fixture.js';
import { requirePostgresInCi } from '../helpers/postgres.js';
import { auditOf, itemRows, seedCampaign, type ItemSpec } from './decisions-fixture.js';

requirePostgresInCi();

const REVIEWER = 'rev-mona';
const OTHER = 'rev-olga';

/** Items 1–3 Mona's, 4 Olga's, 5 Mona's own access, 6 via a group (Mona's). */
const ITEMS: ItemSpec[] = [
  { reviewers: [REVIEWER] },
  { reviewers: [REVIEWER, OTHER] },
  { reviewers: [REVIEWER] },
  { reviewers: [OTHER] },
  { principalId: REVIEWER, reviewers: [REVIEWER] },
  { viaGroup: { id: 'g-leads', name: 'Finance Leads' }, reviewers: [REVIEWER] },
];

for (const backend of BACKENDS) {
  describe(`review decisions on ${backend.name}`, { skip: backend.skip }, () => {
    let catalog: Catalog;
    let dispose: () => Promise<void>;
    let n = 0;
    const campaign = async (options: Partial<Parameters<typeof seedCampaign>[1]> = {}) => {
      const id = `c${++n}`;
      await seedCampaign(catalog.db, { id, items: ITEMS, ...options });
      return id;
    };
    const decide = (campaignId: string, input: Partial<DecideInput>) =>
      decideItems(catalog.db, {
        campaignId,
        itemIds: ['1'],
        decision: 'remove',
        comment: null,
        reviewerId: REVIEWER,
        actor: `session:${REVIEWER}`,
        ...input,
      });
    const refusalOf = async (promise: Promise<unknown>): Promise<ReviewRefusal> => {
      const error = await promise.then(
        () => assert.fail('expected a refusal'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof ReviewRefusal, String(error));
      return error;
    };

    before(async () => {
      ({ catalog, dispose } = await backend.open());
    });
    after(() => dispose?.());

    it('writes the decision on every item and one audit row per item', async () => {
      const id = await campaign();
      const outcome = await decide(id, { itemIds: ['1', '2', '3'], comment: ' left the team ', requestId: 'req-1' });
      assert.deepEqual(outcome, { decided: 3, unchanged: 0 });
      const rows = await itemRows(catalog.db, id);
      for (const row of rows.slice(0, 3)) {
        assert.equal(row.decision, 'remove');
        assert.equal(row.decision_source, 'reviewer');
        assert.equal(row.decided_by, REVIEWER);
        assert.equal(row.comment, 'left the team');
        assert.ok(row.decided_at instanceof Date);
      }
      assert.equal(rows[3]!.decision, null);
      const audit = await auditOf(catalog.db, id, 'review.decided');
      assert.deepEqual(
        audit.map((a) => a.subject),
        [`review:${id}:1`, `review:${id}:2`, `review:${id}:3`],
      );
      assert.deepEqual(audit[0], {
        actor: `session:${REVIEWER}`,
        action: 'review.decided',
        subject: `review:${id}:1`,
        detail: { decision: 'remove', comment: 'left the team', source: 'reviewer' },
        request_id: 'req-1',
      });
    });

    it('counts a repeated submission as unchanged, writing nothing, and a changed comment as a new decision', async () => {
      const id = await campaign();
      await decide(id, { itemIds: ['1', '2'], decision: 'keep', comment: 'still needed' });
      const first = await itemRows(catalog.db, id);
      assert.deepEqual(await decide(id, { itemIds: ['2', '1', '1'], decision: 'keep', comment: 'still needed' }), {
        decided: 0,
        unchanged: 2,
      });
      assert.deepEqual(await itemRows(catalog.db, id), first, 'a double submission rewrites nothing');
      assert.equal((await auditOf(catalog.db, id, 'review.decided')).length, 2);
      assert.deepEqual(await decide(id, { itemIds: ['1', '2', '3'], decision: 'keep', comment: 'other reason' }), {
        decided: 3,
        unchanged: 0,
      });
      assert.deepEqual(await decide(id, { itemIds: ['1'], decision: 'remove', comment: 'other reason' }), {
        decided: 1,
        unchanged: 0,
      });
      assert.equal((await auditOf(catalog.db, id, 'review.decided')).length, 6);
    });

    it('refuses an unknown campaign', async () => {
      const refusal = await refusalOf(decide('no-such-campaign', {}));
      assert.equal(refusal.code, 'unknown_campaign');
    });

    it('refuses decisions once the campaign has closed, naming when', async () => {
      const id = await campaign({ status: 'closing', closedAt: '2026-03-01T10:00:00.000Z' });
      const refusal = await refusalOf(decide(id, {}));
      assert.equal(refusal.code, 'closed');
      assert.equal(
        refusal.message,
        'The campaign closed on 2026-03-01T10:00:00.000Z; decisions are no longer accepted',
      );
      const staging = await campaign({ status: 'staging' });
      assert.equal((await refusalOf(decide(staging, {}))).code, 'closed');
    });

    it('refuses unknown items, listing them, and writes none of the known ones', async () => {
      const id = await campaign();
      const refusal = await refusalOf(decide(id, { itemIds: ['1', '99', 'abc', '0'] }));
      assert.equal(refusal.code, 'unknown_items');
      assert.deepEqual(refusal.itemIds, ['99', 'abc', '0']);
      assert.match(refusal.message, /99, abc, 0/);
      await assertNothingDecided(id);
    });

    it("refuses someone else's items, and the reviewer's own access unless it is a self-review", async () => {
      const id = await campaign();
      const notYours = await refusalOf(decide(id, { itemIds: ['1', '4'] }));
      assert.equal(notYours.code, 'not_reviewer');
      assert.deepEqual(notYours.itemIds, ['4']);
      const own = await refusalOf(decide(id, { itemIds: ['2', '5'] }));
      assert.equal(own.code, 'self_review');
      assert.deepEqual(own.itemIds, ['5']);
      assert.match(own.message, /your own access/);
      await assertNothingDecided(id);

      const selfReview = await campaign({ reviewerKind: 'self' });
      assert.deepEqual(await decide(selfReview, { itemIds: ['5'] }), { decided: 1, unchanged: 0 });
    });

    it('refuses items held through a group: they are decided on their group', async () => {
      const id = await campaign();
      const refusal = await refusalOf(decide(id, { itemIds: ['1', '6'] }));
      assert.equal(refusal.code, 'not_decidable');
      assert.deepEqual(refusal.itemIds, ['6']);
      assert.match(refusal.message, /decided on its group Finance Leads/);
      await assertNothingDecided(id);
    });

    it('lets an admin decide on a reviewer’s behalf (source admin), whoever the item’s reviewers are', async () => {
      const id = await campaign();
      await decide(id, { itemIds: ['4', '5'], reviewerId: null, actor: 'admin-token#1', decision: 'keep' });
      const rows = await itemRows(catalog.db, id);
      assert.deepEqual(
        rows.slice(3, 5).map((r) => [r.decision, r.decision_source, r.decided_by]),
        [
          ['keep', 'admin', 'admin-token#1'],
          ['keep', 'admin', 'admin-token#1'],
        ],
      );
      assert.equal((await auditOf(catalog.db, id, 'review.decided'))[0]!.detail.source, 'admin');
    });

    it('refuses an admin deciding on a reviewer’s behalf their own access, unless it is a self-review', async () => {
      const id = await campaign();
      const admin = { reviewerId: null, deciderId: REVIEWER, actor: `session:${REVIEWER}`, decision: 'keep' as const };
      const own = await refusalOf(decide(id, { ...admin, itemIds: ['4', '5'] }));
      assert.equal(own.code, 'self_review');
      assert.deepEqual(own.itemIds, ['5']);
      await assertNothingDecided(id);
      const selfReview = await campaign({ reviewerKind: 'self' });
      assert.deepEqual(await decide(selfReview, { ...admin, itemIds: ['5'] }), { decided: 1, unchanged: 0 });
    });

    it('stores a comment with a NUL character with a visible replacement instead of failing', async () => {
      const id = await campaign();
      await decide(id, { comment: 'a\u0000b' });
      assert.equal((await itemRows(catalog.db, id))[0]!.comment, 'a\uFFFDb');
    });

    it('decides a thousand items in one call', async () => {
      const id = `c${++n}`;
      const ids = await seedCampaign(catalog.db, {
        id,
        items: Array.from({ length: 1000 }, () => ({ reviewers: [REVIEWER] })),
      });
      assert.deepEqual(await decide(id, { itemIds: ids }), { decided: 1000, unchanged: 0 });
      assert.equal((await auditOf(catalog.db, id, 'review.decided')).length, 1000);
    });

    describe('the default decision at close', () => {
      const DEFAULTS: ItemSpec[] = [
        { recommendation: 'remove' },
        { recommendation: 'keep' },
        { recommendation: 'none' },
        { recommendation: 'remove', decision: 'keep', comment: 'mine' },
        { recommendation: 'remove', viaGroup: { id: 'g', name: 'Leads' } },
        { recommendation: 'remove', applicability: 'immutable' },
        { recommendation: 'remove', applicability: 'unsupported' },
      ];
      const decisions = async (id: string) =>
        (await itemRows(catalog.db, id)).map((r) => [r.decision, r.decision_source]);

      it('follows the recommendation: remove stays remove, keep and none become keep', async () => {
        const id = await campaign({ status: 'closing', items: DEFAULTS });
        assert.deepEqual(await applyDefaultDecision(catalog.db, id, 'recommendation'), { defaulted: 4 });
        assert.deepEqual(await decisions(id), [
          ['remove', 'default'],
          ['keep', 'default'],
          ['keep', 'default'],
          ['keep', 'reviewer'],
          [null, null],
          ['remove', 'default'],
          [null, null],
        ]);
        const row = (await itemRows(catalog.db, id))[0]!;
        assert.equal(row.decided_by, 'lantern');
      });

      it('applies keep or remove to every undecided decidable item, and audits the count once', async () => {
        const keep = await campaign({ status: 'closing', items: DEFAULTS });
        assert.deepEqual(await applyDefaultDecision(catalog.db, keep, 'keep'), { defaulted: 4 });
        assert.deepEqual(
          (await decisions(keep)).map(([d]) => d),
          ['keep', 'keep', 'keep', 'keep', null, 'keep', null],
        );
        const remove = await campaign({ status: 'closing', items: DEFAULTS });
        await applyDefaultDecision(catalog.db, remove, 'remove');
        assert.deepEqual(
          (await decisions(remove)).map(([d]) => d),
          ['remove', 'remove', 'remove', 'keep', null, 'remove', null],
        );
        assert.deepEqual(await applyDefaultDecision(catalog.db, remove, 'remove'), { defaulted: 0 }, 'idempotent');
        const audit = await auditOf(catalog.db, remove, 'review.defaulted');
        assert.equal(audit.length, 1);
        assert.deepEqual(audit[0]!.detail, { defaulted: 4, defaultDecision: 'remove' });
        assert.equal(audit[0]!.actor, 'lantern');
      });
    });

    async function assertNothingDecided(id: string) {
      assert.ok((await itemRows(catalog.db, id)).every((row) => row.decision === null));
      assert.equal((await auditOf(catalog.db, id, 'review.decided')).length, 0);
    }
  });
}
