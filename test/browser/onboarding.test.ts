// The whole onboarding in a real browser (Debian chromium through playwright-core, headless): the invitation read
// from a real SMTP server → the setup page → sign in on the simulator's page as a seeded Global Administrator →
// consent → admin consent → sign in again → "Connected" with the first sync's result in the viewer's local time (the
// browser runs in Tokyo time). A screenshot of every step goes to test-artifacts/onboarding/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { connectorTemporal } from '../../temporal/clients/connectors.js';
import { getConnector } from '../../catalog/connectors.js';
import { CHROMIUM_PATH, chromiumArgs } from '../helpers/chromium.js';
import { createTempDir, type TempDir } from '../helpers/temp-dir.js';
import { eventually } from '../onboarding/owner-browser.js';
import { linksIn } from '../onboarding/smtp-inbox.js';
import { startOnboardingStack, type OnboardingStack } from '../onboarding/stack-harness.js';

const ARTIFACTS = join(import.meta.dirname, '../../test-artifacts/onboarding');

describe('onboarding in a real browser', { timeout: 240_000 }, () => {
  let stack: OnboardingStack;
  let context: BrowserContext;
  let profile: TempDir;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [stack, profile] = await Promise.all([startOnboardingStack(), createTempDir('lantern-chromium-')]);
    // A fresh --user-data-dir: playwright passes the profile folder as that flag.
    context = await chromium.launchPersistentContext(profile.path, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      viewport: { width: 390, height: 844 },
      locale: 'en-US',
      timezoneId: 'Asia/Tokyo',
      args: ['--headless', ...(await chromiumArgs(stack.sim.authorityHost))],
    });
  });
  after(async () => {
    await context?.close();
    await stack?.teardown();
    await profile?.remove();
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const heading = (page: Page) => page.locator('h1').first().innerText();

  it('walks invitation → sign-in → consent → sign-in again → connected, and the first sync completes', async () => {
    const owner = 'it-owner@contoso.example';
    const { connectorId } = await stack.createOnboarding([owner]);
    const mail = await stack.inbox.waitFor((m) => m.to.includes(owner) && /^Set up/.test(m.subject));
    const link = linksIn(mail).find((l) => l.includes(`/onboarding/${connectorId}?token=`))!;
    const admin = stack.sim.tenants[0]!.demo.globalAdmin;
    const page = await context.newPage();

    await page.goto(link);
    assert.equal(await heading(page), 'Step 1 of 3: sign in with Microsoft');
    await shot(page, '01-invitation-link-setup-page');

    await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();
    await page.waitForURL((url) => url.origin === stack.sim.authorityHost);
    await page.locator('#i0116').fill(admin.upn);
    await page.locator('#i0118').fill(admin.password);
    await shot(page, '02-microsoft-sign-in');
    await page.locator('#idSIButton9').click();
    if ((await page.title()) === 'Permissions requested') {
      await shot(page, '03-consent-to-sign-in-scopes');
      await page.locator('#idSIButton9').click();
    }
    await page.waitForURL((url) => url.origin === stack.apiUrl && url.pathname === `/onboarding/${connectorId}`);
    assert.equal(await heading(page), 'Step 2 of 3: grant admin consent');
    const tenant = stack.sim.tenants[0]!;
    assert.equal(await page.locator('#tenant-domain').innerText(), tenant.domain);
    assert.equal(await page.locator('#signer').innerText(), admin.upn);
    assert.match(await page.locator('#permissions').innerText(), /User\.Read\.All: read users/);
    await shot(page, '04-setup-admin-consent');

    // The browser refuses to submit until the owner confirms the tenant (a required checkbox).
    await page.getByRole('button', { name: 'Grant admin consent' }).click();
    assert.equal(new URL(page.url()).pathname, `/onboarding/${connectorId}`);
    await page.getByRole('checkbox', { name: /This is the tenant Lantern should govern/ }).check();
    await page.getByRole('button', { name: 'Grant admin consent' }).click();
    await page.waitForURL((url) => url.origin === stack.sim.authorityHost);
    assert.equal(await page.title(), 'Permissions requested');
    await shot(page, '05-microsoft-admin-consent');
    await page.locator('#idSIButton9').click();
    await page.waitForURL((url) => url.origin === stack.apiUrl && url.pathname === `/onboarding/${connectorId}`);
    assert.equal(await heading(page), 'Step 3 of 3: sign in again');
    await shot(page, '06-setup-second-sign-in');

    await page.getByRole('button', { name: 'Sign in with Microsoft again' }).click();
    // Owner sign-ins always offer the account picker: here, continue as the signed-in administrator.
    await page.waitForURL((url) => url.origin === stack.sim.authorityHost);
    await page.locator('#continueAsSignedIn').click();
    await page.waitForURL((url) => url.origin === stack.apiUrl && url.pathname === `/onboarding/${connectorId}`);
    await page.locator('h1', { hasText: 'Connected' }).waitFor({ timeout: 60_000 });
    await shot(page, '07-connected');

    const schedules = connectorTemporal(stack.client, stack.config.temporal.taskQueue);
    const sync = await eventually(async () => {
      const s = await schedules.describe(connectorId);
      return s && (s.running.length > 0 || s.lastRunAt !== null) ? s : null;
    }, 'first sync run');
    assert.equal(sync.scheduleId, `connector:${connectorId}:sync`);
    assert.equal((await getConnector(stack.db.catalog.db, connectorId))?.status, 'connected');
    const firstSync = await eventually(async () => {
      const run = await stack.db.catalog.db
        .selectFrom('sync_runs')
        .selectAll()
        .where('connector_id', '=', connectorId)
        .where('status', '<>', 'running')
        .executeTakeFirst();
      return run ?? null;
    }, 'first sync completed');
    assert.equal(firstSync.status, 'succeeded', `the first sync failed: ${firstSync.error}`);
    const users = await stack.db.catalog.db
      .selectFrom('principals')
      .select('id')
      .where('connector_id', '=', connectorId)
      .where('kind', '=', 'user')
      .execute();
    assert.equal(
      users.length,
      stack.sim.store.tenant(stack.sim.tenants[0]!.id)!.users.size,
      'every user of the tenant is in the catalog',
    );
    await page.reload();
    assert.match(await page.locator('#sync-status').innerText(), /sync/i);
    const card = page.locator('#first-sync');
    assert.equal(await card.getAttribute('data-status'), 'succeeded');
    assert.match(await card.innerText(), new RegExp(`${users.length}\\s+users`));
    // The served script shows times in the viewer's zone: Tokyo here, not UTC.
    const finished = card.locator('time').first();
    const at = new Date((await finished.getAttribute('datetime'))!);
    assert.equal(
      await finished.innerText(),
      at.toLocaleString('en-US', { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'short' }),
    );
    assert.equal(await page.getByRole('link', { name: 'Sign in to Lantern' }).getAttribute('href'), `${stack.apiUrl}/`);
    await shot(page, '08-connected-sync-status');
    await page.close();
  });
});
