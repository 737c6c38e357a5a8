// Break-glass follow-up end to end: the notice reaches the entitlement's approvers and Lantern's admins (an admin
// group's member as synced, and a home-tenant admin known from their session) through real SMTP, once even when the
// activity runs again, with the reason escaped; the review of that one grant opens once, holds exactly the pair,
// assigns the approvers, is due when asked, and its reviewCampaign workflow runs on the real dev server.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { sql } from 'kysely';
import { createBreakGlassActivities } from '../../activities/access/break-glass.js';
import type {
  BreakGlassNotice,
  BreakGlassReviewInput,
  BreakGlassReviewResult,
} from '../../activities/access/contract.js';
import type { NotifyResult } from '../../activities/access/notify.js';
import { createMailer, type Mailer } from '../../activities/email/mailer.js';
import { BREAK_GLASS_NOTIFIED } from '../../catalog/access/break-glass-notices.js';
import { createSession } from '../../catalog/people/sessions.js';
import { getCampaign } from '../../catalog/reviews/campaigns.js';
import { BREAK_GLASS_OPENED, breakGlassCampaignId } from '../../catalog/reviews/break-glass.js';
import { createTenantGraph } from '../../entra/tenant-graph.js';
import { createApprovalLinks } from '../../lib/links/access.js';
import { createLinkSigner } from '../../lib/links/signer.js';
import { accessGrantWorkflowId } from '../../workflows/access/messages.js';
import { reviewCampaignWorkflowId } from '../../workflows/reviews/messages.js';
import { PUBLIC_URL, startReviewHarness, type ReviewHarness } from '../reviews/review-harness.js';

const HOME_TENANT = randomUUID();
const HOME_ADMIN = { objectId: randomUUID(), upn: 'boss@home.example' };
const REASON = 'Prod is down <script>alert("x")</script> & INC-7 needs a fix';

interface World {
  grant: { entitlementId: string; principalId: string; upn: string };
  approvers: { id: string; address: string }[];
  adminGroupId: string;
  admin: { id: string; address: string };
}

/** From the synced catalog: a direct group membership to break glass on, two approvers, an admin group and its member. */
async function pickWorld(h: ReviewHarness): Promise<World> {
  const db = h.catalog.db;
  const { rows: grants } = await sql<{ entitlement_id: string; principal_id: string; upn: string }>`
    select g.entitlement_id, g.principal_id, p.upn from grants g
    join entitlements e on e.connector_id = g.connector_id and e.id = g.entitlement_id
    join principals p on p.connector_id = g.connector_id and p.id = g.principal_id
    where g.connector_id = ${h.connector.id} and e.resource_type = 'group' and e.kind = 'member' and not e.immutable
      and g.via_group_id = '' and p.kind = 'user' and p.account_enabled and p.upn is not null
    order by g.entitlement_id, g.principal_id limit 1`.execute(db);
  const grant = grants[0]!;
  const { rows: users } = await sql<{ id: string; address: string }>`
    select id, coalesce(mail, upn) as address from principals
    where connector_id = ${h.connector.id} and kind = 'user' and account_enabled and user_type = 'Member'
      and coalesce(mail, upn) is not null and id <> ${grant.principal_id}
    order by id limit 40`.execute(db);
  const approvers = users.slice(0, 2);
  const taken = new Set([grant.principal_id, ...approvers.map((a) => a.id)]);
  // Lantern's admin group, as a sync would store it: it holds a nested group whose one member is the admin.
  const adminId = users.find((u) => !taken.has(u.id))!.id;
  const adminGroupId = randomUUID();
  const nestedGroupId = randomUUID();
  await db
    .insertInto('group_members')
    .values([
      {
        connector_id: h.connector.id,
        group_id: adminGroupId,
        member_id: nestedGroupId,
        member_kind: 'group',
        generation: 1,
      },
      { connector_id: h.connector.id, group_id: nestedGroupId, member_id: adminId, member_kind: 'user', generation: 1 },
    ])
    .execute();
  const { rows: admin } = await sql<{ address: string }>`select coalesce(mail, upn) as address from principals
    where connector_id = ${h.connector.id} and id = ${adminId}`.execute(db);
  return {
    grant: { entitlementId: grant.entitlement_id, principalId: grant.principal_id, upn: grant.upn },
    approvers,
    adminGroupId,
    admin: { id: adminId, address: admin[0]!.address },
  };
}

