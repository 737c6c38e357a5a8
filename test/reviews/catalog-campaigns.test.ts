// Campaigns and series in the catalog on PGlite and PostgreSQL: creation and its audit, listing, statuses, due dates,
// counts and progress, a reviewer's campaigns, and occurrences of a recurring series created once each.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import {
  campaignCounts,
  campaignsOfReviewer,
  createCampaign,
  createOccurrence,
  createSeries,
  getCampaign,
  getSeries,
  listCampaigns,
  listSeries,
  reviewerProgress,
  setCampaignStatus,
  setDueAt,
  stopSeries,
} from '../../catalog/reviews/index.js';
import { requirePostgresInCi } from '../helpers/postgres.js';
import {
  DISPLAY_NAMES,
  PEOPLE,
  REVIEW_BACKENDS,
  openReviewWorld,
  reviewDefinition,
  stagedCampaign,
  type ReviewWorld,
} from './review-world.js';

requirePostgresInCi();

for (const backend of REVIEW_BACKENDS) {
  describe(`review campaigns in the catalog on ${backend.name}`, { skip: backend.skip }, () => {
    let world: ReviewWorld;
    before(async () => {
      world = await openReviewWorld({ backend: backend.name });
    });
    after(async () => {
      await world?.close();
    });

    const audits = (subject: string, action: string) =>
      world.db
        .selectFrom('audit_log')
        .select(['actor', 'detail', 'request_id'])
        .where('subject', '=', subject)
        .where('action', '=', action)
        .orderBy('id')
        .execute();

    const create = (startedAt: Date, name = 'Review', connectorId = world.connectorId) => {
      const id = randomUUID();
      return createCampaign(world.db, {
        id,
        definition: reviewDefinition(connectorId, { name }),
        workflowId: `review:${id}`,
        ownerId: `session:${PEOPLE.mona}`,
        ownerSubject: PEOPLE.mona,
        startedAt,
        dueAt: new Date(startedAt.getTime() + 86_400_000),
      });
    };

    it('creates a campaign once, storing its definition and auditing its creation', async () => {
      const id = randomUUID();
      const definition = reviewDefinition(world.connectorId, {
        name: 'Guests "quarterly" — Q1',
        scope: { kinds: ['groupMembers'], principals: 'guests', noSignInForDays: 90 },
      });
      const input = {
        id,
        definition,
        workflowId: `review:${id}`,
        ownerId: `session:${PEOPLE.mona}`,
        ownerSubject: PEOPLE.mona,
        startedAt: new Date('2026-03-01T09:00:00Z'),
        dueAt: new Date('2026-03-15T09:00:00Z'),
      };
      const campaign = await createCampaign(world.db, input, 'req-1');
      assert.deepEqual(campaign, {
        id,
        connectorId: world.connectorId,
        seriesId: null,
        name: definition.name,
        definition,
        workflowId: `review:${id}`,
        ownerId: `session:${PEOPLE.mona}`,
        ownerSubject: PEOPLE.mona,
        status: 'staging',
        startedAt: '2026-03-01T09:00:00.000Z',
        dueAt: '2026-03-15T09:00:00.000Z',
        stagedAt: null,
        closedAt: null,
        completedAt: null,
        signInKnown: null,
        counts: {},
        reportSha256: {},
        error: null,
      });
      const again = await createCampaign(world.db, { ...input, dueAt: new Date('2027-01-01T00:00:00Z') });
      assert.deepEqual(again, campaign);
      const rows = await audits(`review:${id}`, 'review.created');
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.actor, `session:${PEOPLE.mona}`);
      assert.equal(rows[0]!.request_id, 'req-1');
      assert.equal((rows[0]!.detail as { name: string }).name, definition.name);
      assert.equal(await getCampaign(world.db, 'no-such-campaign'), null);
    });

    it('lists campaigns newest first, a page at a time, by connector and status', async () => {
      const other = await openOtherConnector(world);
      const base = Date.parse('2030-01-01T00:00:00Z');
      const made = [];
      for (let n = 0; n < 5; n += 1) made.push(await create(new Date(base + n * 60_000), `Page ${n}`, other));
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await listCampaigns(world.db, { connectorId: other, limit: 2, cursor });
        seen.push(...page.campaigns.map((c) => c.name));
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor && pages < 10);
      assert.deepEqual(seen, ['Page 4', 'Page 3', 'Page 2', 'Page 1', 'Page 0']);
      assert.equal(pages, 3);
      await setCampaignStatus(world.db, made[2]!.id, 'in_review');
      const inReview = await listCampaigns(world.db, { connectorId: other, status: 'in_review', limit: 10 });
      assert.deepEqual(
        inReview.campaigns.map((c) => c.name),
        ['Page 2'],
      );
      assert.equal(inReview.nextCursor, null);
      const everywhere = await listCampaigns(world.db, { limit: 100 });
      assert.ok(everywhere.campaigns.some((c) => c.connectorId === world.connectorId));
    });

    it('moves through its statuses, stamping each step once and keeping counts and errors', async () => {
      const { id } = await create(new Date());
      await setCampaignStatus(world.db, id, 'in_review', { counts: { items: 3 } });
      const staged = (await getCampaign(world.db, id))!;
      assert.ok(staged.stagedAt);
      assert.equal(staged.closedAt, null);
      await setCampaignStatus(world.db, id, 'closing', { counts: { decided: 2 } });
      const closing = (await getCampaign(world.db, id))!;
      assert.ok(closing.closedAt);
      assert.deepEqual(closing.counts, { items: 3, decided: 2 });
      await setCampaignStatus(world.db, id, 'applying');
      await setCampaignStatus(world.db, id, 'completed');
      await setCampaignStatus(world.db, id, 'completed');
      const done = (await getCampaign(world.db, id))!;
      assert.equal(done.status, 'completed');
      assert.equal(done.stagedAt, staged.stagedAt);
      assert.equal(done.closedAt, closing.closedAt);
      assert.ok(done.completedAt);
      await setCampaignStatus(world.db, id, 'failed', { error: 'Graph said no' });
      const failed = (await getCampaign(world.db, id))!;
      assert.deepEqual([failed.status, failed.error], ['failed', 'Graph said no']);
    });

    it('moves the due date and audits who moved it from when to when', async () => {
      const { id, dueAt } = await create(new Date('2030-05-01T00:00:00Z'));
      const later = new Date('2030-06-01T00:00:00Z');
      await setDueAt(world.db, id, later, `session:${PEOPLE.mona}`);
      await setDueAt(world.db, id, later, `session:${PEOPLE.mona}`);
      assert.equal((await getCampaign(world.db, id))!.dueAt, later.toISOString());
      const rows = await audits(`review:${id}`, 'review.extended');
      assert.deepEqual(
        rows.map((r) => [r.actor, r.detail]),
        [[`session:${PEOPLE.mona}`, { from: dueAt, to: later.toISOString() }]],
      );
    });

    it('counts progress from the items in one figure set, and per reviewer', async () => {
      const id = await stagedCampaign(world.db, world, { scope: { kinds: ['groupMembers'] } });
      const fresh = await campaignCounts(world.db, id);
      assert.deepEqual(fresh, {
        items: 13,
        reviewers: 2,
        decided: 0,
        keep: 0,
        remove: 0,
        removed: 0,
        alreadyGone: 0,
        notApplicable: 0,
        refused: 0,
        failed: 0,
      });
      await sql`update review_items set decision = 'keep' where campaign_id = ${id} and id in (1, 2)`.execute(world.db);
      await sql`update review_items set decision = 'remove', apply_result = 'removed' where campaign_id = ${id}
        and id in (3, 4)`.execute(world.db);
      await sql`update review_items set decision = 'remove', apply_result = 'failed' where campaign_id = ${id}
        and id = 5`.execute(world.db);
      await sql`update review_items set apply_result = 'already_gone' where campaign_id = ${id} and id = 6`.execute(
        world.db,
      );
      await sql`update review_items set apply_result = 'not_applicable' where campaign_id = ${id} and id = 7`.execute(
        world.db,
      );
      await sql`update review_items set apply_result = 'refused' where campaign_id = ${id} and id = 8`.execute(
        world.db,
      );
      assert.deepEqual(await campaignCounts(world.db, id), {
        ...fresh,
        decided: 5,
        keep: 2,
        remove: 3,
        removed: 2,
        alreadyGone: 1,
        notApplicable: 1,
        refused: 1,
        failed: 1,
      });
      const progress = await reviewerProgress(world.db, id);
      assert.deepEqual(
        progress.map((p) => [p.name, p.upn, p.items]),
        [
          [DISPLAY_NAMES.fay, 'fay@contoso.test', 4],
          [DISPLAY_NAMES.mona, 'mona@contoso.test', 7],
        ],
      );
      const decidedByAssignment = await sql<{ reviewer_id: string; decided: string }>`
        select a.reviewer_id, count(*) filter (where i.decision is not null) as decided from review_assignments a
        join review_items i on i.campaign_id = a.campaign_id and i.id = a.item_id
        where a.campaign_id = ${id} group by a.reviewer_id`.execute(world.db);
      for (const p of progress)
        assert.equal(
          p.decided,
          Number(decidedByAssignment.rows.find((r) => r.reviewer_id === p.reviewerId)?.decided),
          p.name,
        );
    });

    it("lists a reviewer's campaigns with what is left to decide, leaving out campaigns still staging", async () => {
      const reviewed = await stagedCampaign(world.db, world, { scope: { kinds: ['groupMembers'] } });
      const staging = await create(new Date());
      await sql`insert into review_items (campaign_id, id, entitlement_id, entitlement_kind, entitlement_name,
        resource_id, resource_type, resource_name, principal_id, principal_kind, principal_name, applicability,
        recommendation, recommendation_reason) values (${staging.id}, 1, 'e', 'member', 'E', 'r', 'group', 'R', 'p',
        'user', 'P', 'applicable', 'none', 'x')`.execute(world.db);
      await sql`insert into review_assignments (campaign_id, item_id, reviewer_id, kind)
        values (${staging.id}, 1, ${PEOPLE.mona}, 'named')`.execute(world.db);
      await sql`update review_items set decision = 'keep' where campaign_id = ${reviewed} and id in
        (select item_id from review_assignments where campaign_id = ${reviewed} and reviewer_id = ${PEOPLE.mona}
         order by item_id limit 2)`.execute(world.db);
      const mine = await campaignsOfReviewer(world.db, PEOPLE.mona);
      const found = mine.find((c) => c.id === reviewed);
      assert.deepEqual([found?.assigned, found?.undecided], [7, 5]);
      assert.ok(!mine.some((c) => c.id === staging.id));
      assert.deepEqual(await campaignsOfReviewer(world.db, PEOPLE.carl), []);
    });

    it('records a recurring series, lists it, and stops it once', async () => {
      const id = randomUUID();
      const definition = reviewDefinition(world.connectorId, { name: 'Monthly guests', recurrence: 'monthly' });
      const input = {
        id,
        definition,
        cadence: 'monthly' as const,
        scheduleId: `review-series:${id}`,
        createdBy: 'admin-token#1',
      };
      const series = await createSeries(world.db, input);
      assert.deepEqual(await createSeries(world.db, input), series);
      assert.equal(series.connectorId, world.connectorId);
      assert.deepEqual(series.definition, definition);
      assert.equal(series.stoppedAt, null);
      assert.ok((await listSeries(world.db, world.connectorId)).some((s) => s.id === id));
      assert.deepEqual(await listSeries(world.db, 'no-such-connector'), []);
      await stopSeries(world.db, id, 'admin-token#1');
      await stopSeries(world.db, id, 'admin-token#2');
      assert.ok((await getSeries(world.db, id))!.stoppedAt);
      assert.equal((await audits(`review-series:${id}`, 'review.series_created')).length, 1);
      const stopped = await audits(`review-series:${id}`, 'review.series_stopped');
      assert.deepEqual(
        stopped.map((r) => r.actor),
        ['admin-token#1'],
      );
      assert.equal(await getSeries(world.db, 'no-such-series'), null);
    });

    it("creates each occurrence's campaign once, however often the occurrence retries", async () => {
      const seriesId = randomUUID();
      const definition = reviewDefinition(world.connectorId, { name: 'Quarterly', durationSeconds: 3_600 });
      await createSeries(world.db, {
        id: seriesId,
        definition,
        cadence: 'quarterly',
        scheduleId: `review-series:${seriesId}`,
        createdBy: `session:${PEOPLE.mona}`,
      });
      const now = new Date('2031-01-01T00:00:00Z');
      const first = await createOccurrence(world.db, seriesId, 'review-series:x-2031-01-01', now);
      const retry = await createOccurrence(world.db, seriesId, 'review-series:x-2031-01-01', new Date());
      const next = await createOccurrence(world.db, seriesId, 'review-series:x-2031-04-01', now);
      assert.deepEqual(retry, first);
      assert.notEqual(next.id, first.id);
      assert.deepEqual(
        [first.seriesId, first.ownerId, first.ownerSubject, first.name, first.workflowId],
        [seriesId, `schedule:${seriesId}`, null, 'Quarterly', `review:${first.id}`],
      );
      assert.equal(first.dueAt, '2031-01-01T01:00:00.000Z');
      assert.deepEqual(first.definition, definition);
      const created = await world.db
        .selectFrom('review_campaigns')
        .select('id')
        .where('series_id', '=', seriesId)
        .execute();
      assert.equal(created.length, 2);
    });
  });
}

/** A second connector in the same catalog, so listing tests see only their own campaigns. */
async function openOtherConnector(world: ReviewWorld): Promise<string> {
  const id = `c-${randomUUID().slice(0, 8)}`;
  await world.db
    .insertInto('connectors')
    .values({ id, display_name: id, tenant_id: null, status: 'connected' })
    .execute();
  return id;
}
