// Each role signs in with Microsoft (the simulator's pages) in real Chromium and reaches what it may: the requester
// and the approver (the requester's manager) their links, the admin /admin; the requester gets the 403 page there; a
// person of an unconnected tenant is refused; sign-out works. axe-core checks the home, refusal and signed-out pages.
// Screenshots go to /tmp/shots/sign-in/.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import axe from 'axe-core';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../../api/index.js';
import { peopleDepsFromConfig } from '../../api/people/routes.js';
import { createLinkSigner } from '../../lib/links/signer.js';
import type { DemoPerson } from '../../simulator/index.js';
import { stubTemporal } from '../helpers/api-app.js';
import { CHROMIUM_PATH, chromiumArgs } from '../helpers/chromium.js';
import { startSignInWorld, type SignInWorld } from '../helpers/sign-in-world.js';
import type { SyncHarness } from '../sync/sync-harness.js';

const SHOTS = '/tmp/shots/sign-in';

describe('signing in per role in a real browser', { timeout: 300_000 }, () => {
  let world: SignInWorld;
  let harness: SyncHarness;
  let app: FastifyInstance;
  let apiUrl: string;
  let browser: Browser;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    world = await startSignInWorld();
    ({ harness, apiUrl } = world);
    const { sim } = harness;
    const { config, port } = world;
    const people = peopleDepsFromConfig(config, harness.catalog.db, createLinkSigner(randomBytes(32)));
    app = await buildApp({ config, catalog: harness.catalog, temporal: stubTemporal(), people });
    await app.listen({ host: '127.0.0.1', port });
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: await chromiumArgs(sim.authorityHost),
    });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await world?.close();
  });

  const home = () => harness.sim.tenants[0]!;
  const heading = (page: Page) => page.locator('h1').first().innerText();
  const nav = (page: Page) => page.getByRole('navigation', { name: 'Lantern' });
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  /** axe-core in the page through the DevTools protocol (the page's CSP rightly forbids injected script tags). */
  async function assertAccessible(page: Page, what: string): Promise<void> {
    await page.evaluate(axe.source);
    // A string, so it runs in the page (this file is type-checked without the DOM library).
    const violations = (await page.evaluate(`axe.run(document).then((result) => result.violations.map(
      (v) => v.id + ': ' + v.help + ' (' + v.nodes.map((n) => n.target.join(' ')).join(', ') + ')'))`)) as string[];
    assert.deepEqual(violations, [], `axe violations on ${what}`);
  }

  /** A fresh browser profile signs in from Lantern's home page; returns the page back on Lantern. */
  async function signIn(who: DemoPerson, name: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${apiUrl}/`);
    await page.getByRole('link', { name: 'Sign in with Microsoft' }).click();
    await page.waitForURL((url) => url.origin === harness.sim.authorityHost);
    await page.locator('#i0116').fill(who.upn);
    await page.locator('#i0118').fill(who.password);
    await page.locator('#idSIButton9').click();
    // The simulator may ask for consent to the sign-in scopes the first time.
    if ((await page.title()) === 'Permissions requested') await page.locator('#idSIButton9').click();
    await page.waitForURL((url) => url.origin === apiUrl);
    await shot(page, `${name}-after-sign-in`);
    return page;
  }

  it('shows the anonymous home page, accessibly', async () => {
    const page = await browser.newPage();
    await page.goto(`${apiUrl}/`);
    assert.equal(await heading(page), 'Lantern');
    await shot(page, '00-home-anonymous');
    await assertAccessible(page, 'the anonymous home page');
    await page.close();
  });

  it('lets the requester in with their links, and shows them the 403 page at /admin', async () => {
    const page = await signIn(home().demo.people.requester, '01-requester');
    assert.match(await heading(page), /^Welcome, /);
    assert.ok(await nav(page).getByRole('link', { name: 'My access' }).isVisible());
    assert.ok(await nav(page).getByRole('link', { name: 'Request access' }).isVisible());
    assert.equal(await nav(page).getByRole('link', { name: 'Connectors' }).count(), 0);
    // The session end is rewritten into local time by the served script (CSP allows 'self' scripts only).
    assert.match(await page.locator('main time').innerText(), /^in (1 day|\d+ h)/);
    await assertAccessible(page, 'the signed-in home page');
    await page.goto(`${apiUrl}/admin`);
    assert.equal(await heading(page), 'You do not have access to this page');
    await shot(page, '02-requester-admin-403');
    await page.context().close();
  });

  it("lets the approver (the requester's manager) in with the approvals link", async () => {
    const page = await signIn(home().demo.people.approver, '03-approver');
    assert.ok(await nav(page).getByRole('link', { name: 'Approvals' }).isVisible());
    await page.context().close();
  });

  it('lets the admin reach the connectors from the navigation', async () => {
    const page = await signIn(home().demo.people.lanternAdmin, '04-admin');
    await nav(page).getByRole('link', { name: 'Connectors' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/connectors');
    assert.match(await heading(page), /Connectors/);
    assert.ok(await page.getByText(harness.connector.tenantId).isVisible());
    await shot(page, '05-admin-connectors');
    await assertAccessible(page, 'the admin page');
    await page.context().close();
  });

  it('refuses a person of an unconnected tenant with a clear page', async () => {
    const page = await signIn(harness.sim.tenants[1]!.demo.people.requester, '06-stranger');
    assert.equal(await heading(page), 'Your organisation does not use this Lantern');
    await assertAccessible(page, 'the refusal page');
    await page.context().close();
  });

  it('signs out', async () => {
    const page = await signIn(home().demo.people.requester, '07-sign-out');
    await page.getByRole('button', { name: 'Sign out' }).click();
    assert.equal(await heading(page), 'Signed out');
    assert.ok(await page.getByRole('link', { name: 'Sign out of Microsoft too' }).isVisible());
    await shot(page, '08-signed-out');
    await assertAccessible(page, 'the signed-out page');
    await page.goto(`${apiUrl}/`);
    assert.equal(await heading(page), 'Lantern', 'anonymous again');
    await page.context().close();
  });
});
