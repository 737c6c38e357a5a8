// The reviewer inbox read on both catalog backends: keyset pages that return every item exactly once in each sort
// order, filters whose total matches, reviewers per item, and cursors that cannot be forged into another sort.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Catalog } from '../../catalog/index.js';
import {
  decideItems,
  InvalidReviewCursor,
  listItems,
  type InboxQuery,
  type InboxSort,
  type ReviewItemView,
} from '../../catalog/reviews/decisions.js';
import { BACKENDS } from '../catalog/directory-fixture.js';
import { requirePostgresInCi } from '../helpers/postgres.js';
import { seedCampaign, type ItemSpec } from './decisions-fixture.js';

requirePostgresInCi();

const MONA = 'rev-mona';
const OLGA = 'rev-olga';
const NAMES = ['Ada', 'Bob', 'Ada', 'Zoe', '100% Sure', 'Under_score', 'Ada', 'Carl'];
const SIGN_INS = [null, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2025-06-30T12:00:00.123Z', null];
const RECOMMENDATIONS = ['remove', 'keep', 'none'] as const;

/** 37 items with many ties in every sort key; Mona reviews all but every fifth, Olga every third. */
const ITEMS: ItemSpec[] = Array.from({ length: 37 }, (_, i) => ({
  principalName: NAMES[i % NAMES.length]!,
  resourceName: `Group ${String.fromCharCode(65 + (i % 4))}`,
  lastSignInAt: SIGN_INS[i % SIGN_INS.length]!,
  recommendation: RECOMMENDATIONS[i % 3]!,
  reviewers: [...(i % 5 === 4 ? [] : [MONA]), ...(i % 3 === 0 ? [OLGA] : [])],
}));

const SORTS: InboxSort[] = ['principal', 'resource', 'lastSignIn', 'recommendation'];

for (const backend of BACKENDS) {
  describe(`the review inbox on ${backend.name}`, { skip: backend.skip }, () => {
    let catalog: Catalog;
    let dispose: () => Promise<void>;
    const CAMPAIGN = 'inbox';

    before(async () => {
      ({ catalog, dispose } = await backend.open());
      await seedCampaign(catalog.db, { id: CAMPAIGN, items: ITEMS });
      await decideItems(catalog.db, {
        campaignId: CAMPAIGN,
        itemIds: ['1', '2', '3'],
        decision: 'keep',
        comment: null,
        reviewerId: MONA,
        actor: 'session:mona',
      });
      await decideItems(catalog.db, {
        campaignId: CAMPAIGN,
        itemIds: ['4'],
        decision: 'remove',
        comment: null,
        reviewerId: MONA,
        actor: 'session:mona',
      });
    });
    after(() => dispose?.());

    /** Every page, following nextCursor; asserts each page's total is the same. */
    async function allPages(query: Omit<InboxQuery, 'campaignId' | 'limit'>, limit = 4): Promise<ReviewItemView[]> {
      const seen: ReviewItemView[] = [];
      let cursor: string | undefined;
      let total: number | undefined;
      for (let pages = 0; pages < 100; pages++) {
        const page = await listItems(catalog.db, { campaignId: CAMPAIGN, limit, cursor, ...query });
        total ??= page.total;
        assert.equal(page.total, total);
        seen.push(...page.items);
        if (!page.nextCursor) {
          assert.equal(seen.length, total, 'the pages hold exactly `total` items');
          return seen;
        }
        cursor = page.nextCursor;
      }
      throw new Error('pages never ended');
    }

    const sortKey: Record<InboxSort, (item: ReviewItemView) => (string | number)[]> = {
      principal: (i) => [i.principalName, i.resourceName],
      resource: (i) => [i.resourceName, i.principalName],
      lastSignIn: (i) => [i.lastSignInAt ?? ''],
      recommendation: (i) => [{ remove: 0, none: 1, keep: 2 }[i.recommendation]],
    };

    for (const sort of SORTS) {
      it(`returns every item exactly once, in order, sorted by ${sort}`, async () => {
        for (const reviewerId of [null, MONA]) {
          const items = await allPages({ reviewerId, sort });
          const ids = items.map((i) => i.id);
          assert.equal(new Set(ids).size, ids.length, 'no item twice');
          const expected = reviewerId === null ? 37 : ITEMS.filter((s) => s.reviewers!.includes(MONA)).length;
          assert.equal(ids.length, expected);
          for (let k = 1; k < items.length; k++) {
            const [a, b] = [sortKey[sort](items[k - 1]!), sortKey[sort](items[k]!)];
            assert.ok(compareKeys(a, b) <= 0, `${sort}: ${String(a)} before ${String(b)}`);
          }
        }
      });
    }

    it('limits a reviewer to their own items and names every reviewer of each item', async () => {
      const items = await allPages({ reviewerId: OLGA }, 50);
      assert.deepEqual(
        items.map((i) => Number(i.id)).sort((a, b) => a - b),
        ITEMS.flatMap((s, i) => (s.reviewers!.includes(OLGA) ? [i + 1] : [])),
      );
      const first = items.find((i) => i.id === '1')!;
      assert.deepEqual(first.reviewerIds, [MONA, OLGA]);
      const fifth = items.find((i) => i.id === '10')!;
      assert.deepEqual(fifth.reviewerIds, [OLGA]);
    });

    it('filters by decision and recommendation, with the total counting the same items', async () => {
      const undecided = await allPages({ reviewerId: MONA, decision: 'undecided' });
      assert.ok(undecided.every((i) => i.decision === null));
      const keep = await allPages({ reviewerId: null, decision: 'keep' });
      assert.deepEqual(keep.map((i) => i.id).sort(), ['1', '2', '3']);
      assert.ok(keep.every((i) => i.decisionSource === 'reviewer' && i.decidedBy === MONA && i.decidedAt));
      assert.deepEqual(
        (await allPages({ reviewerId: null, decision: 'remove' })).map((i) => i.id),
        ['4'],
      );
      const all = await listItems(catalog.db, { campaignId: CAMPAIGN, reviewerId: MONA, decision: 'all', limit: 1 });
      assert.equal(undecided.length, all.total - 4);
      const remove = await allPages({ reviewerId: null, recommendation: 'remove' });
      assert.equal(remove.length, 13);
      assert.ok(remove.every((i) => i.recommendation === 'remove'));
    });

    it('searches names, UPNs and resources case-insensitively, with % and _ matching only themselves', async () => {
      const ada = await allPages({ reviewerId: null, q: 'aDa' });
      assert.ok(ada.length > 0 && ada.every((i) => i.principalName === 'Ada'));
      const percent = await allPages({ reviewerId: null, q: '0%' });
      assert.ok(percent.length > 0 && percent.every((i) => i.principalName === '100% Sure'));
      const underscore = await allPages({ reviewerId: null, q: 'r_s' });
      assert.ok(underscore.length > 0 && underscore.every((i) => i.principalName === 'Under_score'));
      assert.equal((await allPages({ reviewerId: null, q: '%' })).length, percent.length);
      assert.equal((await allPages({ reviewerId: null, q: 'user-7@contoso' })).length, 1);
      assert.equal((await allPages({ reviewerId: null, q: 'group b' })).length, 9);
    });

    it('refuses a cursor that was tampered with or made for another sort order', async () => {
      const page = await listItems(catalog.db, { campaignId: CAMPAIGN, reviewerId: null, sort: 'resource', limit: 2 });
      assert.ok(page.nextCursor);
      const query = { campaignId: CAMPAIGN, reviewerId: null, limit: 2 };
      await assert.rejects(
        listItems(catalog.db, { ...query, sort: 'principal', cursor: page.nextCursor }),
        InvalidReviewCursor,
      );
      await assert.rejects(listItems(catalog.db, { ...query, cursor: 'not-a-cursor' }), InvalidReviewCursor);
      const forged = Buffer.from(JSON.stringify({ s: 'principal', k: ['a', 'b'], id: '1; drop table' })).toString(
        'base64url',
      );
      await assert.rejects(listItems(catalog.db, { ...query, cursor: forged }), InvalidReviewCursor);
    });

    it('pages a reviewer with thousands of items the same whether it walks the index or starts from assignments', async () => {
      const many = 'many';
      await seedCampaign(catalog.db, {
        id: many,
        items: Array.from({ length: 2300 }, (_, i) => ({ ...ITEMS[i % ITEMS.length]!, reviewers: [MONA] })),
      });
      for (const sort of SORTS) {
        const pages = async (q?: string) => {
          const ids: string[] = [];
          let cursor: string | undefined;
          do {
            const page = await listItems(catalog.db, {
              campaignId: many,
              reviewerId: MONA,
              sort,
              q,
              cursor,
              limit: 500,
            });
            assert.equal(page.total, 2300);
            ids.push(...page.items.map((i) => i.id));
            cursor = page.nextCursor ?? undefined;
          } while (cursor);
          return ids;
        };
        const walked = await pages();
        assert.equal(new Set(walked).size, 2300);
        // 'contoso' matches every UPN: a filter, so the page starts from the reviewer's assignments.
        assert.deepEqual(await pages('contoso'), walked, sort);
      }
    });

    it('shows an item with its times as ISO strings and a direct grant without a via group', async () => {
      const { items } = await listItems(catalog.db, { campaignId: CAMPAIGN, reviewerId: null, q: 'user-2@', limit: 5 });
      assert.equal(items.length, 1);
      assert.equal(items[0]!.lastSignInAt, '2026-01-01T00:00:00.000Z');
      assert.equal(items[0]!.viaGroupId, null);
      assert.equal(items[0]!.decision, 'keep');
    });
  });
}

function compareKeys(a: (string | number)[], b: (string | number)[]): number {
  for (let k = 0; k < a.length; k++) {
    if (a[k] === b[k]) continue;
    // The database's collation decides text order; equal-or-ordered is checked with the same rule both ways.
    return typeof a[k] === 'number' ? (a[k] as number) - (b[k] as number) : a[k]! < b[k]! ? -1 : 1;
  }
  return 0;
}
