// The authorize endpoint and its pages: sign-in errors with Microsoft's AADSTS codes, prompt handling, the SSO
// session, PKCE enforcement, user consent for an app the tenant has not consented, and response_mode=form_post.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CryptoProvider } from '@azure/msal-node';
import { parseForm, TestBrowser, titleOf } from './identity-browser.js';
import { claimsOf, REDIRECT_URI, startIdentityFixture, userIdOf, type IdentityFixture } from './identity-setup.js';

describe('identity platform: sign-in page and authorize endpoint', () => {
  let fx: IdentityFixture;
  const crypto = new CryptoProvider();
  before(async () => {
    fx = await startIdentityFixture();
  });
  after(async () => {
    await fx.sim.close();
  });

  async function authorizeUrl(tenant: string, extra: Record<string, string> = {}) {
    const { verifier, challenge } = await crypto.generatePkceCodes();
    const params = new URLSearchParams({
      client_id: fx.sim.app.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      response_mode: 'query',
      scope: 'openid profile offline_access https://graph.microsoft.com/.default',
      state: 's1',
      nonce: 'n1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...extra,
    });
    return { url: `${fx.sim.authorityHost}/${tenant}/oauth2/v2.0/authorize?${params}`, verifier };
  }

  async function signInWith(tenant: string, upn: string, password: string) {
    const browser = new TestBrowser();
    const page = await browser.get((await authorizeUrl(tenant)).url);
    return { browser, result: await browser.submit(page, { loginfmt: upn, passwd: password }) };
  }

  it('renders an accessible sign-in form with loginfmt, passwd and a Sign in button', async () => {
    const page = await new TestBrowser().get(
      (await authorizeUrl(fx.consented.id, { login_hint: 'someone@example.com' })).url,
    );
    assert.equal(page.status, 200);
    assert.match(
      page.html,
      /<label for="i0116">[^<]+<\/label>\s*<input type="email" id="i0116" name="loginfmt"[^>]*value="someone@example.com"/,
    );
    assert.match(page.html, /<label for="i0118">Password<\/label>\s*<input type="password" id="i0118" name="passwd"/);
    assert.match(page.html, /<button type="submit"[^>]*>Sign in<\/button>/);
    assert.match(page.html, /name="viewport"/);
  });

  it('re-shows the page with AADSTS50126 for a wrong password', async () => {
    const { result } = await signInWith(fx.consented.id, fx.consented.demo.user.upn, 'wrong');
    assert.equal(titleOf(result.html), 'Sign in to your account');
    assert.match(result.html, /AADSTS50126: Error validating credentials due to invalid username or password\./);
  });

  it('answers AADSTS50057 for a disabled account', async () => {
    const tenant = fx.sim.store.tenant(fx.consented.id)!;
    const { people, ...accounts } = fx.consented.demo;
    const demoUpns = [...Object.values(accounts), ...Object.values(people)].map((d) => d.upn);
    const member = [...tenant.users.values()].find(
      (u) => tenant.passwords.has(u.id) && !demoUpns.includes(u.userPrincipalName),
    )!;
    tenant.putUser({ ...member, accountEnabled: false }, ['accountEnabled']);
    const { result } = await signInWith(fx.consented.id, member.userPrincipalName, tenant.passwords.get(member.id)!);
    assert.match(result.html, /AADSTS50057: The user account is disabled\./);
  });

  it('answers AADSTS50020 for a user of another tenant on a tenant-specific authority', async () => {
    const { result } = await signInWith(fx.consented.id, fx.fresh.demo.user.upn, fx.fresh.demo.user.password);
    assert.match(result.html, /AADSTS50020: User account &#39;[^&]+&#39; from identity provider/);
  });

  it('answers prompt=none without a session with error=login_required on the redirect', async () => {
    const page = await new TestBrowser().get((await authorizeUrl(fx.consented.id, { prompt: 'none' })).url);
    const url = new URL(page.location!);
    assert.equal(url.searchParams.get('error'), 'login_required');
    assert.match(url.searchParams.get('error_description')!, /^AADSTS50058: /);
    assert.equal(url.searchParams.get('state'), 's1');
  });

  it('reuses the SSO session: a second authorize redirects with a code without a page', async () => {
    const { browser, result } = await signInWith(
      fx.consented.id,
      fx.consented.demo.globalAdmin.upn,
      fx.consented.demo.globalAdmin.password,
    );
    assert.equal(result.status, 302);
    const again = await browser.get((await authorizeUrl(fx.consented.id, { prompt: 'none' })).url);
    assert.equal(again.status, 302);
    assert.ok(new URL(again.location!).searchParams.get('code'));
    const forced = await browser.get((await authorizeUrl(fx.consented.id, { prompt: 'login' })).url);
    assert.equal(titleOf(forced.html), 'Sign in to your account');
  });

  it('requires PKCE with S256', async () => {
    for (const extra of [{ code_challenge_method: 'plain' }, { code_challenge: '' }] as Record<string, string>[]) {
      const page = await new TestBrowser().get((await authorizeUrl(fx.consented.id, extra)).url);
      const url = new URL(page.location!);
      assert.equal(url.searchParams.get('error'), 'invalid_request');
      assert.match(url.searchParams.get('error_description')!, /^AADSTS9002325: /);
    }
  });

  it('asks a user of an unconsented tenant for consent, then records it and issues delegated scopes', async () => {
    const { url, verifier } = await authorizeUrl(fx.fresh.id);
    const browser = new TestBrowser();
    const consent = await browser.submit(await browser.get(url), {
      loginfmt: fx.fresh.demo.user.upn,
      passwd: fx.fresh.demo.user.password,
    });
    assert.equal(titleOf(consent.html), 'Permissions requested');
    const back = await browser.submit(consent, { decision: 'accept' });
    const code = new URL(back.location!).searchParams.get('code')!;
    const result = await fx.msal(fx.fresh.id).acquireTokenByCode({
      code,
      redirectUri: REDIRECT_URI,
      scopes: ['https://graph.microsoft.com/.default'],
      codeVerifier: verifier,
      nonce: 'n1',
    });
    assert.equal(claimsOf(result.accessToken).scp, 'openid profile User.Read');
    const grants = [...fx.sim.store.tenant(fx.fresh.id)!.oauth2PermissionGrants.values()].filter(
      (g) => g.principalId === userIdOf(fx, fx.fresh.id, fx.fresh.demo.user.upn),
    );
    assert.equal(grants.length, 1);
    assert.equal(grants[0]!.consentType, 'Principal');
  });

  it('returns access_denied with AADSTS65004 when the user cancels consent', async () => {
    const { url } = await authorizeUrl(fx.fresh.id);
    const browser = new TestBrowser();
    const consent = await browser.submit(await browser.get(url), {
      loginfmt: fx.fresh.demo.breakGlass.upn,
      passwd: fx.fresh.demo.breakGlass.password,
    });
    const back = new URL((await browser.submit(consent, { decision: 'cancel' })).location!);
    assert.equal(back.searchParams.get('error'), 'access_denied');
    assert.match(back.searchParams.get('error_description')!, /^AADSTS65004: /);
  });

  it('posts code and state back as a form with response_mode=form_post', async () => {
    const browser = new TestBrowser();
    const page = await browser.get((await authorizeUrl(fx.consented.id, { response_mode: 'form_post' })).url);
    const posted = await browser.submit(page, {
      loginfmt: fx.consented.demo.globalAdmin.upn,
      passwd: fx.consented.demo.globalAdmin.password,
    });
    const form = parseForm(posted.html);
    assert.equal(form.action, REDIRECT_URI);
    assert.ok(form.fields.code);
    assert.equal(form.fields.state, 's1');
  });

  it('shows an error page, not a redirect, for an unknown client or tenant', async () => {
    const unknownClient = await new TestBrowser().get(
      (await authorizeUrl(fx.consented.id, { client_id: '11111111-2222-3333-4444-555555555555' })).url,
    );
    assert.equal(unknownClient.location, undefined);
    assert.match(unknownClient.html, /AADSTS700016/);
    const unknownTenant = await new TestBrowser().get((await authorizeUrl('nowhere.onmicrosoft.com')).url);
    assert.match(unknownTenant.html, /AADSTS90002/);
  });
});
