// The approver's inbox in a real browser (Debian chromium through playwright-core, headless), under the pages'
// strict CSP, against a synced simulated tenant and the real accessGrant workflow: the requester asks for two groups
// whose policy names their manager; the manager follows the approval email's link while signed out, signs in on the
// simulator's Microsoft pages and lands on that item; then, in the inbox, selects both and approves them at once with
// one comment, and both grants become active. Every page is checked with axe-core and kept as a screenshot in
// test-artifacts/web/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { approvalItemUrl } from '../../lib/links/access.js';
import { startAccessSuite, stopAccessSuite, type AccessSuite } from '../access/access-harness.js';
import { pickRightsPeople, syncOnce, type RightsPeople } from '../api/approver-rights-fixture.js';
import { assertAccessible, screenshot } from '../helpers/browser-checks.js';
import { listenPeopleApp, putAccessPolicy, signedInPage } from '../helpers/browser-session.js';
import { chromiumArgs, launchChromium } from '../helpers/chromium.js';
import { signInAs } from '../helpers/sessions.js';

const SHOTS = 'web';
const JUSTIFICATION = 'on call <em>tonight</em>';

describe('the approvals inbox in a browser', { timeout: 240_000 }, () => {
  let suite: AccessSuite;
  let app: FastifyInstance;
  let apiUrl: string;
  let browser: Browser;
  let people: RightsPeople;
  const problems: string[] = [];

  before(async () => {
    suite = await startAccessSuite();
    await syncOnce(suite);
    people = pickRightsPeople(suite);
    ({ app, apiUrl } = await listenPeopleApp(suite));
    for (const entitlement of [people.managedEntitlement, people.ownedEntitlement]) {
      await putAccessPolicy(app, suite.h.connector.id, entitlement, {
        maxDurationSeconds: 3600,
        approvalRequired: true,
        approvers: { manager: true },
        requestTimeoutSeconds: 600,
        extensionNeedsApproval: false,
      });
    }
    browser = await launchChromium(await chromiumArgs(suite.h.sim.authorityHost));
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await stopAccessSuite(suite ?? {});
  });

  it('the manager lands on the emailed item after signing in, then approves both requests at once', async () => {
    const { requester, manager, managedEntitlement, ownedEntitlement } = people;
    const asRequester = await signInAs(suite.h.catalog.db, { objectId: requester.id, tenantId: suite.h.tenant.id });
    const ask = async (entitlementId: string, ticket: string) => {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/connectors/${suite.h.connector.id}/access-requests`,
        headers: { cookie: asRequester.cookie, 'x-csrf-token': asRequester.csrf },
        payload: { entitlementId, durationSeconds: 1800, justification: JUSTIFICATION, ticket },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { workflowId: string; status: Parameters<AccessSuite['h']['waitFor']>[0] };
    };
    const first = await ask(managedEntitlement, 'INC-1');
    const second = await ask(ownedEntitlement, 'INC-2');

    // The approval email's link, opened in a browser that is not signed in to Lantern.
    const visitor = await browser.newContext({ timezoneId: 'Europe/Berlin' });
    visitor.on('console', (m) => (m.type() === 'error' ? problems.push(m.text()) : undefined));
    const page = await visitor.newPage();
    await page.goto(approvalItemUrl(apiUrl, first.workflowId));
    await screenshot(page, SHOTS, 'approvals-item-signed-out');
    await assertAccessible(page, 'the sign-in-first page');
    await page.getByRole('link', { name: 'Sign in with Microsoft' }).click();
    await page.waitForURL((url) => url.origin === suite.h.sim.authorityHost);
    await page.locator('#i0116').fill(manager.upn);
    await page.locator('#i0118').fill(suite.h.tenant.passwords.get(manager.id)!);
    await page.locator('#idSIButton9').click();
    if ((await page.title()) === 'Permissions requested') await page.locator('#idSIButton9').click();
    await page.waitForURL((url) => url.origin === apiUrl);
    assert.equal(
      new URL(page.url()).pathname,
      `/approvals/${encodeURIComponent(first.workflowId)}`,
      'back on the item',
    );
    assert.equal(await page.locator('h1').innerText(), 'Approve this access request?');
    assert.match(await page.locator('main').innerText(), /on call <em>tonight<\/em>/, 'typed text shown as text');
    assert.ok(await page.getByRole('button', { name: /^Approve / }).isVisible(), 'the decision form');
    await screenshot(page, SHOTS, 'approvals-item');
    await assertAccessible(page, 'the approvals item page');
    assert.equal((await suite.h.access.status(first.status)).stage, 'pending_approval', 'opening it decided nothing');
    await visitor.close();

    // The inbox, signed in as the manager: both requests, selected and approved at once with one comment.
    const asManager = { objectId: manager.id, tenantId: suite.h.tenant.id, upn: manager.upn };
    const inbox = await signedInPage(browser, suite.h.catalog.db, asManager, { apiUrl, problems });
    await inbox.goto(`${apiUrl}/approvals`);
    assert.equal(await inbox.locator('h1').innerText(), 'Approvals');
    const cards = inbox.locator('ul.inbox > li.card');
    assert.equal(await cards.count(), 2);
    assert.match(await cards.first().innerText(), /Earlier grants of this access to this person/);
    assert.ok(
      await inbox
        .getByRole('link', { name: /Open in Temporal/ })
        .first()
        .isVisible(),
    );
    await screenshot(inbox, SHOTS, 'approvals-inbox');
    await assertAccessible(inbox, 'the approvals inbox');
    for (const box of await inbox.getByRole('checkbox', { name: /^Select / }).all()) await box.check();
    assert.equal(await inbox.locator('#selected-count').innerText(), '2 requests selected.', 'inbox.js counts');
    assert.ok(await inbox.getByRole('checkbox', { name: 'Select all' }).isChecked());
    await inbox.getByLabel('Comment for all selected').fill('both fine for tonight');
    await inbox.getByRole('button', { name: 'Approve selected' }).click();
    await inbox.waitForURL(/\/approvals\?done=approved&count=2$/);
    assert.match(await inbox.locator('[role=status]').innerText(), /Approved 2 requests/);
    assert.match(await inbox.locator('main').innerText(), /Nothing awaits your decision/);
    await screenshot(inbox, SHOTS, 'approvals-inbox-approved');
    await assertAccessible(inbox, 'the emptied inbox');
    for (const { status } of [first, second]) {
      const active = await suite.h.waitFor(status, (s) => s.stage === 'active');
      assert.equal(active.approvedBy, manager.id);
    }
    // The signed-out visit's 401 page and the favicon (Lantern serves none) are logged as failed loads; anything else
    // (a CSP refusal, a script error, a missing asset: inbox.js is proved loaded by the live count) is a problem.
    const expected = /^Failed to load resource: the server responded with a status of (401|404)/;
    assert.deepEqual(
      problems.filter((text) => !expected.test(text)),
      [],
      'no console errors (the CSP refused nothing)',
    );
  });
});
