// A whole access review campaign on the real workflow: staging from a synced catalog, emails and a reminder over real
// SMTP, reviewers' decisions, the due date closing it, removals visible in the simulator, a just-in-time grant on a
// denied pair revoked with the campaign as its cause, and a result for every item. Then the owner's updates: extend,
// close early, apply from awaiting_apply, and a removal guard's refusal.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { decideItems, listItems, type ReviewItemView } from '../../catalog/reviews/decisions.js';
import { getCampaign } from '../../catalog/reviews/campaigns.js';
import { createSeries } from '../../catalog/reviews/series.js';
import { ScheduleNotFoundError } from '@temporalio/client';
import { ReviewUpdateRefused } from '../../temporal/clients/reviews.js';
import { reviewCampaignWorkflowId, reviewScheduleId } from '../../workflows/reviews/messages.js';
import { entitlementIds } from '../../domain/entitlement-id.js';
import { GLOBAL_ADMINISTRATOR_ROLE_ID } from '../../domain/well-known.js';
import { removalRefusal } from '../../catalog/access/guards.js';
import type { AccessGrantInput } from '../../workflows/access/messages.js';
import { definitionOf, largestPayloadBytes, startReviewHarness, type ReviewHarness } from './review-harness.js';

describe('reviewCampaign', { timeout: 240_000 }, () => {
  let h: ReviewHarness;
  const group = (name: string) => [...h.tenant.groups.values()].find((g) => g.displayName === name)!;
  const users = () => [...h.tenant.users.values()].filter((u) => u.accountEnabled && u.userType === 'Member');
  const isMember = (groupId: string, userId: string) => h.tenant.groupMembers.get(groupId)?.has(userId) ?? false;
  const allItems = async (campaignId: string): Promise<ReviewItemView[]> =>
    (await listItems(h.catalog.db, { campaignId, reviewerId: null, limit: 500 })).items;
  const auditOf = (subject: string) =>
    h.catalog.db.selectFrom('audit_log').selectAll().where('subject', '=', subject).orderBy('id').execute();

  before(async () => {
    h = await startReviewHarness();
  });
  after(async () => {
    await h?.close();
  });

  it('removes what reviewers deny, reminds, defaults the rest, revokes a JIT grant and gives every item a result', async () => {
    const sales = group('SG-Sales EMEA');
    const payroll = group('SG-Payroll');
    const [ownerA, ownerB] = [...h.tenant.groupOwners.get(payroll.id)!, ...h.tenant.groupOwners.get(sales.id)!];
    assert.ok(ownerA && ownerB && ownerA !== ownerB);
    // Payroll gets a second owner, so both review and one of them can leave mid-campaign.
    h.tenant.addGroupOwner(payroll.id, ownerB);
    const fallback = users().find((u) => u.id !== ownerA && u.id !== ownerB && !isMember(payroll.id, u.id))!;
    const members = [...h.tenant.groupMembers.get(payroll.id)!].filter(
      (id) => h.tenant.users.has(id) && id !== ownerA && id !== ownerB,
    );
    assert.ok(members.length >= 4, 'Payroll has enough direct members');
    const [denied, goneMeanwhile, kept, undecided] = members;
    const jitUser = users().find((u) => ![ownerA, ownerB, fallback.id].includes(u.id) && !isMember(payroll.id, u.id))!;

    // A just-in-time membership on Payroll, live while the campaign reviews it.
    const jit: AccessGrantInput = {
      connectorId: h.connector.id,
      entitlementId: entitlementIds.groupMember(payroll.id),
      principalId: jitUser.id,
      principalUpn: jitUser.userPrincipalName,
      policy: {
        maxDurationSeconds: 3600,
        approvalRequired: false,
        approverIds: [],
        requestTimeoutSeconds: 60,
        extensionNeedsApproval: false,
      },
      request: { requestId: randomUUID(), requesterId: jitUser.id, durationSeconds: 1800, justification: 'audit' },
      deprovisionRetry: { initialSeconds: 0.2, maximumSeconds: 1 },
    };
    await h.access.request(jit);
    const waitGrant = async (accept: (stage: string, endReason: string | null) => boolean) => {
      for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
        const s = await h.access.status(jit);
        if (accept(s.stage, s.endReason)) return s;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`grant: ${JSON.stringify(await h.access.status(jit))}`);
    };
    await waitGrant((stage) => stage === 'active');
    await h.sync();

    const campaign = await h.startCampaign({
      name: 'Payroll members',
      scope: { kinds: ['groupMembers'], resourceIds: [payroll.id] },
      reviewers: { kind: 'owners', fallbackIds: [fallback.id] },
      durationSeconds: 24,
      reminders: { weekly: false, beforeDueSeconds: [12] },
      defaultDecision: 'keep',
      autoApply: true,
    });
    const { id } = campaign;
    await h.waitFor(id, (s) => s.status === 'in_review');
    const items = await allItems(id);
    const itemOf = (principalId: string) => items.find((i) => i.principalId === principalId && !i.viaGroupId)!;
    for (const p of [denied, goneMeanwhile, kept, undecided, jitUser.id]) assert.ok(itemOf(p!), `item for ${p}`);
    const viaGroup = items.find((i) => i.viaGroupId);
    assert.ok(viaGroup, 'a member of the nested group is an item held via the group');

    // Both owners get the start email with their signed link.
    for (const owner of [ownerA, ownerB]) {
      const address = h.tenant.users.get(owner)!.mail!;
      const mail = await h.inbox.waitFor((m) => m.to.includes(address) && m.subject.startsWith('Access review:'));
      const link = /http:\/\/lantern\.test\/reviews\/link\?token=([^\s"<>]+)/.exec(mail.text);
      assert.ok(link, 'the email carries the signed review link');
      const check = h.links.verify(decodeURIComponent(link[1]!));
      assert.ok(check.ok && check.claims.campaignId === id && check.claims.reviewerId === owner);
    }

    const decide = (principalIds: string[], decision: 'keep' | 'remove') =>
      decideItems(h.catalog.db, {
        campaignId: id,
        itemIds: principalIds.map((p) => itemOf(p).id),
        decision,
        comment: `${decision} by test`,
        reviewerId: ownerA,
        actor: `session:${ownerA}`,
      });
    await decide([denied!, goneMeanwhile!, jitUser.id], 'remove');
    await decide([kept!], 'keep');
    // Someone removes one member in Entra before the campaign applies; owner B leaves (disabled in Entra).
    h.tenant.removeGroupMember(payroll.id, goneMeanwhile!);
    await h.catalog.db
      .updateTable('principals')
      .set({ account_enabled: false })
      .where('connector_id', '=', h.connector.id)
      .where('id', '=', ownerB)
      .execute();

    // The reminder (12 s before due) reassigns owner B's undecided items to the fallback, who is reminded too.
    const reminder = await h.inbox.waitFor((m) => m.to.includes(fallback.mail!) && m.subject.startsWith('Reminder:'));
    assert.match(reminder.text, /still wait for your decision/);
    const assignments = await h.catalog.db
      .selectFrom('review_assignments')
      .select(['item_id', 'reviewer_id'])
      .where('campaign_id', '=', id)
      .execute();
    assert.ok(assignments.some((a) => a.reviewer_id === fallback.id && a.item_id === itemOf(undecided!).id));
    assert.ok(!assignments.some((a) => a.reviewer_id === ownerB && a.item_id === itemOf(undecided!).id));

    const done = await h.reviews.result(id);
    assert.equal(done.status, 'completed');
    const after = await allItems(id);
    const result = (p: string) => after.find((i) => i.principalId === p && !i.viaGroupId)!;
    assert.equal(result(denied!).applyResult, 'removed');
    assert.equal(isMember(payroll.id, denied!), false, 'the denied member is gone from the tenant');
    assert.equal(result(goneMeanwhile!).applyResult, 'already_gone');
    assert.equal(result(kept!).applyResult, 'kept');
    assert.equal(result(undecided!).applyResult, 'kept');
    assert.equal(result(undecided!).decisionSource, 'default');
    assert.equal(after.find((i) => i.id === viaGroup.id)!.applyResult, 'not_applicable');
    assert.equal(result(jitUser.id).applyResult, 'removed');
    assert.match(result(jitUser.id).applyMessage!, /just-in-time grant grant:/);
    assert.ok(
      after.every((i) => i.applyResult !== null),
      'every item has a result',
    );
    assert.ok(isMember(payroll.id, kept!), 'kept access stays');

    // The JIT grant ended revoked, caused by the campaign, and its workflow removed the access.
    const grant = await waitGrant((stage) => stage === 'ended');
    assert.equal(grant.endReason, 'revoked');
    assert.equal(isMember(payroll.id, jitUser.id), false);
    const revoked = await h.catalog.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'access.revoked')
      .where('actor', '=', `review:${id}`)
      .execute();
    assert.equal(revoked.length, 1);

    const actions = (await auditOf(`review:${id}`)).map((r) => r.action);
    for (const action of ['review.staged', 'review.reassigned', 'review.closed', 'review.report', 'review.completed'])
      assert.ok(actions.includes(action), `audit ${action} (got ${actions.join(', ')})`);
    const closed = (await auditOf(`review:${id}`)).find((r) => r.action === 'review.closed')!;
    assert.equal(closed.actor, 'lantern');
    assert.equal((closed.detail as { reason: string }).reason, 'due');
    const stored = (await getCampaign(h.catalog.db, id))!;
    assert.match(stored.reportSha256.csv ?? '', /^[0-9a-f]{64}$/);
    assert.ok((await largestPayloadBytes(h, reviewCampaignWorkflowId(id))) < 64 * 1024, 'no payload over 64 KB');
  });

  it('extends, closes early, waits for the owner to apply, and refuses to remove the last owner', async () => {
    const legal = group('Legal Team');
    const owners = [...h.tenant.groupOwners.get(legal.id)!];
    assert.equal(owners.length, 1, 'Legal Team has a single owner');
    const reviewer = users().find((u) => u.id !== owners[0])!;
    const campaign = await h.startCampaign({
      name: 'Legal owners',
      scope: { kinds: ['groupOwners'], resourceIds: [legal.id] },
      reviewers: { kind: 'named', principalIds: [reviewer.id], fallbackIds: [reviewer.id] },
      durationSeconds: 600,
      autoApply: false,
    });
    const { id } = campaign;
    const review = await h.waitFor(id, (s) => s.status === 'in_review');
    await assert.rejects(h.reviews.apply(id, { actorId: 'admin-token#1' }), ReviewUpdateRefused);
    await assert.rejects(
      h.reviews.extend(id, {
        actorId: 'admin-token#1',
        dueAt: new Date(Date.parse(review.dueAt) - 1000).toISOString(),
      }),
      (e: Error) => e instanceof ReviewUpdateRefused && /later than the current one/.test(e.message),
    );
    const later = new Date(Date.parse(review.dueAt) + 3_600_000).toISOString();
    const extended = await h.reviews.extend(id, { actorId: 'admin-token#1', dueAt: later });
    assert.equal(extended.dueAt, later);
    assert.equal((await getCampaign(h.catalog.db, id))!.dueAt, later);

    const [item] = await allItems(id);
    await decideItems(h.catalog.db, {
      campaignId: id,
      itemIds: [item!.id],
      decision: 'remove',
      comment: null,
      reviewerId: reviewer.id,
      actor: `session:${reviewer.id}`,
    });
    const closed = await h.reviews.close(id, { actorId: 'admin-token#1', reason: 'audit finished early' });
    assert.equal(closed.status, 'awaiting_apply');
    await assert.rejects(h.reviews.close(id, { actorId: 'admin-token#1' }), ReviewUpdateRefused);
    const applying = await h.reviews.apply(id, { actorId: 'admin-token#1' });
    assert.notEqual(applying.status, 'awaiting_apply');

    const done = await h.reviews.result(id);
    assert.equal(done.status, 'completed');
    const [applied] = await allItems(id);
    assert.equal(applied!.applyResult, 'refused');
    assert.match(applied!.applyMessage!, /last owner/);
    assert.ok(h.tenant.groupOwners.get(legal.id)!.has(owners[0]!), 'the last owner stays');
    const closeAudit = (await auditOf(`review:${id}`)).find((r) => r.action === 'review.closed')!;
    assert.equal(closeAudit.actor, 'admin-token#1');
    assert.equal((closeAudit.detail as { reason: string }).reason, 'early');
  });

  it("starts a series' occurrence from its schedule as a campaign of its own", async () => {
    const seriesId = randomUUID();
    const definition = definitionOf(h.connector.id, {
      name: 'Monthly Legal owners',
      scope: { kinds: ['groupOwners'], resourceIds: [group('Legal Team').id] },
      reviewers: { kind: 'named', principalIds: [users()[0]!.id], fallbackIds: [users()[0]!.id] },
      durationSeconds: 600,
      recurrence: 'monthly',
    });
    await createSeries(h.catalog.db, {
      id: seriesId,
      definition,
      cadence: 'monthly',
      scheduleId: reviewScheduleId(seriesId),
      createdBy: 'admin-token#1',
    });
    const spec = { seriesId, connectorId: h.connector.id, name: definition.name, cadence: 'monthly' as const };
    const { scheduleId } = await h.reviews.createSeriesSchedule(spec);
    assert.deepEqual(await h.reviews.createSeriesSchedule(spec), { scheduleId }, 'a second create is a no-op');
    const schedule = h.temporal.env.client.schedule.getHandle(scheduleId);
    const described = await schedule.describe();
    assert.equal(described.spec.intervals?.[0]?.every, 30 * 86_400_000);
    const next = described.info.nextActionTimes[0]!.getTime();
    assert.ok(Math.abs(next - (Date.now() + 30 * 86_400_000)) < 120_000, 'the first occurrence is a period from now');

    await schedule.trigger();
    let campaignId: string | undefined;
    for (const deadline = Date.now() + 30_000; !campaignId && Date.now() < deadline;) {
      const row = await h.catalog.db
        .selectFrom('review_campaigns')
        .select('id')
        .where('series_id', '=', seriesId)
        .executeTakeFirst();
      campaignId = row?.id;
      if (!campaignId) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(campaignId, 'the occurrence created its campaign');
    await h.waitFor(campaignId, (s) => s.status === 'in_review');
    assert.equal((await getCampaign(h.catalog.db, campaignId))!.ownerId, `schedule:${seriesId}`);
    await h.reviews.close(campaignId, { actorId: 'admin-token#1' });
    assert.equal((await h.reviews.result(campaignId)).status, 'completed');
    await h.reviews.stopSeriesSchedule(seriesId);
    await h.reviews.stopSeriesSchedule(seriesId);
    await assert.rejects(schedule.describe(), ScheduleNotFoundError);
  });

  it('continues as new when its history grows long, and finishes from where the catalog says it is', async () => {
    const finance = group('SG-Finance');
    const campaign = await h.startCampaign(
      {
        name: 'Finance owners (long history)',
        scope: { kinds: ['groupOwners'], resourceIds: [finance.id] },
        reviewers: { kind: 'named', principalIds: [users()[0]!.id], fallbackIds: [users()[0]!.id] },
        durationSeconds: 600,
      },
      { historyLimit: 15 },
    );
    const { id } = campaign;
    await h.waitFor(id, (s) => s.status === 'in_review');
    const runs = async () => {
      let n = 0;
      for await (const _ of h.temporal.env.client.workflow.list({
        query: `WorkflowId = '${reviewCampaignWorkflowId(id)}'`,
      }))
        n += 1;
      return n;
    };
    for (const deadline = Date.now() + 20_000; (await runs()) < 2 && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 200));
    assert.ok((await runs()) >= 2, 'the review continued as new');
    await h.reviews.close(id, { actorId: 'admin-token#1' });
    assert.equal((await h.reviews.result(id)).status, 'completed');
    const items = await allItems(id);
    assert.ok(items.length > 0 && items.every((i) => i.applyResult === 'kept'));
    const starts = (await auditOf(`review:${id}`)).filter((r) => r.action === 'review.staged');
    assert.equal(starts.length, 1, 'staged once across runs');
  });

  it('refuses to remove the last enabled Global Administrator, and allows removing one of two', async () => {
    const entitlementId = entitlementIds.roleMember(GLOBAL_ADMINISTRATOR_ROLE_ID);
    const holders = await h.catalog.db
      .selectFrom('grants as g')
      .innerJoin('principals as p', (j) =>
        j.onRef('p.connector_id', '=', 'g.connector_id').onRef('p.id', '=', 'g.principal_id'),
      )
      .select('g.principal_id')
      .where('g.connector_id', '=', h.connector.id)
      .where('g.entitlement_id', '=', entitlementId)
      .where('p.kind', '=', 'user')
      .where('p.account_enabled', '=', true)
      .execute();
    assert.ok(holders.length >= 1, 'the tenant has a Global Administrator');
    const item = (principalId: string) => ({
      id: '1',
      entitlementId,
      entitlementKind: 'member',
      resourceId: GLOBAL_ADMINISTRATOR_ROLE_ID,
      resourceType: 'directoryRole',
      principalId,
      principalKind: 'user',
    });
    const [last, ...others] = holders.map((r) => r.principal_id);
    if (others.length > 0) {
      assert.equal(await removalRefusal(h.catalog.db, h.connector.id, item(last!)), null, 'one of several may go');
      // The others leave Entra (disabled), so `last` is the only enabled one.
      await h.catalog.db
        .updateTable('principals')
        .set({ account_enabled: false })
        .where('connector_id', '=', h.connector.id)
        .where('id', 'in', others)
        .execute();
    }
    assert.match(
      (await removalRefusal(h.catalog.db, h.connector.id, item(last!))) ?? '',
      /last enabled Global Administrator/,
    );
  });
});
