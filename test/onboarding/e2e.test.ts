// Onboarding end to end over HTTP: real simulator, Temporal, worker activities, SMTP and API. Owners follow the
// emailed link, sign in on the simulator's pages, consent, sign in again; Lantern connects and starts the sync.
// Then every history and the API log are scanned for secrets, codes, tokens and link signatures.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectorTemporal } from '../../temporal/clients/connectors.js';
import { getConnector } from '../../catalog/connectors.js';
import { dataConverterFor } from '../../temporal/codec.js';
import { onboardingWorkflowId } from '../../workflows/onboarding/messages.js';
import { TestBrowser, titleOf } from '../simulator/identity-browser.js';
import { decodedHistoryText, findLeaks } from './history-scan.js';
import { eventually, followLantern, throughMicrosoft } from './owner-browser.js';
import { linksIn } from './smtp-inbox.js';
import { startOnboardingStack, type OnboardingStack } from './stack-harness.js';

describe('connector onboarding end to end (HTTP)', { timeout: 180_000 }, () => {
  let stack: OnboardingStack;
  const seen: string[] = [];
  const workflows: string[] = [];
  before(async () => {
    stack = await startOnboardingStack();
  });
  after(async () => {
    await stack?.teardown();
  });

  const tenant = () => stack.sim.tenants[0]!;
  const remember = (url: string) => {
    const params = new URL(url).searchParams;
    for (const name of ['code', 'state', 'token']) {
      const value = params.get(name);
      if (value) seen.push(value, ...value.split('.').filter((part) => part.length >= 16));
    }
  };
  async function invitationLink(connectorId: string, owner: string): Promise<string> {
    const mail = await stack.inbox.waitFor(
      (m) => m.to.includes(owner) && /^Set up/.test(m.subject) && m.text.includes(connectorId),
    );
    assert.match(mail.text, /Global Administrator/);
    const link = linksIn(mail).find((l) => l.startsWith(`${stack.apiUrl}/onboarding/${connectorId}?token=`))!;
    remember(link);
    return link;
  }
  const h1 = (html: string) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1]?.replace(/&#39;/g, "'");

  it('connects a tenant: invitation → sign-in → admin consent → sign-in again → connected with the first sync started', async () => {
    const owners = ['owner.one@contoso.example', 'owner.two@contoso.example'];
    const { connectorId } = await stack.createOnboarding(owners);
    workflows.push(onboardingWorkflowId(connectorId));
    const link = await invitationLink(connectorId, owners[0]!);
    await invitationLink(connectorId, owners[1]!);
    const browser = new TestBrowser();
    const admin = tenant().demo.globalAdmin;

    let page = await browser.get(link);
    assert.equal(page.status, 200);
    assert.equal(h1(page.html), 'Step 1 of 3: sign in with Microsoft');
    let callback = await throughMicrosoft(browser, await browser.submit(page, {}), admin, stack.apiUrl);
    remember(callback);
    page = await followLantern(browser, callback);
    assert.equal(h1(page.html), 'Step 2 of 3: grant admin consent', page.html);
    assert.ok(page.html.includes(tenant().id));

    callback = await throughMicrosoft(browser, await browser.submit(page, {}), admin, stack.apiUrl);
    remember(callback);
    const consentCallback = callback;
    page = await followLantern(browser, callback);
    assert.equal(h1(page.html), 'Step 3 of 3: sign in again', page.html);
    // The same consent answer again: the state is single use.
    const replay = await browser.get(consentCallback);
    assert.equal(replay.status, 409);
    assert.equal(titleOf(replay.html), 'This sign-in was already used · Lantern');

    callback = await throughMicrosoft(browser, await browser.submit(page, {}), admin, stack.apiUrl);
    remember(callback);
    page = await followLantern(browser, callback);
    assert.ok(["Checking Lantern's permissions", 'Connected'].includes(h1(page.html)!), page.html);
    page = await eventually(async () => {
      const p = await browser.get(page.url);
      return h1(p.html) === 'Connected' && p;
    }, 'Connected');
    assert.match(page.html, /is connected to tenant/);

    const connector = await getConnector(stack.db.catalog.db, connectorId);
    assert.equal(connector?.status, 'connected');
    assert.equal(connector?.tenantId, tenant().id);
    const schedules = connectorTemporal(stack.client, stack.config.temporal.taskQueue);
    const sync = await eventually(async () => {
      const s = await schedules.describe(connectorId);
      return s && (s.running.length > 0 || s.lastRunAt !== null) ? s : null;
    }, 'first sync run');
    assert.equal(sync.scheduleId, `connector:${connectorId}:sync`);
    const connected = await stack.inbox.waitFor((m) => m.to.includes(owners[1]!) && /^Connected/.test(m.subject));
    assert.match(connected.text, new RegExp(tenant().id));

    const afterTheEnd = await browser.get(consentCallback);
    assert.equal(afterTheEnd.status, 409, 'a finished setup accepts no more steps');
  });

  it('refuses an account that is not a Global Administrator and keeps the step open', async () => {
    const { connectorId } = await stack.createOnboarding(['third@contoso.example']);
    workflows.push(onboardingWorkflowId(connectorId));
    const browser = new TestBrowser();
    const page = await browser.get(await invitationLink(connectorId, 'third@contoso.example'));
    const callback = await throughMicrosoft(browser, await browser.submit(page, {}), tenant().demo.user, stack.apiUrl);
    const refused = await browser.get(callback);
    assert.equal(refused.status, 400);
    assert.equal(h1(refused.html), 'A Global Administrator is needed');
    const status = await stack.app.inject({
      url: `/api/v1/onboardings/${connectorId}`,
      headers: { authorization: `Bearer ${stack.secrets[3]}` },
    });
    assert.equal(status.json().stage, 'awaiting_first_login');
  });

  it('keeps the consent step open with an explanation and a retry when the admin declines consent (AADSTS65004)', async () => {
    const { connectorId } = await stack.createOnboarding(['fifth@contoso.example']);
    workflows.push(onboardingWorkflowId(connectorId));
    const browser = new TestBrowser();
    const admin = tenant().demo.globalAdmin;
    let page = await browser.get(await invitationLink(connectorId, 'fifth@contoso.example'));
    page = await followLantern(
      browser,
      await throughMicrosoft(browser, await browser.submit(page, {}), admin, stack.apiUrl),
    );
    assert.equal(h1(page.html), 'Step 2 of 3: grant admin consent');
    const declined = await browser.get(
      await throughMicrosoft(browser, await browser.submit(page, {}), admin, stack.apiUrl, 'cancel'),
    );
    assert.equal(declined.status, 400);
    assert.equal(h1(declined.html), 'Consent was declined');
    assert.match(declined.html, /AADSTS65004/);
    const retry = /<a class="button" href="([^"]+)">Try again<\/a>/.exec(declined.html)![1]!.replace(/&amp;/g, '&');
    assert.equal(
      h1((await browser.get(retry)).html),
      'Step 2 of 3: grant admin consent',
      'the retry link opens the same step',
    );
  });

  it('refuses a setup link that was tampered with or issued for another connector', async () => {
    const { connectorId } = await stack.createOnboarding(['fourth@contoso.example']);
    workflows.push(onboardingWorkflowId(connectorId));
    const link = await invitationLink(connectorId, 'fourth@contoso.example');
    const browser = new TestBrowser();
    assert.equal((await browser.get(`${link.slice(0, -3)}abc`)).status, 403);
    const other = workflows[0]!.split(':')[1]!;
    assert.equal((await browser.get(link.replace(connectorId, other))).status, 403);
    const callbackWithoutCookie = await new TestBrowser().get(
      `${stack.apiUrl}/onboarding/callback?code=x&state=${encodeURIComponent(new URL(link).searchParams.get('token')!)}`,
    );
    assert.equal(callbackWithoutCookie.status, 400, 'a setup token is not an OAuth state');
  });

  it('never writes a token, code, secret or link signature into a workflow history or the API log', async () => {
    assert.ok(seen.length >= 8, 'the walk captured codes, states and link tokens');
    const codec = dataConverterFor(stack.config.temporal.codecKey)!.payloadCodecs[0]!;
    for (const workflowId of workflows) {
      const text = await decodedHistoryText(stack.client, workflowId, codec);
      assert.ok(text.includes('awaiting_first_login') || text.includes('Contoso'), 'the scan reads decoded payloads');
      assert.deepEqual(findLeaks(text, [...stack.secrets, ...seen]), [], workflowId);
    }
    const log = stack.logs.join('');
    assert.ok(log.includes('/onboarding/callback'), 'the log saw the callbacks');
    assert.deepEqual(findLeaks(log, [...stack.secrets, ...seen]), []);
  });
});
