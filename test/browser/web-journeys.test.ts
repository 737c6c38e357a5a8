// The requester's whole path through the web app in real Chromium, across the pages other suites test one by one:
// sign in with Microsoft (the simulator's pages) → Request access: search, open the entitlement, pick a duration,
// justify → the manager's Approvals inbox: approve → My access: active, time left in the viewer's time zone → give it
// back early → Ended, with why. Real Temporal runs the accessGrant workflow against the simulator's Graph. axe-core on
// every page; screenshots under test-artifacts/journeys/.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createAccessActivities } from '../../activities/access/index.js';
import { buildApp } from '../../api/index.js';
import { peopleDepsFromConfig } from '../../api/people/routes.js';
import { putPolicy } from '../../catalog/access/policies.js';
import { entitlementIds } from '../../domain/entitlement-id.js';
import { createTenantGraph } from '../../entra/tenant-graph.js';
import { createLinkSigner } from '../../lib/links/signer.js';
import type { DemoPerson } from '../../simulator/index.js';
import { accessTemporal } from '../../temporal/clients/access.js';
import { pickFixtures } from '../access/access-harness.js';
import { stubTemporal } from '../helpers/api-app.js';
import { assertAccessible, screenshot } from '../helpers/browser-checks.js';
import { CHROMIUM_PATH, chromiumArgs } from '../helpers/chromium.js';
import { startSignInWorld, type SignInWorld } from '../helpers/sign-in-world.js';

const FOLDER = 'journeys';
/** LANTERN_DOCS_SCREENSHOTS=1 also refreshes the README's screenshots (viewport only, so each stays small). */
const DOCS_SHOTS = process.env.LANTERN_DOCS_SCREENSHOTS === '1' ? join(process.cwd(), 'docs', 'screenshots') : null;
/** A zone with a half-hour offset, so a time shown in UTC or the server's zone cannot pass for local time. */
const REQUESTER_ZONE = 'Asia/Kolkata';

