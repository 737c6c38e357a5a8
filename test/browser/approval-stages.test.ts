// Policy v2 approval stages through the web app in real Chromium (headless, under the pages' CSP, axe-core on every
// page, screenshots in test-artifacts/stages/), against a synced simulated tenant and the real accessGrant workflow:
// an admin saves a two-stage policy on the Policies page (stage 1 the requester's manager, stage 2 two of the group's
// owners), the requester asks for the group and sees the approval path, the manager approves stage 1 in /approvals,
// each owner sees every stage with who decided and when (read from the catalog row) and approves stage 2, the
// requester's My access shows the same progress, and the access appears there and in the simulator's directory.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { startAccessSuite, stopAccessSuite, type AccessSuite } from '../access/access-harness.js';
import { syncOnce } from '../api/approver-rights-fixture.js';
import { assertAccessible, screenshot } from '../helpers/browser-checks.js';
import { lanternAdmin, listenPeopleApp, signedInPage } from '../helpers/browser-session.js';
import { chromiumArgs, launchChromium } from '../helpers/chromium.js';
import type { ApprovalStageRecord } from '../../catalog/access/schema.js';

const SHOTS = 'stages';

interface Cast {
  groupId: string;
  entitlementId: string;
  requester: string;
  manager: string;
  owners: [string, string];
}

/**
 * A group Lantern may change, a requester outside it whose manager is an enabled member, and two owners of the group
 * who are neither (the simulator's directory gets a second owner when the group has one only): the manager approves
 * in one stage and the owners in the other, since nobody approves in two.
 */
function castOf({ h, fx }: AccessSuite): Cast {
  const { tenant } = h;
  const isMember = (id: string | undefined) => fx.users.some((u) => u.id === id);
  const group = fx.editable[0]!;
  const owners = tenant.groupOwners.get(group.id)!;
  const inGroup = (id: string) => Boolean(tenant.groupMembers.get(group.id)?.has(id) || owners.has(id));
  const requester = fx.users.find(
    (u) => !inGroup(u.id) && isMember(tenant.managers.get(u.id)) && !owners.has(tenant.managers.get(u.id)!),
  )!;
  const manager = tenant.managers.get(requester.id)!;
  const others = (id: string) => id !== requester.id && id !== manager && isMember(id);
  for (const user of fx.users) if ([...owners].filter(others).length < 2 && others(user.id)) owners.add(user.id);
  const [first, second] = [...owners].filter(others);
  return {
    groupId: group.id,
    entitlementId: `group:${group.id}:member`,
    requester: requester.id,
    manager,
    owners: [first!, second!],
  };
}

