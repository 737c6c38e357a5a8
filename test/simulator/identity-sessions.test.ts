// Sign-in rules Lantern's people sign-in relies on: the account picker (prompt=select_account) with an SSO session,
// sign-out ending that session, disabled users refused, Lantern's /auth/callback accepted, and a person's own
// delegated token reading /organization (the tenant's name and domain for the onboarding pages).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import { graphClient } from './clients.js';
import { parseForm, TestBrowser, titleOf } from './identity-browser.js';
import { redeem, signInAs, startSignIn } from './identity-flows.js';
import { claimsOf, REDIRECT_URI, startIdentityFixture, type IdentityFixture } from './identity-setup.js';

describe('identity platform: account picker, sign-out and sign-in rules', () => {
  let fx: IdentityFixture;
  let cca: ConfidentialClientApplication;
  before(async () => {
    fx = await startIdentityFixture();
    cca = fx.msal(fx.consented.id);
  });
  after(async () => {
    await fx.sim.close();
  });

  const people = () => fx.consented.demo.people;
  const logoutUrl = (query: Record<string, string>) =>
    `${fx.sim.authorityHost}/${fx.consented.id}/oauth2/v2.0/logout?${new URLSearchParams(query)}`;

  it('reuses the SSO session silently without a prompt', async () => {
    const browser = new TestBrowser();
    await signInAs(browser, cca, people().requester);
    const again = await startSignIn(browser, cca);
    const result = await redeem(cca, again, again.page);
    assert.equal(claimsOf(result.idToken).oid, people().requester.objectId);
  });

  it('shows the account picker with prompt=select_account even with an SSO session, and signs in another account', async () => {
    const browser = new TestBrowser();
    await signInAs(browser, cca, people().requester);
    const picker = await startSignIn(browser, cca, { prompt: 'select_account' });
    assert.equal(picker.page.status, 200);
    assert.equal(titleOf(picker.page.html), 'Sign in to your account');
    assert.match(picker.page.html, new RegExp(`Continue as ${people().requester.upn.replace(/\./g, '\\.')}`));
    const back = await browser.submit(picker.page, {
      loginfmt: people().approver.upn,
      passwd: people().approver.password,
    });
    const result = await redeem(cca, picker, back);
    assert.equal(claimsOf(result.idToken).oid, people().approver.objectId);
  });

  it('continues as the signed-in account when the picker offers it', async () => {
    const browser = new TestBrowser();
    await signInAs(browser, cca, people().requester);
    const picker = await startSignIn(browser, cca, { prompt: 'select_account' });
    assert.equal(parseForm(picker.page.html, 1).fields.useSession, '1');
    const back = await browser.submit(picker.page, {}, 1);
    const result = await redeem(cca, picker, back);
    assert.equal(claimsOf(result.idToken).oid, people().requester.objectId);
  });

  it('refuses "continue as" without an SSO session (a forged picker post)', async () => {
    const withSession = new TestBrowser();
    await signInAs(withSession, cca, people().requester);
    const picker = await startSignIn(withSession, cca, { prompt: 'select_account' });
    const stranger = new TestBrowser();
    const refused = await stranger.submit(picker.page, {}, 1);
    assert.equal(refused.status, 400);
    assert.match(refused.html, /AADSTS90015/);
  });

  it('advertises end_session_endpoint in the discovery document', async () => {
    const doc = (await (
      await fetch(`${fx.sim.authorityHost}/${fx.consented.id}/v2.0/.well-known/openid-configuration`)
    ).json()) as { end_session_endpoint: string };
    assert.equal(doc.end_session_endpoint, `${fx.sim.authorityHost}/${fx.consented.id}/oauth2/v2.0/logout`);
  });

  it('ends the SSO session on sign-out and links back to post_logout_redirect_uri', async () => {
    const browser = new TestBrowser();
    await signInAs(browser, cca, people().requester);
    const signedOut = await browser.get(
      logoutUrl({ post_logout_redirect_uri: 'http://localhost:3000/signed-out', client_id: fx.sim.app.clientId }),
    );
    assert.equal(signedOut.status, 200);
    assert.equal(titleOf(signedOut.html), 'Sign out');
    assert.match(signedOut.html, /You signed out of your account/);
    assert.match(signedOut.html, /<a id="returnToApp" href="http:\/\/localhost:3000\/signed-out">/);
    const next = await startSignIn(browser, cca);
    assert.equal(next.page.status, 200, 'the sign-in page again, not a silent redirect');
    assert.equal(titleOf(next.page.html), 'Sign in to your account');
    assert.doesNotMatch(next.page.html, /Continue as/);
  });

  it('shows no link back for a post_logout_redirect_uri an app could not register', async () => {
    const signedOut = await new TestBrowser().get(logoutUrl({ post_logout_redirect_uri: 'javascript:alert(1)' }));
    assert.match(signedOut.html, /You signed out of your account/);
    assert.doesNotMatch(signedOut.html, /returnToApp/);
  });

  it("accepts Lantern's people sign-in redirect URI <publicUrl>/auth/callback like the onboarding one", async () => {
    for (const redirectUri of ['http://127.0.0.1:4321/auth/callback', 'https://lantern.example.com/auth/callback']) {
      const result = await signInAs(new TestBrowser(), cca, people().approver, { redirectUri });
      assert.equal(claimsOf(result.idToken).oid, people().approver.objectId);
    }
  });

  it('signs in any enabled member of any simulated tenant with the demo password', async () => {
    const orgs = fx.msal('organizations');
    for (const summary of fx.sim.tenants) {
      const tenant = fx.sim.store.tenant(summary.id)!;
      const member = [...tenant.users.values()].find(
        (u) => u.userType === 'Member' && u.accountEnabled && u.id !== summary.demo.people.requester.objectId,
      )!;
      const browser = new TestBrowser();
      const pending = await startSignIn(browser, orgs, { scopes: ['User.Read'] });
      let back = await browser.submit(pending.page, {
        loginfmt: member.userPrincipalName,
        passwd: summary.demo.globalAdmin.password,
      });
      // Where Lantern is not consented yet, a member may still consent to User.Read for themself.
      if (titleOf(back.html) === 'Permissions requested') back = await browser.submit(back, { decision: 'accept' });
      const result = await redeem(orgs, pending, back, ['User.Read']);
      assert.equal(claimsOf(result.idToken).tid, summary.id);
      assert.equal(claimsOf(result.idToken).oid, member.id);
    }
  });

  it('refuses a person disabled after signing in (AADSTS50057), even with an SSO session', async () => {
    const tenant = fx.sim.store.tenant(fx.consented.id)!;
    const { guest } = people();
    const browser = new TestBrowser();
    await signInAs(browser, cca, guest);
    const user = tenant.users.get(guest.objectId)!;
    tenant.putUser({ ...user, accountEnabled: false }, ['accountEnabled']);
    try {
      const again = await startSignIn(browser, cca);
      assert.equal(again.page.status, 400);
      assert.match(again.page.html, /AADSTS50057: The user account is disabled\./);
      const typed = await startSignIn(new TestBrowser(), cca);
      const refused = await new TestBrowser().submit(typed.page, { loginfmt: guest.upn, passwd: guest.password });
      assert.match(refused.html, /AADSTS50057/);
    } finally {
      tenant.putUser(user, ['accountEnabled']);
    }
  });

  it("lets a person's delegated User.Read token read /organization (name and verified domain)", async () => {
    const result = await signInAs(new TestBrowser(), cca, people().requester, {
      scopes: ['User.Read'],
    });
    assert.equal(claimsOf(result.accessToken).scp, 'User.Read');
    const organization = (await graphClient(fx.sim, async () => result.accessToken)
      .api('/organization')
      .select('id,displayName,verifiedDomains')
      .get()) as {
      value: { id: string; displayName: string; verifiedDomains: { name: string; isDefault: boolean }[] }[];
    };
    const [org] = organization.value;
    assert.equal(org?.id, fx.consented.id);
    assert.ok(org?.displayName);
    assert.deepEqual(
      org?.verifiedDomains.filter((d) => d.isDefault).map((d) => d.name),
      [fx.consented.domain],
    );
  });

  it('keeps the redirect URI the tests use elsewhere working', () => {
    assert.equal(new URL(REDIRECT_URI).pathname, '/auth/callback');
  });
});
