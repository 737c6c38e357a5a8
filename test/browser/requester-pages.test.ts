// A requester in a real browser (Debian chromium through playwright-core, headless) under the pages' strict CSP,
// against a synced simulated tenant and the real accessGrant workflow: types into Request access, picks the group with
// the keyboard from the typeahead, asks for two hours with a justification, sees it active with time left on My access,
// gives it back and sees why it ended. Every page is checked with axe-core and kept as a screenshot in
// test-artifacts/web/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { startAccessSuite, stopAccessSuite, type AccessSuite } from '../access/access-harness.js';
import { pickRightsPeople, syncOnce, type RightsPeople } from '../api/approver-rights-fixture.js';
import { assertAccessible, screenshot } from '../helpers/browser-checks.js';
import { listenPeopleApp, putAccessPolicy, signedInPage } from '../helpers/browser-session.js';
import { chromiumArgs, launchChromium } from '../helpers/chromium.js';

const SHOTS = 'web';
const JUSTIFICATION = 'month end <em>close</em>';

describe('request access and my access in a browser', { timeout: 240_000 }, () => {
  let suite: AccessSuite;
  let app: FastifyInstance;
  let apiUrl: string;
  let browser: Browser;
  let people: RightsPeople;
  let groupName: string;
  const problems: string[] = [];

  before(async () => {
    suite = await startAccessSuite();
    await syncOnce(suite);
    people = pickRightsPeople(suite);
    ({ app, apiUrl } = await listenPeopleApp(suite));
    // Granted without approval, up to 8 hours: the grant must really run to reach My access's Active section.
    await putAccessPolicy(app, suite.h.connector.id, people.managedEntitlement, {
      maxDurationSeconds: 8 * 3600,
      approvalRequired: false,
      approvers: {},
      requestTimeoutSeconds: 600,
      extensionNeedsApproval: false,
    });
    const groupId = people.managedEntitlement.split(':')[1]!;
    groupName = suite.h.tenant.groups.get(groupId)!.displayName!;
    browser = await launchChromium(await chromiumArgs(suite.h.sim.authorityHost));
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await stopAccessSuite(suite ?? {});
  });

  /** Reloads My access until `text` shows in the section titled `title` (the workflow moves on its own). */
  async function untilSectionShows(page: Page, title: string, text: string | RegExp): Promise<string> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const section = page.locator('section', { has: page.getByRole('heading', { name: title, level: 2 }) });
      const shown = await section.innerText();
      if (typeof text === 'string' ? shown.includes(text) : text.test(shown)) return shown;
      if (Date.now() > deadline) assert.fail(`My access never showed ${String(text)} under ${title}: ${shown}`);
      await page.reload();
    }
  }

  it('searches by typing, picks with the keyboard, requests for two hours, then gives it back', async () => {
    const { requester, managedEntitlement } = people;
    const person = { objectId: requester.id, tenantId: suite.h.tenant.id, upn: requester.upn };
    const page = await signedInPage(browser, suite.h.catalog.db, person, { apiUrl, problems: [] });
    // Console errors and failed loads, except the favicon Chromium asks for on its own (Lantern serves none).
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) problems.push(m.text());
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${apiUrl}/request`);
    assert.equal(await page.locator('h1').innerText(), 'Request access');
    await assertAccessible(page, 'the Request access page');

    const search = page.getByRole('combobox', { name: 'Search entitlements' });
    await search.pressSequentially(groupName, { delay: 20 });
    const wanted = page.getByRole('option', { name: new RegExp(`^Member of ${escapeRegExp(groupName)}\\b`) });
    await wanted.first().waitFor();
    assert.equal(await search.getAttribute('aria-expanded'), 'true');
    await screenshot(page, SHOTS, 'request-typeahead');
    await assertAccessible(page, 'the typeahead open');
    const options = await page.getByRole('option').allInnerTexts();
    const index = options.findIndex((text) => text.startsWith(`Member of ${groupName}\n`));
    assert.ok(index >= 0, `the group is offered: ${options.join(' | ')}`);
    for (let i = 0; i <= index; i++) await search.press('ArrowDown');
    await search.press('Enter');
    await page.waitForURL(`${apiUrl}/request/${suite.h.connector.id}/${encodeURIComponent(managedEntitlement)}`);
    assert.match(await page.locator('main').innerText(), /Not needed: access is granted at once/);
    await screenshot(page, SHOTS, 'request-entitlement');
    await assertAccessible(page, 'the entitlement page');

    await page.getByLabel('Duration').selectOption({ label: '2 hours' });
    await page.getByLabel('Justification').fill(JUSTIFICATION);
    await page.getByLabel('Ticket').fill('CHG-42');
    await page.getByRole('button', { name: 'Request access' }).click();
    await page.waitForURL(`${apiUrl}/access?done=requested`);

    const active = await untilSectionShows(page, 'Active', `Member of ${groupName}`);
    assert.match(active, /Time left: in (1 h 5\d min|2 h|1 h)/);
    assert.ok(
      await page
        .getByRole('link', { name: /Open in Temporal/ })
        .first()
        .isVisible(),
    );
    await screenshot(page, SHOTS, 'my-access-active');
    await assertAccessible(page, 'My access with an active grant');

    await page.getByRole('button', { name: `Give back Member of ${groupName}` }).click();
    await page.waitForURL(`${apiUrl}/access?done=returned`);
    assert.match(await page.getByRole('status').first().innerText(), /Given back/);
    await untilSectionShows(page, 'Ended', 'You gave it back.');
    await screenshot(page, SHOTS, 'my-access-ended');
    await assertAccessible(page, 'My access after giving back');
    assert.deepEqual(problems, [], 'no console errors (the CSP refused nothing)');
  });
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
