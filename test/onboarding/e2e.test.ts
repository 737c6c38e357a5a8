// Onboarding end to end over HTTP: real simulator, Temporal, worker activities, SMTP and API. Owners follow the
// emailed link, sign in on the simulator's pages, consent, sign in again; Lantern connects and starts the sync.
// Then every history and the API log are scanned for secrets, codes, tokens and link signatures.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectorTemporal } from '../../temporal/clients/connectors.js';
import { getConnector } from '../../catalog/connectors.js';
import { ADMIN_TOKEN } from '../helpers/api-app.js';
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
  const onboardingStatus = async (connectorId: string) =>
    (
      await stack.app.inject({
        url: `/api/v1/onboardings/${connectorId}`,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      })
    ).json() as Record<string, unknown>;
  const consent = { confirmTenant: 'yes' };

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
    // The tenant by name and domain, who is signed in, and what consent grants and why, before the owner consents.
    const organization = stack.sim.store.tenant(tenant().id)!.organization;
    assert.match(page.html, new RegExp(`id="tenant-name">${organization.displayName}<`));
    assert.match(page.html, new RegExp(`id="tenant-domain">${tenant().domain.replace(/\./g, '\\.')}<`));
    assert.match(page.html, new RegExp(`id="signer">${admin.upn}<`));
    assert.match(page.html, /<li><code>User\.Read\.All<\/code>: read users/);
    assert.doesNotMatch(page.html, /ReadWrite/, 'a readOnly connector asks for no write permission');
    const unconfirmed = await browser.submit(page, {});
    assert.equal(unconfirmed.status, 400, 'consent needs the tenant confirmed');
    assert.equal(h1(unconfirmed.html), 'Confirm the tenant first');

    const toConsent = await browser.submit(page, consent);
    assert.equal(new URL(toConsent.location!).searchParams.get('client_id'), stack.sim.app.clientId);
    callback = await throughMicrosoft(browser, toConsent, admin, stack.apiUrl);
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
    assert.match(page.html, /Contoso is connected\./);
    assert.match(page.html, new RegExp(`id="consented-by">${admin.upn}<`));
    assert.match(page.html, /<a class="button" href="http:\/\/127\.0\.0\.1:\d+\/">Sign in to Lantern<\/a>/);
    // The first sync's result, with times the viewer's browser shows in local time.
    page = await eventually(
      async () => {
        const p = await browser.get(page.url);
        return /id="first-sync" data-status="succeeded"/.test(p.html) && p;
      },
      'the first sync finished',
      60_000,
    );
    assert.match(page.html, /<li><strong>\d+<\/strong>\s*groups<\/li>/);
    assert.match(page.html, /Finished at\s*<time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z">/);

    // The status and the audit name the Global Administrator who granted consent, not the owner's email.
    const adminObjectId = [...stack.sim.store.tenant(tenant().id)!.users.values()].find(
      (u) => u.userPrincipalName === admin.upn,
    )!.id;
    assert.deepEqual((await onboardingStatus(connectorId)).consentedBy, { upn: admin.upn, objectId: adminObjectId });
    const audit = await stack.db.catalog.db
      .selectFrom('audit_log')
      .select(['actor', 'detail'])
      .where('action', '=', 'connector.consent_granted')
      .where('subject', '=', `connector:${connectorId}`)
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor, `entra:${tenant().id}/${adminObjectId}`);
    assert.deepEqual(audit[0]!.detail, {
      upn: admin.upn,
      objectId: adminObjectId,
      tenantId: tenant().id,
      owner: owners[0],
    });

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
    assert.equal((await onboardingStatus(connectorId)).stage, 'awaiting_first_login');
  });

  it('refuses at step 1 a tenant another connector governs, then lets the owner choose another account', async () => {
    const { connectorId } = await stack.createOnboarding(['sixth@contoso.example'], { displayName: 'Fabrikam' });
    workflows.push(onboardingWorkflowId(connectorId));
    const browser = new TestBrowser();
    let page = await browser.get(await invitationLink(connectorId, 'sixth@contoso.example'));
    const governedAdmin = tenant().demo.globalAdmin;
    const refused = await browser.get(
      await throughMicrosoft(browser, await browser.submit(page, {}), governedAdmin, stack.apiUrl),
    );
    assert.equal(refused.status, 409);
    assert.equal(h1(refused.html), 'This tenant is already connected');
    assert.match(refused.html, /already governed by the Lantern connector &quot;Contoso&quot;/);
    assert.equal((await onboardingStatus(connectorId)).stage, 'awaiting_first_login', 'nothing changed');

    const retry = /<a class="button" href="([^"]+)">Sign in with another account<\/a>/
      .exec(refused.html)![1]!
      .replace(/&amp;/g, '&');
    page = await browser.get(retry);
    const toMicrosoft = await browser.submit(page, {});
    assert.equal(new URL(toMicrosoft.location!).searchParams.get('prompt'), 'select_account');
    // Microsoft still has the refused account's session, yet shows the account picker instead of reusing it.
    const picker = await browser.get(toMicrosoft.location!);
    assert.equal(titleOf(picker.html), 'Sign in to your account');
    const other = stack.sim.tenants[1]!;
    page = await followLantern(browser, await throughMicrosoft(browser, picker, other.demo.globalAdmin, stack.apiUrl));
    assert.equal(h1(page.html), 'Step 2 of 3: grant admin consent', page.html);
    assert.match(page.html, new RegExp(`id="tenant-domain">${other.domain.replace(/\./g, '\\.')}<`));
  });

  it('asks a readWrite tenant to consent to the read-write app registration, and connects with it', async () => {
    const { connectorId } = await stack.createOnboarding(['seventh@contoso.example'], {
      displayName: 'Read-write',
      permissionSet: 'readWrite',
    });
    workflows.push(onboardingWorkflowId(connectorId));
    const other = stack.sim.tenants[1]!;
    const admin = other.demo.globalAdmin;
    const browser = new TestBrowser();
    let page = await browser.get(await invitationLink(connectorId, 'seventh@contoso.example'));
    page = await followLantern(
      browser,
      await throughMicrosoft(browser, await browser.submit(page, {}), admin, stack.apiUrl),
    );
    assert.match(page.html, /<li><code>GroupMember\.ReadWrite\.All<\/code>: add and remove group members/);
    const toConsent = await browser.submit(page, consent);
    assert.equal(new URL(toConsent.location!).searchParams.get('client_id'), stack.sim.appReadWrite.clientId);
    page = await followLantern(browser, await throughMicrosoft(browser, toConsent, admin, stack.apiUrl));
    assert.equal(h1(page.html), 'Step 3 of 3: sign in again', page.html);
    page = await followLantern(
      browser,
      await throughMicrosoft(browser, await browser.submit(page, {}), admin, stack.apiUrl),
    );
    await eventually(async () => h1((await browser.get(page.url)).html) === 'Connected', 'Connected');
    assert.equal((await getConnector(stack.db.catalog.db, connectorId))?.tenantId, other.id);
  });

  it('lets a second owner consent from their own browser only after signing in as a Global Administrator', async () => {
    const owners = ['eighth@contoso.example', 'ninth@contoso.example'];
    const { connectorId } = await stack.createOnboarding(owners);
    workflows.push(onboardingWorkflowId(connectorId));
    const target = stack.sim.tenants[2]!;
    const first = new TestBrowser();
    const page = await first.get(await invitationLink(connectorId, owners[0]!));
    const atConsent = await followLantern(
      first,
      await throughMicrosoft(first, await first.submit(page, {}), target.demo.globalAdmin, stack.apiUrl),
    );
    assert.equal(h1(atConsent.html), 'Step 2 of 3: grant admin consent', atConsent.html);

    const second = new TestBrowser();
    let other = await second.get(await invitationLink(connectorId, owners[1]!));
    assert.equal(h1(other.html), 'Step 2 of 3: grant admin consent');
    assert.doesNotMatch(other.html, /action="[^"]*\/consent"/, 'no consent form before an admin signs in here');
    const forged = await second.submit({ ...other, html: other.html.replace('/sign-in"', '/consent"') }, consent);
    assert.equal(forged.status, 400);
    assert.equal(h1(forged.html), 'Sign in before granting consent');

    other = await followLantern(
      second,
      await throughMicrosoft(second, await second.submit(other, {}), target.demo.globalAdmin, stack.apiUrl),
    );
    assert.equal(h1(other.html), 'Step 2 of 3: grant admin consent', 'signing in here does not advance the setup');
    assert.match(other.html, new RegExp(`id="signer">${target.demo.globalAdmin.upn}<`));
    other = await followLantern(
      second,
      await throughMicrosoft(second, await second.submit(other, consent), target.demo.globalAdmin, stack.apiUrl),
    );
    assert.equal(h1(other.html), 'Step 3 of 3: sign in again', other.html);
    assert.equal(
      ((await onboardingStatus(connectorId)).consentedBy as { upn: string }).upn,
      target.demo.globalAdmin.upn,
    );
  });

  it('keeps the consent step open with an explanation and a retry when the admin declines consent (AADSTS65004)', async () => {
    const { connectorId } = await stack.createOnboarding(['fifth@contoso.example']);
    workflows.push(onboardingWorkflowId(connectorId));
    const browser = new TestBrowser();
    // The first two tenants are connected by now (a connected tenant is refused at step 1).
    const admin = stack.sim.tenants[2]!.demo.globalAdmin;
    let page = await browser.get(await invitationLink(connectorId, 'fifth@contoso.example'));
    page = await followLantern(
      browser,
      await throughMicrosoft(browser, await browser.submit(page, {}), admin, stack.apiUrl),
    );
    assert.equal(h1(page.html), 'Step 2 of 3: grant admin consent');
    const declined = await browser.get(
      await throughMicrosoft(browser, await browser.submit(page, consent), admin, stack.apiUrl, 'cancel'),
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
