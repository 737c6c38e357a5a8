// A whole access review in real Chromium under the pages' strict CSP, on a synced simulated tenant, the real review
// workflow on the Temporal dev server and real SMTP: an admin starts a campaign from the form (two minutes to review),
// a manager decides in their inbox, the group's owner (the fallback reviewer) arrives through the link in their email,
// both keep and remove with comments, the due date passes, the removals show in the simulator, and the evidence
// report downloads with the SHA-256 that the page shows and the audit log records. Every page is checked with axe-core
// and kept as a screenshot in test-artifacts/reviews/.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { stubTemporal } from '../helpers/api-app.js';
import { assertAccessible, screenshot } from '../helpers/browser-checks.js';
import { lanternAdmin, listenTestApp, signedInPage } from '../helpers/browser-session.js';
import { launchChromium } from '../helpers/chromium.js';
import { startReviewHarness, type ReviewHarness } from '../reviews/review-harness.js';

const SHOTS = 'reviews';
const HOME = '71111111-2222-4333-8444-555555555555';
const NAME = 'Payroll <b>members</b> Q4';
const COMMENT = 'Left the team <script>alert(1)</script>';

describe('an access review in a browser', { timeout: 420_000 }, () => {
  let h: ReviewHarness;
  let app: FastifyInstance;
  let apiUrl: string;
  let browser: Browser;
  const problems: string[] = [];
  const people = { manager: '', owner: '', leaver: '', stayer: '', orphan: '' };
  let groupId = '';

  const user = (id: string) => h.tenant.users.get(id)!;
  const personPage = (id: string) =>
    signedInPage(
      browser,
      h.catalog.db,
      { objectId: id, tenantId: h.tenant.id, upn: user(id).userPrincipalName },
      {
        apiUrl,
        problems,
      },
    );
  const check = async (page: Page, what: string, shot: string) => {
    await assertAccessible(page, what);
    await screenshot(page, SHOTS, shot);
  };

  before(async () => {
    h = await startReviewHarness();
    // SG-Payroll with exactly three members: two report to one manager, the third to nobody (so the owner, the
    // fallback reviewer, reviews them).
    const group = [...h.tenant.groups.values()].find((g) => g.displayName === 'SG-Payroll')!;
    groupId = group.id;
    const owner = [...h.tenant.groupOwners.get(groupId)!][0]!;
    const members = [...h.tenant.users.values()].filter((u) => u.accountEnabled && u.userType === 'Member');
    const [manager, leaver, stayer, orphan] = members.filter((u) => u.id !== owner).map((u) => u.id);
    Object.assign(people, { manager, owner, leaver, stayer, orphan });
    for (const member of [...h.tenant.groupMembers.get(groupId)!]) h.tenant.removeGroupMember(groupId, member);
    for (const member of [leaver!, stayer!, orphan!]) h.tenant.addGroupMember(groupId, member);
    h.tenant.setManager(leaver!, manager!);
    h.tenant.setManager(stayer!, manager!);
    h.tenant.setManager(orphan!, null);
    await h.sync();
    ({ app, apiUrl } = await listenTestApp(
      h.catalog,
      { temporal: stubTemporal({ reviews: h.reviews, access: h.access }), reviewLinks: h.links },
      HOME,
    ));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await h?.close();
  });

  it('runs a campaign from the form to removals and a report whose hash the audit log records', async () => {
    const admin = await signedInPage(browser, h.catalog.db, lanternAdmin(HOME), {
      apiUrl,
      timezoneId: 'Europe/Berlin',
      problems,
    });
    // The admin starts the campaign.
    await admin.goto(`${apiUrl}/admin/reviews`);
    await check(admin, 'the campaign list', 'list-empty');
    await admin.getByRole('link', { name: 'New campaign' }).click();
    await check(admin, 'the new campaign form', 'new-campaign');
    await admin.getByLabel('Name', { exact: true }).fill(NAME);
    await admin.getByLabel('Only these resources (optional)').fill(groupId);
    await admin.getByLabel('Reviewers', { exact: true }).selectOption({ label: "Each principal's manager" });
    await admin.getByLabel('Fallback reviewers (UPNs, one per line)').fill(user(people.owner).userPrincipalName);
    await admin.getByLabel('Review period', { exact: true }).fill('2');
    await admin.getByLabel('Review period unit').selectOption('minutes');
    await admin.getByRole('button', { name: 'Start campaign' }).click();
    await admin.waitForURL((url) => url.searchParams.get('done') === 'created');
    const campaignId = new URL(admin.url()).pathname.split('/').pop()!;
    assert.match(await admin.getByRole('status').innerText(), /Campaign started/);
    assert.equal(await admin.locator('h1').innerText(), NAME, 'the typed markup shows as text');
    await h.waitFor(campaignId, (s) => s.status === 'in_review');
    await admin.goto(`${apiUrl}/admin/reviews/${campaignId}`);
    assert.match(await admin.locator('main').innerText(), /0 of 3 decided/);
    await check(admin, 'a campaign in review', 'campaign-in-review');

    // The manager decides in their inbox: one removal with a comment, one keep by the item's own button.
    const manager = await personPage(people.manager);
    await manager.goto(`${apiUrl}/reviews`);
    await check(manager, "the manager's reviews", 'my-reviews');
    await manager.getByRole('link', { name: NAME }).click();
    await check(manager, "the manager's inbox", 'inbox-manager');
    const leaver = user(people.leaver).displayName;
    await manager.getByLabel(`Select ${leaver} — Member of SG-Payroll`).check();
    await manager.getByLabel('Comment').fill(COMMENT);
    await manager.getByRole('button', { name: 'Remove selected' }).click();
    await manager.waitForURL((url) => url.searchParams.get('done') === 'decided');
    assert.equal(await manager.getByRole('status').innerText(), 'Saved 1 decision');
    await manager
      .getByRole('button', { name: `Keep ${user(people.stayer).displayName} — Member of SG-Payroll` })
      .click();
    await manager.waitForURL((url) => url.searchParams.get('done') === 'decided');
    await manager.getByLabel('Show').selectOption({ label: 'All' });
    await manager.getByRole('button', { name: 'Apply filters' }).click();
    const decided = await manager.locator('ul.inbox').innerText();
    assert.match(decided, /Decision: Remove, by you/);
    assert.ok(decided.includes(COMMENT), 'the comment shows as text');
    assert.equal(await manager.locator('main script').count(), 0);
    await check(manager, 'the decided items', 'inbox-manager-decided');

    // The owner opens the link in their email and removes the member without a manager.
    const ownerMail = user(people.owner).mail!;
    const mail = await h.inbox.waitFor((m) => m.to.includes(ownerMail) && m.subject.startsWith('Access review:'));
    const token = /\/reviews\/link\?token=([^\s"<>]+)/.exec(mail.text)![1]!;
    const owner = await personPage(people.owner);
    await owner.goto(`${apiUrl}/reviews/link?token=${token}`);
    await owner.waitForURL(`${apiUrl}/reviews/${campaignId}`);
    await owner.getByLabel('Comment').fill('No longer in payroll');
    await owner
      .getByRole('button', { name: `Remove ${user(people.orphan).displayName} — Member of SG-Payroll` })
      .click();
    await owner.waitForURL((url) => url.searchParams.get('done') === 'decided');
    await check(owner, "the owner's inbox", 'inbox-owner');

    // The due date passes: removals are applied and the report is recorded.
    await admin.reload();
    assert.match(await admin.locator('main').innerText(), /3 of 3 decided/);
    await h.waitFor(campaignId, (s) => s.status === 'completed', 240_000);
    const members = h.tenant.groupMembers.get(groupId)!;
    assert.ok(!members.has(people.leaver) && !members.has(people.orphan), 'the removals are in the tenant');
    assert.ok(members.has(people.stayer), 'the kept member stays');

    await admin.reload();
    const main = await admin.locator('main').innerText();
    assert.match(main, /Completed/);
    assert.match(main, /Removed\s+2/);
    assert.match(main, /Kept\s+1/);
    await check(admin, 'a completed campaign', 'campaign-completed');
    const shown = await admin.locator('code.digest').first().innerText();
    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    const csv = await readFile((await download.path())!);
    const digest = createHash('sha256').update(csv).digest('hex');
    assert.equal(digest, shown, 'the page shows the hash of what downloads');
    const audit = await h.catalog.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'review.report')
      .where('subject', '=', `review:${campaignId}`)
      .executeTakeFirstOrThrow();
    assert.equal((audit.detail as { sha256: { csv: string } }).sha256.csv, digest, 'the audit log records it');
    assert.ok(csv.toString('utf8').includes('No longer in payroll'), 'the report carries the comments');

    await admin.goto(`${apiUrl}/admin/reviews`);
    assert.match(await admin.locator('table').first().innerText(), /Completed/);
    await check(admin, 'the campaign list', 'list');
    assert.deepEqual(
      problems.filter((p) => !p.startsWith('Failed to load resource')),
      [],
      'no CSP refusals or script errors',
    );
  });
});
