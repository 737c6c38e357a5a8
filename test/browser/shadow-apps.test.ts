// Shadow apps in real Chromium under the pages' strict CSP, against a synced simulated tenant and the real
// revokeAppConsents workflow: an admin filters the list by state, triages one app as ignored with a note (typed
// markup shows as text), then revokes another app's consent for one chosen user through the confirm step and sees
// that user's result. Every page is checked with axe-core and kept as a screenshot in test-artifacts/web/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { stubTemporal } from '../helpers/api-app.js';
import { assertAccessible, screenshot } from '../helpers/browser-checks.js';
import { lanternAdmin, listenTestApp, signedInPage } from '../helpers/browser-session.js';
import { launchChromium } from '../helpers/chromium.js';
import { createTemporalTestEnv, type TemporalTestEnv } from '../helpers/temporal-env.js';
import { appsWithConsents, createShadowHarness, type ShadowHarness } from '../shadow-apps/shadow-harness.js';

const SHOTS = 'web';
const HOME = '61111111-2222-4333-8444-555555555555';
const NOTE = '<script>alert(1)</script> known vendor';

describe('Shadow apps in a browser', { timeout: 240_000 }, () => {
  let temporal: TemporalTestEnv;
  let h: ShadowHarness;
  let serving: Awaited<ReturnType<ShadowHarness['serveRevocations']>>;
  let app: FastifyInstance;
  let apiUrl: string;
  let browser: Browser;
  let page: Page;
  let apps: Awaited<ReturnType<typeof appsWithConsents>>;
  const problems: string[] = [];

  before(async () => {
    temporal = await createTemporalTestEnv();
    h = await createShadowHarness(temporal);
    await h.sync();
    apps = await appsWithConsents(h.catalog, h.connector.id, 1);
    serving = await h.serveRevocations();
    ({ app, apiUrl } = await listenTestApp(
      h.catalog,
      { temporal: stubTemporal({ shadowApps: serving.temporal }) },
      HOME,
    ));
    browser = await launchChromium();
    page = await signedInPage(browser, h.catalog.db, lanternAdmin(HOME), {
      apiUrl,
      timezoneId: 'Europe/Berlin',
      problems,
    });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await serving?.stop();
    await h?.close();
    await temporal?.teardown();
  });

  const filterBy = async (state: string) => {
    await page.goto(`${apiUrl}/admin/shadow-apps`);
    await page.getByLabel('State').selectOption({ label: state });
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((url) => url.searchParams.get('state') === state.toLowerCase());
  };
  const listedApps = async () => page.locator('table tbody th a').allTextContents();

  it('filters by state and triages an app as ignored with a note', async () => {
    const ignored = apps[1]!;
    await filterBy('New');
    assert.ok((await listedApps()).includes(ignored.displayName));
    assert.ok((await page.locator('.risky').count()) > 0, 'risky scopes are flagged');
    await assertAccessible(page, 'the shadow apps list');
    await screenshot(page, SHOTS, 'shadow-apps');

    await page.getByRole('link', { name: ignored.displayName, exact: true }).first().click();
    await page.getByLabel('Authorize (sanctioned, with an owner)').check();
    await page.getByLabel('Note').fill(NOTE);
    await page.getByRole('button', { name: 'Save triage' }).click();
    assert.match(await page.locator('#owner-error').innerText(), /needs an owner/);
    assert.equal(await page.getByLabel('Note').inputValue(), NOTE, 'what the admin typed is kept');

    await page.getByLabel('Ignore').check();
    await page.getByRole('button', { name: 'Save triage' }).click();
    await page.waitForURL((url) => url.searchParams.get('done') === 'triaged');
    assert.equal(await page.getByRole('status').innerText(), 'Triage saved.');
    assert.ok((await page.locator('dl.facts').innerText()).includes(NOTE), 'the note shows as text');
    assert.equal(await page.locator('main script').count(), 0);
    await assertAccessible(page, 'a triaged app');
    await screenshot(page, SHOTS, 'shadow-app-triaged');

    await filterBy('Ignored');
    assert.deepEqual(await listedApps(), [ignored.displayName]);
    await filterBy('New');
    assert.ok(!(await listedApps()).includes(ignored.displayName));
  });

  it('revokes one chosen user and shows that result', async () => {
    const target = apps[0]!;
    const grants = h.grantsOf(target.servicePrincipalId);
    assert.ok(grants.length >= 2);
    await page.goto(`${apiUrl}/admin/shadow-apps/${h.connector.id}/${target.appId}`);
    await assertAccessible(page, 'a shadow app');
    await screenshot(page, SHOTS, 'shadow-app');
    const firstBox = page.locator('input[name="userIds"]').first();
    const chosen = await firstBox.getAttribute('value');
    await page.getByLabel('Only the users I choose below').check();
    await firstBox.check();
    await page.getByLabel('Reason').fill('not sanctioned');
    await page.getByRole('button', { name: 'Review revocation' }).click();
    await page.getByRole('heading', { name: /^Revoke consents to/ }).waitFor();
    await assertAccessible(page, 'the revoke confirmation');
    await screenshot(page, SHOTS, 'shadow-app-revoke-confirm');
    await page.getByRole('button', { name: 'Revoke consents' }).click();
    await page.waitForURL((url) => url.searchParams.get('done') === 'revoke-started');

    const card = page.locator('section.revocation').first();
    const deadline = Date.now() + 60_000;
    while (!(await card.innerText()).includes('Succeeded')) {
      assert.ok(Date.now() < deadline, `the revocation never succeeded: ${await card.innerText()}`);
      await page.reload();
    }
    assert.match(await card.innerText(), /Removed 1, already gone 0, failed 0 of 1/);
    assert.equal(await card.locator('tbody tr').count(), 1);
    assert.match(await card.locator('tbody tr').innerText(), /Removed/);
    assert.equal(await card.getByRole('link', { name: /Open in Temporal/ }).count(), 1);
    await assertAccessible(page, 'a finished revocation');
    await screenshot(page, SHOTS, 'shadow-app-revoked');

    const left = h.grantsOf(target.servicePrincipalId);
    assert.deepEqual(
      left.map((g) => g.id).sort(),
      grants
        .filter((g) => g.principalId !== chosen)
        .map((g) => g.id)
        .sort(),
    );
    // A refused form answers 400 on purpose, and Chromium asks for a favicon (404): neither is a page problem.
    assert.deepEqual(
      problems.filter((p) => !p.startsWith('Failed to load resource')),
      [],
      'no CSP refusals or script errors',
    );
  });
});
