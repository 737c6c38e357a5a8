// People signing in to an app through the simulator's pages, for the tests of issue 13's sign-in rules: MSAL builds
// the authorize URL, a TestBrowser (which keeps the ESTSAUTH cookie) signs in, MSAL redeems the code.
import assert from 'node:assert/strict';
import { CryptoProvider, type AuthenticationResult, type ConfidentialClientApplication } from '@azure/msal-node';
import type { BrowserResponse, TestBrowser } from './identity-browser.js';
import { REDIRECT_URI } from './identity-setup.js';

export const GRAPH_SCOPES = ['https://graph.microsoft.com/.default'];
const pkce = new CryptoProvider();

export interface PendingSignIn {
  page: BrowserResponse;
  verifier: string;
  state: string;
  nonce: string;
  redirectUri: string;
}

/** Opens the authorize URL in the browser: the sign-in page, or a redirect when the SSO session is used. */
export async function startSignIn(
  browser: TestBrowser,
  cca: ConfidentialClientApplication,
  options: { prompt?: string; redirectUri?: string; scopes?: string[] } = {},
): Promise<PendingSignIn> {
  const { verifier, challenge } = await pkce.generatePkceCodes();
  const state = pkce.createNewGuid();
  const nonce = pkce.createNewGuid();
  const redirectUri = options.redirectUri ?? REDIRECT_URI;
  const url = await cca.getAuthCodeUrl({
    scopes: options.scopes ?? GRAPH_SCOPES,
    redirectUri,
    codeChallenge: challenge,
    codeChallengeMethod: 'S256',
    state,
    nonce,
    ...(options.prompt ? { prompt: options.prompt } : {}),
  });
  return { page: await browser.get(url), verifier, state, nonce, redirectUri };
}

/** Redeems the code in a redirect back to the app. */
export async function redeem(
  cca: ConfidentialClientApplication,
  pending: PendingSignIn,
  back: BrowserResponse,
  scopes = GRAPH_SCOPES,
): Promise<AuthenticationResult> {
  assert.equal(back.status, 302, back.html);
  const location = new URL(back.location!);
  const code = location.searchParams.get('code');
  assert.ok(code, `no code in ${back.location}`);
  return cca.acquireTokenByCode(
    {
      code,
      redirectUri: pending.redirectUri,
      scopes,
      codeVerifier: pending.verifier,
      state: pending.state,
      nonce: pending.nonce,
    },
    { code, state: location.searchParams.get('state')! },
  );
}

/** The whole flow for one person with a fresh browser unless one is given. */
export async function signInAs(
  browser: TestBrowser,
  cca: ConfidentialClientApplication,
  person: { upn: string; password: string },
  options: { prompt?: string; redirectUri?: string; scopes?: string[] } = {},
): Promise<AuthenticationResult> {
  const pending = await startSignIn(browser, cca, options);
  const back = await browser.submit(pending.page, { loginfmt: person.upn, passwd: person.password });
  return redeem(cca, pending, back, options.scopes);
}
