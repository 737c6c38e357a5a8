// The auth-code + PKCE flow as Lantern's owner sign-in uses it: MSAL builds the authorize URL, a person signs in on
// the simulator's page, MSAL redeems the code. Covers id-token claims, code reuse/expiry, PKCE and refresh.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CryptoProvider, type ConfidentialClientApplication } from '@azure/msal-node';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { ROLE_TEMPLATES } from '../../simulator/model/well-known.js';
import { TestBrowser, titleOf } from './identity-browser.js';
import {
  aadsts,
  claimsOf,
  REDIRECT_URI,
  startIdentityFixture,
  userIdOf,
  type IdentityFixture,
} from './identity-setup.js';

const SCOPES = ['https://graph.microsoft.com/.default'];

interface SignedIn {
  code: string;
  state: string;
  nonce: string;
  verifier: string;
  location: URL;
}

describe('identity platform: authorization code + PKCE', () => {
  let fx: IdentityFixture;
  let cca: ConfidentialClientApplication;
  const pkce = new CryptoProvider();
  before(async () => {
    fx = await startIdentityFixture();
    cca = fx.msal(fx.consented.id);
  });
  after(async () => {
    await fx.sim.close();
  });

  /** getAuthCodeUrl → sign-in page → POST credentials → the redirect back to the app. */
  async function signIn(
    upn = fx.consented.demo.globalAdmin.upn,
    password = fx.consented.demo.globalAdmin.password,
    app = cca,
  ): Promise<SignedIn> {
    const { verifier, challenge } = await pkce.generatePkceCodes();
    const state = pkce.createNewGuid();
    const nonce = pkce.createNewGuid();
    const url = await app.getAuthCodeUrl({
      scopes: SCOPES,
      redirectUri: REDIRECT_URI,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
      state,
      nonce,
    });
    const browser = new TestBrowser();
    const page = await browser.get(url);
    assert.equal(titleOf(page.html), 'Sign in to your account');
    const back = await browser.submit(page, { loginfmt: upn, passwd: password });
    assert.equal(back.status, 302, back.html);
    const location = new URL(back.location!);
    return { code: location.searchParams.get('code')!, state, nonce, verifier, location };
  }

  const redeem = (s: SignedIn, overrides: { codeVerifier?: string } = {}) =>
    cca.acquireTokenByCode(
      {
        code: s.code,
        redirectUri: REDIRECT_URI,
        scopes: SCOPES,
        codeVerifier: overrides.codeVerifier ?? s.verifier,
        state: s.state,
        nonce: s.nonce,
      },
      { code: s.code, state: s.location.searchParams.get('state')! },
    );

  it('signs a Global Administrator in and returns an id token with tid, oid, nonce and wids', async () => {
    const signedIn = await signIn();
    assert.equal(signedIn.location.origin + signedIn.location.pathname, REDIRECT_URI);
    assert.equal(signedIn.location.searchParams.get('state'), signedIn.state);
    assert.ok(signedIn.location.searchParams.get('session_state'));
    const result = await redeem(signedIn);
    const id = claimsOf(result.idToken);
    assert.equal(id.tid, fx.consented.id);
    assert.equal(id.oid, userIdOf(fx, fx.consented.id, fx.consented.demo.globalAdmin.upn));
    assert.equal(id.preferred_username, fx.consented.demo.globalAdmin.upn);
    assert.equal(id.nonce, signedIn.nonce);
    assert.equal(id.ver, '2.0');
    assert.ok((id.wids as string[]).includes(ROLE_TEMPLATES.globalAdministrator.id));
    assert.equal(result.account?.homeAccountId, `${String(id.oid)}.${fx.consented.id}`);
    assert.equal(result.tenantId, fx.consented.id);
    const access = claimsOf(result.accessToken);
    assert.equal(access.scp, 'openid profile User.Read');
    assert.equal(access.oid, id.oid);
  });

  it('issues id tokens that verify against the published JWKS (signature, issuer, audience)', async () => {
    const result = await redeem(await signIn());
    const discovery = (await (
      await fetch(`${fx.sim.authorityHost}/${fx.consented.id}/v2.0/.well-known/openid-configuration`)
    ).json()) as { jwks_uri: string; issuer: string };
    const { payload } = await jwtVerify(result.idToken, createRemoteJWKSet(new URL(discovery.jwks_uri)), {
      issuer: discovery.issuer,
      audience: fx.sim.app.clientId,
      currentDate: new Date(fx.sim.store.clock.now()),
    });
    assert.equal(payload.iss, `${fx.sim.authorityHost}/${fx.consented.id}/v2.0`);
  });

  it('leaves wids without Global Administrator for an ordinary user', async () => {
    const result = await redeem(await signIn(fx.consented.demo.user.upn, fx.consented.demo.user.password));
    assert.ok(!(claimsOf(result.idToken).wids as string[]).includes(ROLE_TEMPLATES.globalAdministrator.id));
  });

  it('refuses a second redemption of the same code with AADSTS54005', async () => {
    const signedIn = await signIn();
    await redeem(signedIn);
    await assert.rejects(redeem(signedIn), aadsts(54005, 'invalid_grant'));
  });

  it('refuses a code redeemed after ten minutes of simulated time with AADSTS70008', async () => {
    const signedIn = await signIn();
    fx.sim.store.clock.advance(11 * 60_000);
    await assert.rejects(redeem(signedIn), aadsts(70008, 'invalid_grant'));
  });

  it('refuses a code_verifier that does not match the challenge', async () => {
    const signedIn = await signIn();
    const other = await pkce.generatePkceCodes();
    await assert.rejects(redeem(signedIn, { codeVerifier: other.verifier }), aadsts(501481, 'invalid_grant'));
  });

  it('refreshes tokens with the refresh token when MSAL is asked to bypass its cache', async () => {
    const first = await redeem(await signIn());
    const refreshed = await cca.acquireTokenSilent({ account: first.account!, scopes: SCOPES, forceRefresh: true });
    assert.notEqual(refreshed.accessToken, first.accessToken);
    assert.equal(claimsOf(refreshed.accessToken).oid, claimsOf(first.accessToken).oid);
  });

  it('resolves the tenant from the UPN on the organizations authority', async () => {
    const orgs = fx.msal('organizations');
    const signedIn = await signIn(fx.consented.demo.globalAdmin.upn, fx.consented.demo.globalAdmin.password, orgs);
    const result = await orgs.acquireTokenByCode(
      {
        code: signedIn.code,
        redirectUri: REDIRECT_URI,
        scopes: SCOPES,
        codeVerifier: signedIn.verifier,
        state: signedIn.state,
        nonce: signedIn.nonce,
      },
      { code: signedIn.code, state: signedIn.state },
    );
    assert.equal(claimsOf(result.idToken).tid, fx.consented.id);
  });
});
