// Every kind of bad input to the access review API is refused with the right status and a message that says what to
// fix, and changes nothing: no campaign, series, decision, due date, audit row or call to Temporal.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { authHeader, buildTestApp, stubTemporal } from '../helpers/api-app.js';
import { connectorRow } from '../helpers/catalog-rows.js';
import { openReviewApi, type ReviewApi } from './api-fakes.js';
import { PEOPLE } from './review-world.js';

const BASE = '/api/v1/reviews';

interface Item {
  id: string;
  principalId: string;
  viaGroupId: string | null;
  reviewerIds: string[];
}

describe('access review API refusals', () => {
  let t: ReviewApi;
  let open: { id: string; items: Item[] };
  before(async () => {
    t = await openReviewApi();
    await t.db
      .insertInto('connectors')
      .values(connectorRow('c-paused', { displayName: 'Paused', tenantId: null }))
      .execute();
    await t.db.updateTable('connectors').set({ status: 'disabled' }).where('id', '=', 'c-paused').execute();
    const created = await t.post(
      BASE,
      t.definition({ reviewers: { kind: 'owners', fallbackIds: [PEOPLE.fay] } }),
      await t.admin(PEOPLE.adam),
    );
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().campaign.id as string;
    open = { id, items: (await t.get(`${BASE}/${id}/items?limit=500`)).json().items };
  });
  after(async () => {
    await t?.close();
  });

  /** Everything a refused request could have changed. */
  async function state() {
    const { rows } = await sql<Record<string, string>>`select
      (select count(*) from review_campaigns) as campaigns, (select count(*) from review_series) as series,
      (select count(*) from review_items where decision is not null) as decided,
      (select count(*) from audit_log) as audit,
      (select string_agg(id || status || due_at::text, ',' order by id) from review_campaigns) as campaign_rows`.execute(
      t.db,
    );
    return { ...rows[0], temporalCalls: t.fake.calls.length };
  }
  /** Sends the request, asserts status and message, and that nothing changed. */
  async function refused(
    send: () => Promise<{ statusCode: number; body: string; json(): { error: { message: string } } }>,
    status: number,
    message: RegExp,
  ) {
    const before = await state();
    const res = await send();
    assert.equal(res.statusCode, status, res.body);
    assert.match(res.json().error.message, message);
    assert.deepEqual(await state(), before, 'a refusal changes nothing');
  }
  const itemOf = (principalId: string, opts: { viaGroup?: boolean } = {}) => {
    const item = open.items.find(
      (i) => i.principalId === principalId && Boolean(i.viaGroupId) === Boolean(opts.viaGroup),
    );
    assert.ok(item, `an item of ${principalId}`);
    return item;
  };

  describe('creating', () => {
    it('refuses an unknown connector', () =>
      refused(
        () => t.post(BASE, t.definition({ connectorId: 'c-nowhere' })),
        404,
        /Connector c-nowhere was not found/,
      ));
    it('refuses a connector that is not connected', () =>
      refused(
        () => t.post(BASE, t.definition({ connectorId: 'c-paused' })),
        409,
        /c-paused is disabled, not connected/,
      ));
    it('names reviewers who are not enabled users of the tenant (unknown, disabled, not a user)', () =>
      refused(
        () =>
          t.post(
            BASE,
            t.definition({
              reviewers: {
                kind: 'manager',
                fallbackIds: ['ghost@contoso.test', PEOPLE.dave, t.world.robot, PEOPLE.fay],
              },
            }),
          ),
        400,
        new RegExp(
          `reviewers\\.fallbackIds: ghost@contoso\\.test, ${PEOPLE.dave}, ${t.world.robot} are not enabled users`,
        ),
      ));
    it('names unknown named reviewers and groups', async () => {
      await refused(
        () =>
          t.post(
            BASE,
            t.definition({ reviewers: { kind: 'named', principalIds: ['nobody'], fallbackIds: [PEOPLE.fay] } }),
          ),
        400,
        /reviewers\.principalIds: nobody is not an enabled user/,
      );
      await refused(
        () =>
          t.post(BASE, t.definition({ reviewers: { kind: 'named', groupIds: ['g-none'], fallbackIds: [PEOPLE.fay] } })),
        400,
        /reviewers\.groupIds: g-none is not a group/,
      );
      await refused(
        () => t.post(BASE, t.definition({ reviewers: { kind: 'named', fallbackIds: [PEOPLE.fay] } })),
        400,
        /kind "named" needs reviewers\.principalIds or reviewers\.groupIds/,
      );
    });
    it('refuses an empty scope and unknown resources', async () => {
      await refused(
        () => t.post(BASE, t.definition({ scope: { kinds: [] } })),
        400,
        /body\.scope\.kinds must NOT have fewer than 1 items/,
      );
      await refused(
        () => t.post(BASE, t.definition({ scope: { kinds: ['groupMembers'], resourceIds: ['r-none'] } })),
        400,
        /scope\.resourceIds: r-none is not a resource/,
      );
    });
    it('refuses both dueAt and durationSeconds, a past dueAt, and a fixed dueAt for a recurring campaign', async () => {
      const soon = new Date(Date.now() + 86_400_000).toISOString();
      await refused(
        () => t.post(BASE, t.definition({ dueAt: soon, durationSeconds: 3600 })),
        400,
        /either durationSeconds or dueAt, not both/,
      );
      await refused(
        () => t.post(BASE, t.definition({ dueAt: new Date(Date.now() - 60_000).toISOString() })),
        400,
        /dueAt must be at least a minute in the future/,
      );
      await refused(
        () => t.post(BASE, t.definition({ dueAt: soon, recurrence: 'monthly' })),
        400,
        /recurring campaign needs durationSeconds/,
      );
      await refused(
        () => t.post(BASE, t.definition({ durationSeconds: 30 })),
        400,
        /body\.durationSeconds must be >= 60/,
      );
    });
    it('refuses unknown fields', () =>
      refused(() => t.post(BASE, t.definition({ owner: 'me' })), 400, /Unknown field body\.owner/));
    it('answers 503 without Temporal, before creating anything', async () => {
      const app = await buildTestApp(t.catalog, { temporal: stubTemporal() });
      try {
        await refused(
          () => app.inject({ method: 'POST', url: BASE, headers: authHeader, payload: t.definition() }),
          503,
          /need Temporal/,
        );
      } finally {
        await app.close();
      }
    });
    it('marks the campaign failed (not staged forever) when its workflow cannot start', async () => {
      t.fake.failNextStart();
      const res = await t.post(BASE, t.definition({ name: 'Doomed' }));
      assert.equal(res.statusCode, 500);
      const failed = (await t.get(`${BASE}?status=failed`)).json().campaigns;
      assert.deepEqual(
        failed.map((c: { name: string; error: string }) => [c.name, c.error]),
        [['Doomed', 'The campaign workflow could not be started.']],
      );
    });
    it('stops the series and its schedule when the first campaign of a recurring one cannot start', async () => {
      t.fake.failNextStart();
      const res = await t.post(BASE, t.definition({ name: 'Doomed series', recurrence: 'monthly' }));
      assert.equal(res.statusCode, 500);
      const series = (await t.get('/api/v1/review-series'))
        .json()
        .series.find((s: { name: string }) => s.name === 'Doomed series');
      assert.ok(series?.stoppedAt, 'the series is stopped, not left scheduling campaigns');
      assert.ok(t.fake.calls.some((c) => c.op === 'unschedule' && c.id === series.id));
    });
    it('refuses a blank name', () =>
      refused(() => t.post(BASE, t.definition({ name: '   ' })), 400, /name must not be blank/));
  });

  describe('deciding', () => {
    const decide = async (who: string, itemIds: string[]) =>
      t.post(`${BASE}/${open.id}/decisions`, { itemIds, decision: 'remove' }, await t.person(who));

    it("refuses items of someone else (here the owner's own membership, which her fallback reviews), listing them", () => {
      const hers = itemOf(PEOPLE.olga);
      assert.ok(!hers.reviewerIds.includes(PEOPLE.olga) && hers.reviewerIds.includes(PEOPLE.fay));
      return refused(
        () => decide(PEOPLE.olga, [itemOf(PEOPLE.alice).id, hers.id]),
        403,
        new RegExp(`not a reviewer of item ${hers.id}\\b`),
      );
    });
    it('refuses unknown items, listing them', () =>
      refused(
        () => decide(PEOPLE.olga, [itemOf(PEOPLE.alice).id, '424242', '434343']),
        404,
        /No such items in this campaign: 424242, 434343/,
      ));
    it('refuses items held through a group (decided on the group), even from its reviewer', () => {
      const viaGroup = itemOf(PEOPLE.carl, { viaGroup: true });
      const reviewer = viaGroup.reviewerIds[0];
      return refused(
        async () =>
          t.post(
            `${BASE}/${open.id}/decisions`,
            { itemIds: [viaGroup.id], decision: 'remove' },
            reviewer ? await t.person(reviewer) : authHeader,
          ),
        422,
        new RegExp(`through a group.*${viaGroup.id}|${viaGroup.id}.*through a group`),
      );
    });
    it('hides the campaign from a person with nothing to review in it', async () => {
      await refused(() => decide(PEOPLE.nina, [itemOf(PEOPLE.alice).id]), 404, /Review campaign .* was not found/);
      await refused(async () => t.get(`${BASE}/${open.id}/items`, await t.person(PEOPLE.nina)), 404, /was not found/);
    });
    it('refuses schema problems: no items, 1,001 items, ids that are not numbers', async () => {
      await refused(() => decide(PEOPLE.olga, []), 400, /body\.itemIds must NOT have fewer than 1 items/);
      const many = Array.from({ length: 1_001 }, (_, i) => String(i + 1));
      await refused(() => decide(PEOPLE.olga, many), 400, /body\.itemIds must NOT have more than 1000 items/);
      await refused(() => decide(PEOPLE.olga, ['1; drop']), 400, /body\.itemIds\.0 must match pattern/);
    });
  });

  describe("the owner's actions", () => {
    it('refuses a person who neither created the campaign nor is an admin', async () => {
      const mona = await t.person(PEOPLE.mona);
      await refused(() => t.post(`${BASE}/${open.id}/close`, {}, mona), 403, /Only an admin or the person who created/);
      await refused(
        () =>
          t.post(`${BASE}/${open.id}/extend`, { dueAt: new Date(Date.now() + 90 * 86_400_000).toISOString() }, mona),
        403,
        /Only an admin or the person who created/,
      );
    });
    it('refuses extending to an earlier due date, and applying a campaign that does not await it', async () => {
      const adam = await t.admin(PEOPLE.adam);
      await refused(
        () => t.post(`${BASE}/${open.id}/extend`, { dueAt: new Date(Date.now() + 60_000).toISOString() }, adam),
        409,
        /must be later than the current one/,
      );
      await refused(
        () =>
          t.post(`${BASE}/${open.id}/extend`, { dueAt: new Date(Date.now() + 400 * 86_400_000).toISOString() }, adam),
        400,
        /within 366 days of the campaign's start/,
      );
      await refused(
        () => t.post(`${BASE}/${open.id}/apply`, {}, adam),
        409,
        /is in_review: removals are applied by hand only/,
      );
    });
    it('refuses decisions after close, and a second close', async () => {
      const adam = await t.admin(PEOPLE.adam);
      const closed = await t.post(`${BASE}/${open.id}/close`, {}, adam);
      assert.equal(closed.statusCode, 200, closed.body);
      await refused(
        async () =>
          t.post(
            `${BASE}/${open.id}/decisions`,
            { itemIds: [itemOf(PEOPLE.alice).id], decision: 'keep' },
            await t.person(PEOPLE.olga),
          ),
        409,
        /closed on .*no longer accepted/,
      );
      await refused(() => t.post(`${BASE}/${open.id}/close`, {}, adam), 409, /already completed/);
    });
    it('answers 404 for an unknown campaign or series', async () => {
      await refused(() => t.get(`${BASE}/nope`), 404, /Review campaign nope was not found/);
      await refused(
        () => t.app.inject({ method: 'DELETE', url: '/api/v1/review-series/nope', headers: authHeader }),
        404,
        /Review series nope/,
      );
    });
  });
});
