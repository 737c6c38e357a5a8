// POST /users/{id}/revokeSignInSessions ends what Entra ends: the user's refresh tokens (a refresh answers
// invalid_grant AADSTS50173) and SSO sessions (the next authorize shows the sign-in page again). Through MSAL, a
// browser on the simulator's pages, and the Graph client with Lantern's read-write app.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import { appOnlyGraphClient } from './clients.js';
import { TestBrowser, titleOf } from './identity-browser.js';
import { GRAPH_SCOPES, redeem, signInAs, startSignIn } from './identity-flows.js';
import { aadsts, startIdentityFixture, type IdentityFixture } from './identity-setup.js';

describe('revokeSignInSessions ends refresh tokens and SSO sessions', () => {
  let fx: IdentityFixture;
  let cca: ConfidentialClientApplication;
  before(async () => {
    fx = await startIdentityFixture();
    cca = fx.msal(fx.consented.id);
  });
  after(async () => {
    await fx.sim.close();
  });

  const revoke = (userId: string) =>
    appOnlyGraphClient(fx.sim, { tenantId: fx.consented.id, app: fx.sim.appReadWrite })
      .api(`/users/${userId}/revokeSignInSessions`)
      .post({});

  it('refuses a refresh token issued before the revocation, and a new sign-in works again', async () => {
    const person = fx.consented.demo.people.requester;
    const browser = new TestBrowser();
    const first = await signInAs(browser, cca, person, { scopes: [...GRAPH_SCOPES, 'offline_access'] });
    const refresh = () => cca.acquireTokenSilent({ account: first.account!, scopes: GRAPH_SCOPES, forceRefresh: true });
    await refresh(); // the refresh token works before the revocation

    assert.equal((await revoke(person.objectId)).value, true);
    await assert.rejects(refresh(), aadsts(50173, 'invalid_grant'));

    fx.sim.store.clock.advance(1000);
    const again = await signInAs(new TestBrowser(), cca, person, { scopes: [...GRAPH_SCOPES, 'offline_access'] });
    const refreshed = await cca.acquireTokenSilent({
      account: again.account!,
      scopes: GRAPH_SCOPES,
      forceRefresh: true,
    });
    assert.ok(refreshed.accessToken);
  });

  it('ends the SSO session: the next authorize asks for the password again', async () => {
    const person = fx.consented.demo.people.approver;
    const browser = new TestBrowser();
    await signInAs(browser, cca, person);
    const silent = await startSignIn(browser, cca);
    assert.equal(silent.page.status, 302, 'the SSO session signs in without a page before the revocation');
    await redeem(cca, silent, silent.page);

    await revoke(person.objectId);
    const afterRevoke = await startSignIn(browser, cca);
    assert.equal(afterRevoke.page.status, 200);
    assert.equal(titleOf(afterRevoke.page.html), 'Sign in to your account');
  });
});
