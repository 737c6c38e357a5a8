// The access review JSON API on a PGlite catalog holding the review world, with a fake ReviewsTemporal that moves the
// catalog as the workflow would: creating (defaults, UPNs, recurrence), reading, reviewers' items and decisions, and
// the evidence report with its recorded digest.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { DEFAULT_REMINDERS } from '../../domain/reviews.js';
import { authHeader } from '../helpers/api-app.js';
import { openReviewApi, type ReviewApi } from './api-fakes.js';
import { PEOPLE } from './review-world.js';

const BASE = '/api/v1/reviews';

describe('access review API', () => {
  let t: ReviewApi;
  before(async () => {
    t = await openReviewApi();
  });
  after(async () => {
    await t?.close();
  });

  const create = async (overrides: object = {}, headers?: Record<string, string>) => {
    // Fay given by her UPN: the API resolves it to her object id.
    const fay = { reviewers: { kind: 'manager', fallbackIds: ['Fay@Contoso.test'] } };
    const res = await t.post(BASE, t.definition({ ...fay, ...overrides }), headers);
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  };

  it('creates a one-time campaign with every default filled, a UPN resolved, and starts its workflow', async () => {
    const before = Date.now();
    const { campaign, series } = await create();
    assert.equal(series, null);
    assert.equal(campaign.status, 'in_review', 'the fake workflow staged it');
    assert.equal(campaign.ownerId, 'admin-token#1');
    assert.equal(campaign.ownerSubject, null, 'a token is nobody in Entra');
    assert.deepEqual(campaign.definition.reviewers, { kind: 'manager', fallbackIds: [PEOPLE.fay] });
    assert.equal(campaign.definition.durationSeconds, 14 * 86_400);
    assert.deepEqual(campaign.definition.reminders, DEFAULT_REMINDERS);
    assert.equal(campaign.definition.defaultDecision, 'keep');
    assert.equal(campaign.definition.autoApply, true);
    assert.equal(campaign.definition.inactiveDays, 30);
    assert.equal(campaign.definition.recurrence, null);
    const due = Date.parse(campaign.dueAt) - Date.parse(campaign.startedAt);
    assert.equal(due, 14 * 86_400_000);
    assert.ok(Date.parse(campaign.startedAt) >= before - 1000);
    const start = t.fake.calls.find((c) => c.op === 'start' && c.id === campaign.id);
    assert.deepEqual(start?.detail, {
      campaignId: campaign.id,
      connectorId: t.world.connectorId,
      name: 'Finance memberships',
      owner: 'admin-token#1',
    });
    assert.equal(campaign.workflowId, `review:${campaign.id}`);
  });

  it('takes a due date instead of a duration, and records the creating person as owner', async () => {
    const dueAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const { campaign } = await create({ dueAt }, await t.admin(PEOPLE.adam));
    assert.equal(Math.abs(Date.parse(campaign.dueAt) - Date.parse(dueAt)) < 1000, true);
    assert.equal(campaign.ownerId, `session:${PEOPLE.adam}`);
    assert.equal(campaign.ownerSubject, PEOPLE.adam);
  });

  it('creates a series and its schedule for a recurring campaign, lists it, and stops it', async () => {
    const { campaign, series } = await create({ recurrence: 'quarterly', name: 'Quarterly Finance' });
    assert.equal(series.cadence, 'quarterly');
    assert.equal(series.scheduleId, `review-series:${series.id}`);
    assert.equal(campaign.seriesId, series.id);
    const scheduled = t.fake.calls.find((c) => c.op === 'schedule' && c.id === series.id);
    assert.deepEqual(scheduled?.detail, {
      seriesId: series.id,
      connectorId: t.world.connectorId,
      name: 'Quarterly Finance',
      cadence: 'quarterly',
    });
    const listed = (await t.get('/api/v1/review-series')).json();
    assert.ok(listed.series.some((s: { id: string }) => s.id === series.id));

    const stopped = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/review-series/${series.id}`,
      headers: authHeader,
    });
    assert.equal(stopped.statusCode, 200, stopped.body);
    assert.ok(stopped.json().stoppedAt);
    assert.ok(t.fake.calls.some((c) => c.op === 'unschedule' && c.id === series.id));
  });

  it('lists campaigns and shows one with its counts and per-reviewer progress', async () => {
    const { campaign } = await create({ name: 'Listed' });
    const list = await t.get(BASE);
    assert.equal(list.statusCode, 200);
    assert.ok(list.json().campaigns.some((c: { id: string }) => c.id === campaign.id));
    const detail = await t.get(`${BASE}/${campaign.id}`);
    assert.equal(detail.statusCode, 200, detail.body);
    const body = detail.json();
    assert.ok(body.counts.items > 0);
    const mona = body.reviewers.find((r: { reviewerId: string }) => r.reviewerId === PEOPLE.mona);
    assert.ok(mona && mona.items > 0 && mona.decided === 0, JSON.stringify(body.reviewers));
  });

  it('shows a reviewer only their own items, an admin all of them (or one reviewer’s)', async () => {
    const { campaign } = await create({ name: 'Items' });
    const mona = await t.person(PEOPLE.mona);
    const own = await t.get(`${BASE}/${campaign.id}/items`, mona);
    assert.equal(own.statusCode, 200, own.body);
    const ownItems = own.json().items as { reviewerIds: string[] }[];
    assert.ok(ownItems.length > 0);
    assert.ok(ownItems.every((i) => i.reviewerIds.includes(PEOPLE.mona)));
    const all = (await t.get(`${BASE}/${campaign.id}/items`)).json();
    assert.ok(all.total > own.json().total, 'fallback items too');
    const monas = (await t.get(`${BASE}/${campaign.id}/items?reviewer=${PEOPLE.mona}`)).json();
    assert.equal(monas.total, own.json().total);
    const mine = (await t.get('/api/v1/me/reviews', mona)).json();
    assert.ok(mine.campaigns.some((c: { id: string; assigned: number }) => c.id === campaign.id && c.assigned > 0));
  });

  it('records a reviewer’s decision once: a second identical submission changes nothing', async () => {
    const { campaign } = await create({ name: 'Decisions' });
    const mona = await t.person(PEOPLE.mona);
    const items = (await t.get(`${BASE}/${campaign.id}/items`, mona)).json().items as {
      id: string;
      viaGroupId: string | null;
    }[];
    const direct = items
      .filter((i) => !i.viaGroupId)
      .slice(0, 2)
      .map((i) => i.id);
    const body = { itemIds: direct, decision: 'remove', comment: 'left the team' };
    const first = await t.post(`${BASE}/${campaign.id}/decisions`, body, mona);
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), { decided: direct.length, unchanged: 0 });
    const audits = await auditCount(`review:${campaign.id}:%`);
    const again = await t.post(`${BASE}/${campaign.id}/decisions`, body, await t.person(PEOPLE.mona));
    assert.deepEqual(again.json(), { decided: 0, unchanged: direct.length });
    assert.equal(await auditCount(`review:${campaign.id}:%`), audits, 'no second audit row');
    const decided = (await t.get(`${BASE}/${campaign.id}/items?decision=remove`)).json().items;
    assert.deepEqual(
      decided.map((i: { id: string; decidedBy: string; comment: string }) => [i.id, i.decidedBy, i.comment]),
      direct.map((id) => [id, PEOPLE.mona, 'left the team']),
    );
  });

  it('decides 1,000 items in one request', async () => {
    const { campaign } = await create({
      name: 'Bulk',
      reviewers: { kind: 'named', principalIds: [PEOPLE.nina], fallbackIds: [PEOPLE.fay] },
    });
    const ids = await addItems(campaign.id, PEOPLE.nina, 1_000);
    const started = performance.now();
    const res = await t.post(
      `${BASE}/${campaign.id}/decisions`,
      { itemIds: ids, decision: 'keep' },
      await t.person(PEOPLE.nina),
    );
    const ms = performance.now() - started;
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { decided: 1_000, unchanged: 0 });
    console.log(`# decided 1,000 items through the API in ${ms.toFixed(0)} ms (PGlite)`);
  });

  it('lets an admin decide on a reviewer’s behalf', async () => {
    const { campaign } = await create({ name: 'On behalf' });
    const item = (await t.get(`${BASE}/${campaign.id}/items?reviewer=${PEOPLE.mona}`))
      .json()
      .items.find((i: { viaGroupId: string | null }) => !i.viaGroupId);
    const res = await t.post(`${BASE}/${campaign.id}/decisions`, { itemIds: [item.id], decision: 'keep' });
    assert.equal(res.statusCode, 200, res.body);
    const after = (await t.get(`${BASE}/${campaign.id}/items?decision=keep`)).json().items;
    assert.equal(after[0].decisionSource, 'admin');
  });

  it('closes, extends and applies through the workflow, and serves the report with its recorded digest', async () => {
    const { campaign } = await create({ name: 'Report', autoApply: false }, await t.admin(PEOPLE.mona));
    const mona = await t.person(PEOPLE.mona);
    const later = new Date(Date.parse(campaign.dueAt) + 86_400_000).toISOString();
    const extended = await t.post(`${BASE}/${campaign.id}/extend`, { dueAt: later }, mona);
    assert.equal(extended.statusCode, 200, extended.body);
    assert.equal(extended.json().dueAt, later);
    const closed = await t.post(`${BASE}/${campaign.id}/close`, { reason: 'done early' }, mona);
    assert.equal(closed.statusCode, 200, closed.body);
    assert.equal(closed.json().status, 'awaiting_apply');
    const applied = await t.post(`${BASE}/${campaign.id}/apply`, {}, mona);
    assert.equal(applied.statusCode, 200, applied.body);
    assert.equal(applied.json().status, 'completed');
    assert.deepEqual(
      t.fake.calls.filter((c) => c.id === campaign.id).map((c) => c.op),
      ['start', 'extend', 'close', 'apply'],
    );
    for (const format of ['csv', 'json'] as const) {
      const report = await t.get(`${BASE}/${campaign.id}/report?format=${format}`);
      assert.equal(report.statusCode, 200);
      assert.match(
        report.headers['content-type'] as string,
        format === 'csv' ? /^text\/csv/ : /^application\/x-ndjson/,
      );
      assert.match(report.headers['content-disposition'] as string, /^attachment; filename="review-.+"/);
      const digest = createHash('sha256').update(report.rawPayload).digest('hex');
      assert.equal(report.headers['x-lantern-sha256'], digest, 'the recorded digest matches the bytes');
    }
  });

  async function auditCount(subjectLike: string): Promise<number> {
    const { rows } = await sql<{
      n: string;
    }>`select count(*) as n from audit_log where subject like ${subjectLike}`.execute(t.db);
    return Number(rows[0]!.n);
  }

  /** n more direct items for one reviewer (staging stays the catalog helper's to test): ids after the staged ones. */
  async function addItems(campaignId: string, reviewerId: string, n: number): Promise<string[]> {
    await sql`insert into review_items (campaign_id, id, entitlement_id, entitlement_kind, entitlement_name, resource_id,
        resource_type, resource_name, principal_id, principal_kind, principal_name, applicability, recommendation,
        recommendation_reason)
      select ${campaignId}, 100000 + n, 'group:bulk:member', 'member', 'Bulk member', 'bulk', 'group', 'Bulk',
        'bulk-user-' || n, 'user', 'Bulk user ' || n, 'applicable', 'none', 'No sign-in data'
      from generate_series(1, ${n}) as n`.execute(t.db);
    await sql`insert into review_assignments (campaign_id, item_id, reviewer_id, kind)
      select ${campaignId}, 100000 + n, ${reviewerId}, 'named' from generate_series(1, ${n}) as n`.execute(t.db);
    return Array.from({ length: n }, (_, i) => String(100_001 + i));
  }
});