describe('break-glass follow-up', { timeout: 240_000 }, () => {
  let h: ReviewHarness;
  let w: World;
  let mailer: Mailer;
  let acts: ReturnType<typeof createBreakGlassActivities>;
  let grantId: string;
  const requestId = randomUUID();

  before(async () => {
    h = await startReviewHarness();
    await h.sync();
    w = await pickWorld(h);
    grantId = accessGrantWorkflowId({ connectorId: h.connector.id, ...w.grant });
    mailer = createMailer(
      { smtpHost: '127.0.0.1', smtpPort: h.inbox.port, smtpSecure: false, from: 'Lantern <lantern@localhost>' },
      { dataDir: '/nonexistent' },
    );
    // An admin known only from their live session in the home tenant (Lantern.Admin app role from the id token).
    await createSession(
      h.catalog.db,
      { ...HOME_ADMIN, tenantId: HOME_TENANT, displayName: 'Boss', appRoles: ['Lantern.Admin'] },
      { idleMinutes: 60, maxMinutes: 60 },
    );
    acts = createBreakGlassActivities({
      catalog: h.catalog,
      tenantGraph: createTenantGraph({
        credentials: { clientId: h.sim.appReadWrite.clientId, clientSecret: h.sim.appReadWrite.clientSecret },
      }),
      loadConnector: async () => h.connector,
      approvalEmails: { mailer, links: createApprovalLinks(createLinkSigner(randomBytes(32))), publicUrl: PUBLIC_URL },
      adminDirectory: { adminGroupIds: [w.adminGroupId], homeTenantId: HOME_TENANT },
    });
  });
  after(async () => {
    mailer?.close();
    await h?.close();
  });

  /** The same activity execution each time: what a retry or a re-delivered task looks like to the activity. */
  const activityEnv = () =>
    new MockActivityEnvironment(
      {
        activityId: '5',
        taskQueue: h.taskQueue,
        workflowExecution: { workflowId: grantId, runId: 'run-of-the-break-glass-grant' },
      },
      { client: h.temporal.env.client },
    );

  it('tells the approvers and every admin at once, each once however often the activity runs', async () => {
    const notice: BreakGlassNotice = {
      workflowId: grantId,
      connectorId: h.connector.id,
      ...w.grant,
      principalUpn: w.grant.upn,
      requesterId: w.grant.principalId,
      reason: REASON,
      durationSeconds: 2 * 3600,
      approverIds: w.approvers.map((a) => a.id),
      requestId,
    };
    const first: NotifyResult = await activityEnv().run(acts.notifyBreakGlass, notice);
    const again: NotifyResult = await activityEnv().run(acts.notifyBreakGlass, notice);
    assert.deepEqual([first.sent, again.sent], [4, 0]);
    const expected = [...w.approvers.map((a) => a.address), w.admin.address, HOME_ADMIN.upn].sort();
    const mails = h.inbox.messages.filter((m) => m.subject.startsWith('Break-glass access:'));
    assert.deepEqual(mails.flatMap((m) => m.to).sort(), expected.map((a) => a.toLowerCase()).sort());

    const campaignId = breakGlassCampaignId(grantId, requestId);
    const to = (address: string) => mails.find((m) => m.to.includes(address.toLowerCase()))!;
    const approverMail = to(w.approvers[0]!.address);
    assert.equal(approverMail.subject, `Break-glass access: ${w.grant.upn} took ${await entitlementName(h, w)}`);
    assert.match(approverMail.text, /for 2 hours/);
    assert.ok(approverMail.text.includes(`${PUBLIC_URL}/reviews/${campaignId}`), 'approvers review it');
    assert.ok(to(HOME_ADMIN.upn).text.includes(`${PUBLIC_URL}/admin/reviews/${campaignId}`), 'admins oversee it');
    // The reason as typed in the text part; escaped in the HTML part.
    const htmlPart = approverMail.text.slice(approverMail.text.indexOf('text/html'));
    assert.ok(htmlPart.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; INC-7'), htmlPart);
    assert.ok(!htmlPart.includes('<script>'));

    const recorded = await h.catalog.db
      .selectFrom('audit_log')
      .select('detail')
      .where('subject', '=', grantId)
      .where('action', '=', BREAK_GLASS_NOTIFIED)
      .execute();
    assert.equal(recorded.length, 4, 'one audit row per person told');
  });

  it('opens one review of exactly that grant, reviewed by the approvers, its workflow running', async () => {
    const input: BreakGlassReviewInput = {
      workflowId: grantId,
      connectorId: h.connector.id,
      ...w.grant,
      requesterId: w.grant.principalId,
      requestId,
      reason: REASON,
      reviewerIds: w.approvers.map((a) => a.id),
      reviewWithinSeconds: 3 * 86_400,
    };
    const first: BreakGlassReviewResult = await activityEnv().run(acts.openBreakGlassReview, input);
    const again: BreakGlassReviewResult = await activityEnv().run(acts.openBreakGlassReview, input);
    assert.deepEqual(again, first);
    assert.deepEqual(first, { campaignId: breakGlassCampaignId(grantId, requestId), items: 1 });
    const { campaignId } = first;

    const status = await h.waitFor(campaignId, (s) => s.status === 'in_review' && s.counts !== null);
    assert.equal(status.counts?.items, 1);
    const description = await h.temporal.env.client.workflow.getHandle(reviewCampaignWorkflowId(campaignId)).describe();
    assert.equal(description.status.name, 'RUNNING');

    const campaigns = await h.catalog.db
      .selectFrom('review_campaigns')
      .select('id')
      .where('owner_id', '=', 'break-glass')
      .execute();
    assert.deepEqual(campaigns, [{ id: campaignId }]);
    const campaign = (await getCampaign(h.catalog.db, campaignId))!;
    assert.equal(campaign.name, `Break-glass: ${await entitlementName(h, w)} for ${w.grant.upn}`);
    assert.equal(Date.parse(campaign.dueAt) - Date.parse(campaign.startedAt), 3 * 86_400_000);
    assert.deepEqual(
      [campaign.definition.defaultDecision, campaign.definition.autoApply, campaign.definition.reviewers.fallbackIds],
      ['keep', true, [w.admin.id]],
    );

    const items = await h.catalog.db
      .selectFrom('review_items')
      .select(['id', 'entitlement_id', 'principal_id'])
      .where('campaign_id', '=', campaignId)
      .execute();
    assert.deepEqual(
      items.map((i) => [i.entitlement_id, i.principal_id]),
      [[w.grant.entitlementId, w.grant.principalId]],
    );
    const reviewers = await h.catalog.db
      .selectFrom('review_assignments')
      .select(['reviewer_id', 'kind'])
      .where('campaign_id', '=', campaignId)
      .orderBy('reviewer_id')
      .execute();
    assert.deepEqual(
      reviewers,
      w.approvers
        .map((a) => ({ reviewer_id: a.id, kind: 'named' }))
        .sort((a, b) => a.reviewer_id.localeCompare(b.reviewer_id)),
    );
    const opened = await h.catalog.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', BREAK_GLASS_OPENED)
      .where('subject', '=', grantId)
      .execute();
    assert.deepEqual(
      opened.map((r) => [r.detail.campaignId, r.detail.grant]),
      [[campaignId, grantId]],
    );
  });
});

async function entitlementName(h: ReviewHarness, w: World): Promise<string> {
  const row = await h.catalog.db
    .selectFrom('entitlements')
    .select('display_name')
    .where('connector_id', '=', h.connector.id)
    .where('id', '=', w.grant.entitlementId)
    .executeTakeFirstOrThrow();
  return row.display_name;
}