describe('the web app journey: request → approve → my access → give back', { timeout: 300_000 }, () => {
  let world: SignInWorld;
  let app: FastifyInstance;
  let worker: Worker;
  let running: Promise<void>;
  let browser: Browser;
  const problems: string[] = [];

  before(async () => {
    world = await startSignInWorld();
    const { harness, config, port, temporal } = world;
    const taskQueue = temporal.taskQueue();
    const people = peopleDepsFromConfig(config, harness.catalog.db, createLinkSigner(randomBytes(32)));
    app = await buildApp({
      config,
      catalog: harness.catalog,
      temporal: stubTemporal({ access: accessTemporal(temporal.env.client, taskQueue) }),
      people,
    });
    await app.listen({ host: '127.0.0.1', port });
    const tenantGraph = createTenantGraph({
      credentials: { clientId: harness.sim.appReadWrite.clientId, clientSecret: harness.sim.appReadWrite.clientSecret },
    });
    worker = await temporal.createWorker({
      taskQueue,
      activities: createAccessActivities({
        catalog: harness.catalog,
        tenantGraph,
        loadConnector: async () => harness.connector,
      }),
    });
    running = worker.run();
    // Every entitlement of the demo tenant: up to 8 hours, approved by the requester's manager.
    await putPolicy(harness.catalog.db, {
      connectorId: harness.connector.id,
      entitlementId: null,
      maxDurationSeconds: 8 * 3600,
      approvalRequired: true,
      approvers: { manager: true },
      autoApproveGroupId: null,
      requestTimeoutSeconds: 3600,
      extensionNeedsApproval: false,
      expiryWarningSeconds: 0,
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: await chromiumArgs(harness.sim.authorityHost),
    });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    worker?.shutdown();
    await running;
    await world?.close();
  });

  const demo = () => world.harness.sim.tenants.find((t) => t.id === world.harness.sim.homeTenantId)!.demo.people;

  /** A fresh browser profile signs in with Microsoft from Lantern's home page, in the given time zone. */
  async function signIn(who: DemoPerson, timezoneId: string): Promise<Page> {
    const context = await browser.newContext({ timezoneId, locale: 'en-US', viewport: { width: 1100, height: 800 } });
    // Script errors and CSP refusals; failed loads are recorded by URL below (the console does not name them).
    context.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        problems.push(`${who.upn}: ${message.text()}`);
    });
    context.on('response', (response) => {
      const url = new URL(response.url());
      if (response.status() >= 400 && url.origin === world.apiUrl && url.pathname !== '/favicon.ico')
        problems.push(`${who.upn}: ${response.status()} ${url.pathname}${url.search}`);
    });
    const page = await context.newPage();
    await page.goto(`${world.apiUrl}/`);
    await page.getByRole('link', { name: 'Sign in with Microsoft' }).click();
    await page.waitForURL((url) => url.origin === world.harness.sim.authorityHost);
    await page.locator('#i0116').fill(who.upn);
    await page.locator('#i0118').fill(who.password);
    await page.locator('#idSIButton9').click();
    if ((await page.title()) === 'Permissions requested') await page.locator('#idSIButton9').click();
    await page.waitForURL((url) => url.origin === world.apiUrl);
    return page;
  }

  async function docsShot(page: Page, name: string): Promise<void> {
    if (!DOCS_SHOTS) return;
    mkdirSync(DOCS_SHOTS, { recursive: true });
    await page.screenshot({ path: join(DOCS_SHOTS, `${name}.png`) });
  }

  /** Until `ready` holds, (re)loads `path` (the workflow moves on its own time); the page as it is counts first. */
  async function reloadUntil(page: Page, path: string, ready: () => Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (new URL(page.url()).pathname === path && (await ready())) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await page.goto(`${world.apiUrl}${path}`);
    }
  }

  /** The <li class="card"> of a section of My access (a region named by its h2) whose heading is the entitlement. */
  const cardIn = (page: Page, section: 'Active' | 'Pending' | 'Ended', name: string) =>
    page
      .getByRole('region', { name: section, exact: true })
      .locator('li.card')
      .filter({ has: page.getByRole('heading', { level: 3, name, exact: true }) });

  /** A group the requester is not in, which Lantern may provision (not dynamic, synced, role-assignable or mail). */
  async function groupToRequest(requesterId: string): Promise<{ id: string; search: string; name: string }> {
    const { harness } = world;
    const tenant = harness.sim.store.tenant(harness.connector.tenantId)!;
    for (const group of pickFixtures(tenant).editable) {
      const id = entitlementIds.groupMember(group.id);
      const held = await harness.catalog.db
        .selectFrom('grants')
        .select('principal_id')
        .where('entitlement_id', '=', id)
        .where('principal_id', '=', requesterId)
        .executeTakeFirst();
      const entitlement = await harness.catalog.db
        .selectFrom('entitlements')
        .select('display_name')
        .where('id', '=', id)
        .executeTakeFirst();
      // The search is by the group's name; pages name the entitlement ("Member of <group>").
      if (!held && entitlement && group.displayName)
        return { id, search: group.displayName, name: entitlement.display_name };
    }
    throw new Error('no group the requester could ask for');
  }

  it('walks the request from search to giving it back, on every page accessibly', async () => {
    const { requester, approver } = demo();
    const group = await groupToRequest(requester.objectId);
    const connectorId = world.harness.connector.id;
    const entitlementHref = `/request/${encodeURIComponent(connectorId)}/${encodeURIComponent(group.id)}`;

    // The requester finds the group on Request access and asks for an hour of it.
    const asker = await signIn(requester, REQUESTER_ZONE);
    await asker.goto(`${world.apiUrl}/request`);
    await assertAccessible(asker, 'Request access');
    await asker.getByLabel('Search entitlements').fill(group.search);
    await screenshot(asker, FOLDER, '01-request-search');
    await asker.getByRole('button', { name: 'Search' }).click();
    await asker.waitForURL((url) => url.pathname === '/request' && url.searchParams.get('q') === group.search);
    await assertAccessible(asker, 'the search results');
    await asker.locator(`main a[href="${entitlementHref}"]`).first().click();
    await asker.waitForURL((url) => url.pathname === entitlementHref);
    await assertAccessible(asker, 'the entitlement page');
    await asker.getByLabel('Duration').selectOption('3600');
    await asker.getByLabel('Justification').fill('Quarter-end close <b>needs</b> this');
    await asker.getByLabel('Ticket').fill('CHG-1042');
    await screenshot(asker, FOLDER, '02-entitlement-request-form');
    await asker.getByRole('button', { name: 'Request access' }).click();
    await asker.waitForURL((url) => url.pathname === '/access' && url.searchParams.get('done') === 'requested');
    assert.match(await asker.locator('main').innerText(), /Requested: you will find it below/);
    await reloadUntil(
      asker,
      '/access',
      async () => (await cardIn(asker, 'Pending', group.name).count()) > 0,
      'pending',
    );
    await assertAccessible(asker, 'My access with a pending request');
    await screenshot(asker, FOLDER, '03-my-access-pending');

    // The requester's manager approves it from the Approvals inbox; the typed text shows as text.
    const decider = await signIn(approver, 'America/New_York');
    await decider.goto(`${world.apiUrl}/approvals`);
    const item = decider.locator('li.card').filter({ hasText: group.name });
    await item.first().waitFor();
    assert.match(await item.first().innerText(), /Quarter-end close <b>needs<\/b> this/);
    assert.match(await item.first().innerText(), /CHG-1042/);
    await assertAccessible(decider, 'the Approvals inbox');
    await screenshot(decider, FOLDER, '04-approvals-inbox');
    await docsShot(decider, 'approvals-inbox');
    // Its own Approve button is named for the item ("Approve <entitlement> for <person>"), not the bulk one.
    const approve = new RegExp(`^Approve ${group.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} for `);
    await item.first().getByRole('button', { name: approve }).click();
    await decider.waitForLoadState();
    await screenshot(decider, FOLDER, '05-approvals-after-approve');
    await decider.context().close();

    // My access: active, with the time left in the requester's own zone.
    const active = () => cardIn(asker, 'Active', group.name);
    const timeLeft = () => active().locator('time[data-relative]');
    await reloadUntil(asker, '/access', async () => (await timeLeft().count()) > 0, 'the grant to become active');
    const left = timeLeft().first();
    assert.match(await left.innerText(), /^in (59 min|1 h)/);
    const iso = (await left.getAttribute('datetime'))!;
    const local = new Date(iso).toLocaleString('en-US', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: REQUESTER_ZONE,
    });
    const spaces = (text: string | null) => (text ?? '').replace(/\s+/g, ' ');
    assert.equal(spaces(await left.getAttribute('title')), spaces(local), 'the exact time is in the viewer zone');
    await assertAccessible(asker, 'My access with an active grant');
    await screenshot(asker, FOLDER, '06-my-access-active');
    await docsShot(asker, 'my-access');

    // Given back early: it ends and says why.
    await active()
      .getByRole('button', { name: `Give back ${group.name}` })
      .click();
    await asker.waitForLoadState();
    // A confirmation step, if the page asks for one, is part of the path.
    const confirm = asker.getByRole('button', { name: /^(Give back|Confirm|Yes)/ });
    if (!asker.url().includes('/access?') && (await confirm.count()) > 0) await confirm.first().click();
    await asker.waitForURL((url) => url.pathname === '/access');
    const ended = () => cardIn(asker, 'Ended', group.name);
    await reloadUntil(asker, '/access', async () => (await ended().count()) > 0, 'the grant to end');
    assert.equal(await active().count(), 0, 'no longer active');
    assert.match(await ended().first().innerText(), /You gave it back/);
    await assertAccessible(asker, 'My access with an ended grant');
    await screenshot(asker, FOLDER, '07-my-access-ended');
    await asker.context().close();
    assert.deepEqual(problems, [], 'no CSP refusals or script errors on the way');
  });
});
