// People sign in to Lantern with Microsoft: OpenID Connect authorization code + PKCE through MSAL on the primary app
// registration, any work account (`organizations`), the account picker always offered. Like the owner sign-in
// (oauth.ts), a fresh MSAL client per redemption keeps no token cache, and only verified facts come out: the person's
// object id, tenant, names and app roles, from an id token checked by id-token.ts.
import { ConfidentialClientApplication } from '@azure/msal-node';
import type { AppCredentials } from './app-tokens.js';
import { msalConfiguration } from './app-tokens.js';
import { normaliseCloud } from './cloud.js';
import { authorizationUrl, redeemCode, type CodeFlow, type SignInSecrets } from './auth-code-flow.js';
import { createIdTokenVerifier, type IdTokenVerifier, type VerifiedIdToken } from './id-token.js';
import type { CloudEndpoints } from '../domain/connector.js';

/** Register `${publicUrl}${PEOPLE_CALLBACK_PATH}` as a Web redirect URI on the primary app registration. */
export const PEOPLE_CALLBACK_PATH = '/auth/callback';

/** Any work or school account; the callback decides which tenants are welcome. */
const AUTHORITY_TENANT = 'organizations';

export type PersonFacts = Pick<VerifiedIdToken, 'objectId' | 'tenantId' | 'upn' | 'displayName' | 'appRoles'>;

export interface PeopleOAuth {
  redirectUri: string;
  signInUrl(options: { state: string; secrets: SignInSecrets }): Promise<string>;
  completeSignIn(options: { code: string; secrets: SignInSecrets }): Promise<PersonFacts>;
  /** Microsoft's own sign-out, returning to `postLogoutRedirectUri`. */
  signOutUrl(postLogoutRedirectUri: string): string;
}

export class PersonSignInError extends Error {
  override name = 'PersonSignInError';
}

export function createPeopleOAuth(options: {
  cloud: CloudEndpoints;
  credentials: AppCredentials;
  publicUrl: string;
  verifier?: IdTokenVerifier;
}): PeopleOAuth {
  const cloud = normaliseCloud(options.cloud);
  const redirectUri = `${options.publicUrl.replace(/\/+$/, '')}${PEOPLE_CALLBACK_PATH}`;
  const idTokens = options.verifier ?? createIdTokenVerifier({ cloud, clientId: options.credentials.clientId });
  const graphResource = cloud.graphScope.replace(/\.default$/, '');
  // User.Read: MSAL wants a resource scope next to the OpenID ones; the access token is dropped unused.
  const scopes = ['openid', 'profile', `${graphResource}User.Read`];
  const msal = () => new ConfidentialClientApplication(msalConfiguration(cloud, options.credentials, AUTHORITY_TENANT));

  const flow: CodeFlow = { scopes, redirectUri, idTokens };

  return {
    redirectUri,
    signInUrl: (request) => authorizationUrl(msal(), flow, request),
    signOutUrl: (postLogoutRedirectUri) =>
      `${cloud.authorityHost}/common/oauth2/v2.0/logout?${new URLSearchParams({ post_logout_redirect_uri: postLogoutRedirectUri })}`,

    async completeSignIn(request) {
      const { identity } = await redeemCode(msal(), flow, request, (message) => new PersonSignInError(message));
      const { objectId, tenantId, upn, displayName, appRoles } = identity;
      return { objectId, tenantId, upn, displayName, appRoles };
    },
  };
}
