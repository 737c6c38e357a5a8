// Policy v2 approval stages through the web app in real Chromium (headless, under the pages' CSP, axe-core on every
// page, screenshots in test-artifacts/stages/), against a synced simulated tenant and the real accessGrant workflow:
// an admin saves a two-stage policy on the Policies page (stage 1 the requester's manager, stage 2 two of the group's
// owners), the requester asks for the group and sees the approval path, the manager approves stage 1 in /approvals,
// each owner sees where the request stands and who decided before and approves stage 2, and the access appears on
// the requester's My access and in the simulator's directory.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { startAccessSuite, stopAccessSuite, type AccessSuite } from '../access/access-harness.js';
import { syncOnce } from '../api/approver-rights-fixture.js';
import { assertAccessible, screenshot } from '../helpers/browser-checks.js';
import { lanternAdmin, listenPeopleApp, signedInPage } from '../helpers/browser-session.js';
import { chromiumArgs, launchChromium } from '../helpers/chromium.js';

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
    await suite.h.waitFor(pair, (s) => s.currentStage === 1);
    await approveInInbox(
      await pageOf(person(cast.owners[0])),
      name,
      [/Stage 2 of 2 · Owners · 0 of 2 approvals/, new RegExp(`Stage 1 · Manager: approved by ${managerName}`)],
      '05-first-owner',
    );
    await suite.h.waitFor(pair, (s) => s.stages?.[1]?.decisions.length === 1);
    await approveInInbox(
      await pageOf(person(cast.owners[1])),
      name,
      [/Stage 2 of 2 · Owners · 1 of 2 approvals/, /This stage so far: approved by /],
      '06-second-owner',
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
    await screenshot(asker, SHOTS, '07-my-access-active');
    assert.deepEqual(
      problems.filter((text) => !/^Failed to load resource: the server responded with a status of 404/.test(text)),
      [],
      'no CSP refusals or script errors',
    );
  });
});
