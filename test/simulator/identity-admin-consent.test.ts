// The v2 admin-consent endpoint driven like a browser: sign in, "Permissions requested", Accept or Cancel; then
// MSAL client credentials prove what Accept created. Redirect queries are compared exactly with Microsoft's.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { servicePrincipalByAppId } from '../../simulator/model/consent.js';
import { LANTERN_READ_ONLY_APP_ROLES, LANTERN_REQUIRED_APP_ROLES } from '../../simulator/model/lantern-app.js';
import { TestBrowser, titleOf, type BrowserResponse } from './identity-browser.js';
import { claimsOf, REDIRECT_URI, startIdentityFixture, type IdentityFixture } from './identity-setup.js';

describe('identity platform: admin consent', () => {
  let fx: IdentityFixture;
  before(async () => {
    fx = await startIdentityFixture();
  });
  after(async () => {
    await fx.sim.close();
  });

  const consentUrl = (tenant: string, extra: Record<string, string> = {}) =>
    `${fx.sim.authorityHost}/${tenant}/v2.0/adminconsent?${new URLSearchParams({
      client_id: fx.sim.app.clientId,
      scope: 'https://graph.microsoft.com/.default',
      redirect_uri: REDIRECT_URI,
      state: 'st-42',
      ...extra,
    })}`;

  async function openConsentPage(
    browser: TestBrowser,
    tenant: string,
    who = fx.fresh.demo.globalAdmin,
  ): Promise<BrowserResponse> {
    const signInPage = await browser.get(consentUrl(tenant));
    assert.equal(titleOf(signInPage.html), 'Sign in to your account');
    return browser.submit(signInPage, { loginfmt: who.upn, passwd: who.password });
  }

  it('redirects with admin_consent=True, error=consent_required and AADSTS65004 when the admin cancels', async () => {
    const browser = new TestBrowser();
    const page = await openConsentPage(browser, 'organizations');
    assert.equal(titleOf(page.html), 'Permissions requested');
    const back = await browser.submit(page, { decision: 'cancel' });
    const url = new URL(back.location!);
    assert.deepEqual([...url.searchParams.keys()], ['admin_consent', 'error', 'error_description', 'state']);
    assert.equal(url.searchParams.get('admin_consent'), 'True');
    assert.equal(url.searchParams.get('error'), 'consent_required');
    assert.match(
      url.searchParams.get('error_description')!,
      /^AADSTS65004: The resource owner or authorization server denied the request\.\r\nTrace ID: \S+\r\nCorrelation ID: \S+\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/,
    );
    assert.equal(url.searchParams.get('state'), 'st-42');
    assert.equal(servicePrincipalByAppId(fx.sim.store.tenant(fx.fresh.id)!, fx.sim.app.clientId), undefined);
  });

  it('shows a non-admin "Need admin approval" (AADSTS90094) instead of the consent page', async () => {
    const page = await openConsentPage(new TestBrowser(), fx.fresh.id, fx.fresh.demo.user);
    assert.equal(titleOf(page.html), 'Need admin approval');
    assert.match(page.html, /AADSTS90094/);
  });

  it('creates the service principal and Graph app role assignments when a Global Administrator accepts', async () => {
    const browser = new TestBrowser();
    const page = await openConsentPage(browser, fx.fresh.id);
    for (const role of LANTERN_READ_ONLY_APP_ROLES) assert.ok(page.html.includes(role), role);
    assert.doesNotMatch(page.html, /ReadWrite/, 'the read-only app asks for no write permission');
    const back = await browser.submit(page, { decision: 'accept' });
    assert.equal(back.status, 302);
    const url = new URL(back.location!);
    assert.equal(url.origin + url.pathname, REDIRECT_URI);
    assert.deepEqual([...url.searchParams.keys()], ['admin_consent', 'tenant', 'scope', 'state']);
    assert.equal(url.searchParams.get('admin_consent'), 'True');
    assert.equal(url.searchParams.get('tenant'), fx.fresh.id);
    assert.ok(url.searchParams.get('scope')!.split(' ').includes('https://graph.microsoft.com/User.Read.All'));
    assert.equal(url.searchParams.get('state'), 'st-42');

    const tenant = fx.sim.store.tenant(fx.fresh.id)!;
    const sp = servicePrincipalByAppId(tenant, fx.sim.app.clientId)!;
    assert.equal(sp.servicePrincipalType, 'Application');
    assert.equal(sp.appOwnerOrganizationId, fx.sim.store.app.homeTenantId);
    assert.ok(sp.tags.includes('WindowsAzureActiveDirectoryIntegratedApp'));
    const assignments = [...tenant.appRoleAssignments.values()].filter((a) => a.principalId === sp.id);
    assert.equal(assignments.length, LANTERN_READ_ONLY_APP_ROLES.length);
    const grant = [...tenant.oauth2PermissionGrants.values()].find((g) => g.clientId === sp.id)!;
    assert.equal(grant.consentType, 'AllPrincipals');

    const token = await fx
      .msal(fx.fresh.id)
      .acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    assert.deepEqual(
      [...(claimsOf(token!.accessToken).roles as string[])].sort(),
      [...LANTERN_READ_ONLY_APP_ROLES].sort(),
    );
  });

  it("grants the read-write app's permissions only when consent names the read-write app", async () => {
    const rw = fx.sim.appReadWrite;
    const browser = new TestBrowser();
    const signIn = await browser.get(consentUrl(fx.fresh.id, { client_id: rw.clientId }));
    const who = fx.fresh.demo.globalAdmin;
    const page = await browser.submit(signIn, { loginfmt: who.upn, passwd: who.password });
    assert.match(page.html, /Lantern \(read-write\)/);
    for (const role of LANTERN_REQUIRED_APP_ROLES) assert.ok(page.html.includes(role), role);
    await browser.submit(page, { decision: 'accept' });
    const token = await fx
      .msal(fx.fresh.id, { clientId: rw.clientId, clientSecret: rw.clientSecret })
      .acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    assert.deepEqual(
      [...(claimsOf(token!.accessToken).roles as string[])].sort(),
      [...LANTERN_REQUIRED_APP_ROLES].sort(),
    );
    const signInAppToken = await fx
      .msal(fx.fresh.id)
      .acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'], skipCache: true });
    assert.ok(!(claimsOf(signInAppToken!.accessToken).roles as string[]).some((r) => r.includes('ReadWrite')));
  });

  it('is idempotent: consenting again with the same session adds nothing', async () => {
    const browser = new TestBrowser();
    await browser.submit(await openConsentPage(browser, fx.fresh.id), { decision: 'accept' });
    const tenant = fx.sim.store.tenant(fx.fresh.id)!;
    const count = tenant.appRoleAssignments.size;
    const again = await browser.get(consentUrl(fx.fresh.id)); // SSO session: straight to the consent page
    assert.equal(titleOf(again.html), 'Permissions requested');
    await browser.submit(again, { decision: 'accept' });
    assert.equal(tenant.appRoleAssignments.size, count);
  });

  it('rejects the common endpoint and requires the scope parameter', async () => {
    const common = await new TestBrowser().get(consentUrl('common'));
    assert.equal(common.status, 400);
    assert.match(common.html, /AADSTS90130/);
    const noScope = await new TestBrowser().get(consentUrl(fx.fresh.id, { scope: '' }));
    const url = new URL(noScope.location!);
    assert.equal(url.searchParams.get('admin_consent'), 'True');
    assert.match(url.searchParams.get('error_description')!, /^AADSTS900144: .*'scope'/);
  });

  it('refuses a redirect_uri the registration does not allow, on a page rather than a redirect', async () => {
    const page = await new TestBrowser().get(consentUrl(fx.fresh.id, { redirect_uri: 'ftp://evil.example/cb' }));
    assert.equal(page.location, undefined);
    assert.match(page.html, /AADSTS50011/);
  });

  it('supports the legacy v1 form (no scope) with tenant, state and admin_consent=True', async () => {
    const browser = new TestBrowser();
    const signIn = await browser.get(
      `${fx.sim.authorityHost}/common/adminconsent?${new URLSearchParams({ client_id: fx.sim.app.clientId, redirect_uri: REDIRECT_URI, state: 'v1' })}`,
    );
    const consent = await browser.submit(signIn, {
      loginfmt: fx.consented.demo.globalAdmin.upn,
      passwd: fx.consented.demo.globalAdmin.password,
    });
    const back = new URL((await browser.submit(consent, { decision: 'accept' })).location!);
    assert.deepEqual(
      [...back.searchParams],
      [
        ['tenant', fx.consented.id],
        ['state', 'v1'],
        ['admin_consent', 'True'],
      ],
    );
  });
});