describe('approval stages in a browser', { timeout: 300_000 }, () => {
  let suite: AccessSuite;
  let app: FastifyInstance;
  let apiUrl: string;
  let browser: Browser;
  let cast: Cast;
  const problems: string[] = [];

  before(async () => {
    suite = await startAccessSuite();
    cast = castOf(suite);
    await syncOnce(suite);
    ({ app, apiUrl } = await listenPeopleApp(suite));
    browser = await launchChromium(await chromiumArgs(suite.h.sim.authorityHost));
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await stopAccessSuite(suite ?? {});
  });

  const person = (id: string) => ({
    objectId: id,
    tenantId: suite.h.tenant.id,
    upn: suite.h.tenant.users.get(id)!.userPrincipalName,
  });
  const pageOf = (who: Parameters<typeof signedInPage>[2]) =>
    signedInPage(browser, suite.h.catalog.db, who, { apiUrl, problems });

  /** Polls the grant's catalog row until its approval_stages (what the pages read, never Temporal) pass `accept`. */
  async function rowStages(
    pair: { connectorId: string; entitlementId: string; principalId: string },
    accept: (stages: ApprovalStageRecord[]) => boolean,
  ): Promise<void> {
    const { db } = suite.h.catalog;
    for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
      const row = await db
        .selectFrom('access_grants')
        .select('approval_stages')
        .where('connector_id', '=', pair.connectorId)
        .where('entitlement_id', '=', pair.entitlementId)
        .where('principal_id', '=', pair.principalId)
        .executeTakeFirst();
      if (row?.approval_stages && accept(row.approval_stages)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail('the catalog row never carried the expected stage progress');
  }

  /** The inbox card of the request, after checking the page; approves it with the card's own button. */
  async function approveInInbox(page: Page, name: string, expect: RegExp[], shot: string): Promise<void> {
    await page.goto(`${apiUrl}/approvals`);
    const card = page.locator('ul.inbox > li.card').filter({ hasText: name });
    await card.first().waitFor();
    const text = await card.first().innerText();
    for (const pattern of expect) assert.match(text, pattern);
    await assertAccessible(page, `the inbox (${shot})`);
    await screenshot(page, SHOTS, shot);
    await card
      .first()
      .getByRole('button', { name: /^Approve / })
      .click();
    await page.waitForURL(/\/approvals\?done=approved/);
  }

  it('saves two stages on the Policies page, and the request passes the manager, then two owners', async () => {
    const { db } = suite.h.catalog;
    const connectorId = suite.h.connector.id;
    const pair = { connectorId, entitlementId: cast.entitlementId, principalId: cast.requester };
    const { display_name: name } = await db
      .selectFrom('entitlements')
      .select('display_name')
      .where('id', '=', cast.entitlementId)
      .executeTakeFirstOrThrow();

    // The admin gives the group a two-stage policy, adding the second stage without script.
    const admin = await pageOf(lanternAdmin(suite.h.tenant.id));
    await admin.goto(`${apiUrl}/admin/policies/${connectorId}/${encodeURIComponent(cast.entitlementId)}`);
    await admin.locator('#approverOwners').uncheck();
    await admin.locator('#stage1Name').fill('Manager');
    await admin.locator('#stage1Manager').check();
    await admin.getByRole('button', { name: 'Add another stage' }).click();
    await admin.locator('#stage2Name').waitFor();
    assert.equal(await admin.locator('#stage1Name').inputValue(), 'Manager', 'what was typed is kept');
    await admin.locator('#stage2Name').fill('Owners');
    await admin.locator('#stage2Owners').check();
    await admin.locator('#stage2Quorum').fill('2');
    await assertAccessible(admin, 'the policy form with two stages');
    await screenshot(admin, SHOTS, '01-policy-two-stages');
    await admin.getByRole('button', { name: 'Save policy' }).click();
    await admin.waitForURL(/\/admin\/policies\?done=saved$/);
    assert.match(await admin.locator('main').innerText(), /2 stages: Manager → Owners \(2 of \d+\)/);
    await assertAccessible(admin, 'the policies list');
    await screenshot(admin, SHOTS, '02-policies-list');

    // The requester sees the approval path and asks.
    const asker = await pageOf(person(cast.requester));
    await asker.goto(`${apiUrl}/request/${connectorId}/${encodeURIComponent(cast.entitlementId)}`);
    assert.match(await asker.locator('main').innerText(), /Needed: Manager, then 2 of \d+ owners\./);
    await asker.getByLabel('Duration').selectOption('3600');
    await asker.getByLabel('Justification').fill('release <b>night</b>');
    await assertAccessible(asker, 'the entitlement page');
    await screenshot(asker, SHOTS, '03-request-form');
    await asker.getByRole('button', { name: 'Request access' }).click();
    await asker.waitForURL((url) => url.pathname === '/access' && url.searchParams.get('done') === 'requested');
    await suite.h.waitFor(pair, (s) => s.stage === 'pending_approval' && s.currentStage === 0);

    const managerName = suite.h.tenant.users.get(cast.manager)!.displayName ?? '';
    await approveInInbox(
      await pageOf(person(cast.manager)),
      name,
      [/Stage 1 of 2 · Manager · 0 of 1 approval/],
      '04-manager',
    );
    await rowStages(pair, (stages) => stages[1]?.status === 'pending');
    await approveInInbox(
      await pageOf(person(cast.owners[0])),
      name,
      [
        /Stage 2 of 2 · Owners · 0 of 2 approvals/,
        /Stage 1 · Manager: approved · 1 of 1 approval/,
        new RegExp(`${managerName} approved`),
        /Stage 2 · Owners: deciding now · 0 of 2 approvals/,
      ],
      '05-first-owner',
    );
    await rowStages(pair, (stages) => stages[1]?.decisions.length === 1);
    const firstOwnerName = suite.h.tenant.users.get(cast.owners[0])!.displayName ?? '';

    // The requester's My access shows every stage, who decided and when.
    await asker.goto(`${apiUrl}/access`);
    const pending = asker
      .getByRole('region', { name: 'Pending', exact: true })
      .locator('li.card')
      .filter({ has: asker.getByRole('heading', { level: 3, name, exact: true }) });
    const pendingText = await pending.first().innerText();
    assert.match(pendingText, /Stage 1 · Manager: approved · 1 of 1 approval/);
    assert.match(pendingText, new RegExp(`${managerName} approved`));
    assert.match(pendingText, /Stage 2 · Owners: deciding now · 1 of 2 approvals/);
    assert.match(pendingText, new RegExp(`${firstOwnerName} approved`));
    assert.doesNotMatch(pendingText, new RegExp(`Waiting for approval by [^\\n]*${firstOwnerName}`), 'not waited for');
    assert.equal(await pending.first().locator('ol.stage-list time').count(), 2, 'each decision has its time');
    await assertAccessible(asker, 'My access with stage progress');
    await screenshot(asker, SHOTS, '06-my-access-stages');

    await approveInInbox(
      await pageOf(person(cast.owners[1])),
      name,
      [/Stage 2 of 2 · Owners · 1 of 2 approvals/, new RegExp(`${firstOwnerName} approved`)],
      '07-second-owner',
    );
    const active = await suite.h.waitFor(pair, (s) => s.stage === 'active');
    assert.equal(active.approvedBy, cast.owners[1], 'the approval that completed the last stage');
    assert.ok(suite.h.tenant.groupMembers.get(cast.groupId)?.has(cast.requester), 'a member in the simulator');

    // My access shows it active.
    await asker.goto(`${apiUrl}/access`);
    const card = asker
      .getByRole('region', { name: 'Active', exact: true })
      .locator('li.card')
      .filter({ has: asker.getByRole('heading', { level: 3, name, exact: true }) });
    for (let tries = 0; (await card.count()) === 0 && tries < 30; tries++) await asker.reload();
    assert.match(await card.first().innerText(), /Time left/);
    await assertAccessible(asker, 'My access');
    await screenshot(asker, SHOTS, '08-my-access-active');
    assert.deepEqual(
      problems.filter((text) => !/^Failed to load resource: the server responded with a status of 404/.test(text)),
      [],
      'no CSP refusals or script errors',
    );
  });
});
