// The authorization code + PKCE steps both of Lantern's sign-ins share (owners during onboarding, oauth.ts; people
// signing in to Lantern, people-sign-in.ts): the URL that sends a browser to Microsoft with the account picker, and
// the redemption that turns a code into a *verified* id token. Failures carry only Microsoft's AADSTS code, because
// MSAL's own messages can echo request details.
import { createHash } from 'node:crypto';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import { IdTokenError, type IdTokenVerifier, type VerifiedIdToken } from './id-token.js';

export interface SignInSecrets {
  /** PKCE verifier and nonce: derived per browser and attempt, never stored or sent anywhere but here. */
  codeVerifier: string;
  nonce: string;
}

export function codeChallengeOf(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export interface CodeFlow {
  scopes: string[];
  redirectUri: string;
  idTokens: IdTokenVerifier;
}

export function authorizationUrl(
  msal: ConfidentialClientApplication,
  flow: CodeFlow,
  request: { state: string; secrets: SignInSecrets; loginHint?: string | undefined },
): Promise<string> {
  return msal.getAuthCodeUrl({
    scopes: flow.scopes,
    redirectUri: flow.redirectUri,
    state: request.state,
    nonce: request.secrets.nonce,
    codeChallenge: codeChallengeOf(request.secrets.codeVerifier),
    codeChallengeMethod: 'S256',
    responseMode: 'query',
    prompt: 'select_account',
    ...(request.loginHint ? { loginHint: request.loginHint } : {}),
  });
}

/** Redeems the code and verifies its id token; `fail` makes the caller's error type from a page-safe message. */
export async function redeemCode(
  msal: ConfidentialClientApplication,
  flow: CodeFlow,
  request: { code: string; secrets: SignInSecrets },
  fail: (message: string) => Error,
): Promise<{ identity: VerifiedIdToken; accessToken: string | undefined }> {
  let result;
  try {
    result = await msal.acquireTokenByCode({
      code: request.code,
      scopes: flow.scopes,
      redirectUri: flow.redirectUri,
      codeVerifier: request.secrets.codeVerifier,
      nonce: request.secrets.nonce,
    } as Parameters<ConfidentialClientApplication['acquireTokenByCode']>[0]);
  } catch (error) {
    const aadsts = /AADSTS\d+/.exec(`${(error as { errorMessage?: string }).errorMessage ?? ''}`)?.[0];
    throw fail(`Microsoft did not complete the sign-in${aadsts ? ` (${aadsts})` : ''}.`);
  }
  if (!result?.idToken) throw fail('Microsoft returned no id token.');
  try {
    const identity = await flow.idTokens.verify(result.idToken, { nonce: request.secrets.nonce });
    return { identity, accessToken: result.accessToken || undefined };
  } catch (error) {
    throw fail(error instanceof IdTokenError ? error.message : 'The id token could not be verified.');
  }
}
