// The person pages in a real browser (Debian chromium through playwright-core, headless), under the pages' strict CSP:
// the requester's manager opens Approvals, approves with a comment, and the requester sees the access on My requests
// in local time, then gives it back. Sign-in itself is proved by sign-in-roles.test.ts: here a session is created as
// the callback would create it and its cookie handed to the browser.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { startAccessSuite, stopAccessSuite, type AccessSuite } from '../access/access-harness.js';
import { pickRightsPeople, syncOnce, type Person, type RightsPeople } from '../api/approver-rights-fixture.js';
import { authHeader, buildTestApp, stubTemporal } from '../helpers/api-app.js';
import { signInAs } from '../helpers/sessions.js';

describe('approvals and my requests in a browser', { timeout: 180_000 }, () => {
  let suite: AccessSuite;
  let app: FastifyInstance;
  let apiUrl: string;
  let browser: Browser;
  let people: RightsPeople;
  const problems: string[] = [];

  /** A browser context signed in as `person` (its session cookie), collecting console errors such as CSP refusals. */
  async function signedIn(person: Person): Promise<BrowserContext> {
    const { cookie } = await signInAs(
      suite.h.catalog.db,
      { objectId: person.id, tenantId: suite.h.tenant.id, upn: person.upn },
      { publicUrl: apiUrl },
    );
    const [name, value] = cookie.split('=') as [string, string];
    const context = await browser.newContext({ timezoneId: 'Pacific/Auckland' });
    await context.addCookies([{ name, value, url: apiUrl }]);
    context.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    return context;
  }

  before(async () => {
    suite = await startAccessSuite();
    await syncOnce(suite);
    people = pickRightsPeople(suite);
    app = await buildTestApp(suite.h.catalog, { temporal: stubTemporal({ access: suite.h.access }) });
    apiUrl = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
    const policy = await app.inject({
      method: 'PUT',
      url: `/api/v1/connectors/${suite.h.connector.id}/access-policies/${people.managedEntitlement}`,
      headers: authHeader,
      payload: {
        maxDurationSeconds: 3600,
        approvalRequired: true,
        approvers: { manager: true },
        requestTimeoutSeconds: 600,
        extensionNeedsApproval: false,
      },
    });
    assert.equal(policy.statusCode, 200, policy.body);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await stopAccessSuite(suite ?? {});
  });

  it("the requester's manager approves on Approvals; the requester sees it on My requests and gives it back", async () => {
    const { requester, manager, managedEntitlement } = people;
    const asRequester = await signInAs(suite.h.catalog.db, { objectId: requester.id, tenantId: suite.h.tenant.id });
    const asked = await app.inject({
      method: 'POST',
      url: `/api/v1/connectors/${suite.h.connector.id}/access-requests`,
      headers: { cookie: asRequester.cookie, 'x-csrf-token': asRequester.csrf },
      payload: { entitlementId: managedEntitlement, durationSeconds: 1800, justification: 'on call', ticket: 'INC-9' },
    });
    assert.equal(asked.statusCode, 201, asked.body);
    const pair = asked.json().status;

    const approver = await (await signedIn(manager)).newPage();
    await approver.goto(`${apiUrl}/approvals`);
    assert.equal(await approver.locator('h1').innerText(), 'Approvals');
    const card = approver.locator('li.card', { hasText: requester.upn });
    assert.match(await card.innerText(), /on call[\s\S]*INC-9/);
    await card.getByLabel('Comment (optional)').fill('fine for tonight');
    await card.getByRole('button', { name: 'Approve' }).click();
    await approver.waitForURL(/\/approvals\?done=approved$/);
    assert.match(await approver.locator('[role=status]').innerText(), /Approved/);
    const active = await suite.h.waitFor(pair, (s) => s.stage === 'active');
    assert.equal(active.approvedBy, manager.id);

    const mine = await (await signedIn(requester)).newPage();
    await mine.goto(`${apiUrl}/my-requests`);
    assert.equal(await mine.locator('h1').innerText(), 'My requests');
    const row = mine.locator('li.card', { hasText: managedEntitlement });
    const expiry = row.locator('time');
    await expiry.waitFor();
    assert.doesNotMatch(await expiry.innerText(), /UTC/, 'the shared script showed the time in local time');
    await row.getByRole('button', { name: 'Give back' }).click();
    await mine.waitForURL(/\/my-requests\?done=returned$/);
    const ended = await suite.h.waitFor(pair, (s) => s.stage === 'ended');
    assert.equal(ended.endReason, 'revoked');
    assert.deepEqual(problems, [], 'no console errors (the CSP refused nothing)');
  });
});
