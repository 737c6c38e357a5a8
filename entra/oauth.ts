// Owner sign-in for connector onboarding: MSAL authorization code + PKCE (S256), the v2 admin-consent URL, and the
// redemption that turns a callback into *verified facts* (object id, tenant, UPN, Global Administrator or not). The
// owner's tokens exist only inside completeOwnerSignIn: a fresh MSAL client per redemption (no token cache kept), and
// nothing but the facts is returned. Sign-ins always offer Microsoft's account picker (prompt=select_account), so an
// owner refused with one account can choose another instead of being signed in silently again.
import { ConfidentialClientApplication } from '@azure/msal-node';
import type { AppCredentials } from './app-tokens.js';
import { msalConfiguration } from './app-tokens.js';
import { normaliseCloud } from './cloud.js';
import { createGraphClient } from './graph-client.js';
import { authorizationUrl, redeemCode, type CodeFlow, type SignInSecrets } from './auth-code-flow.js';
import { createIdTokenVerifier, type IdTokenVerifier } from './id-token.js';
import type { CloudEndpoints, PermissionSetName } from '../domain/connector.js';
import { GLOBAL_ADMINISTRATOR_ROLE_ID } from '../domain/well-known.js';

/** Delegated scopes of the owner sign-in: who they are, and their role assignments (to confirm Global Administrator). */
const SIGN_IN_SCOPES = ['openid', 'profile', 'User.Read', 'RoleManagement.Read.Directory'];

/** The one callback path: register `${publicUrl}${ONBOARDING_CALLBACK_PATH}` as a Web redirect URI on the app. */
export const ONBOARDING_CALLBACK_PATH = '/onboarding/callback';

export interface OwnerFacts {
  objectId: string;
  tenantId: string;
  upn: string;
  /** The verified id token's `wids` lists Global Administrator AND Graph lists an active tenant-wide assignment. */
  isGlobalAdmin: boolean;
  /** The organization's name and default verified domain (GET /organization); null when Graph did not say. */
  tenantName: string | null;
  tenantDomain: string | null;
}

export interface OwnerOAuth {
  redirectUri: string;
  /** `tenant` = 'organizations' for the first sign-in (any work account), the tenant GUID afterwards. */
  signInUrl(options: {
    tenant: string;
    state: string;
    secrets: SignInSecrets;
    loginHint?: string | undefined;
  }): Promise<string>;
  /** `readWrite` asks consent for the read-write app registration when one is configured. */
  adminConsentUrl(options: { tenantId: string; state: string; permissionSet?: PermissionSetName }): string;
  completeOwnerSignIn(options: { tenant: string; code: string; secrets: SignInSecrets }): Promise<OwnerFacts>;
}

export class OwnerSignInError extends Error {
  override name = 'OwnerSignInError';
}

export function createOwnerOAuth(options: {
  cloud: CloudEndpoints;
  credentials: AppCredentials;
  /** Client id of the read-write app registration (admin consent of readWrite connectors); absent = the primary. */
  readWriteClientId?: string | undefined;
  publicUrl: string;
  verifier?: IdTokenVerifier;
}): OwnerOAuth {
  const cloud = normaliseCloud(options.cloud);
  const redirectUri = `${options.publicUrl.replace(/\/+$/, '')}${ONBOARDING_CALLBACK_PATH}`;
  const idTokens = options.verifier ?? createIdTokenVerifier({ cloud, clientId: options.credentials.clientId });
  // Graph's resource URI comes from the .default scope (https://graph.microsoft.com/ in the global cloud).
  const graphResource = cloud.graphScope.replace(/\.default$/, '');
  const scopes = SIGN_IN_SCOPES.map((s) => (s.includes('.') ? `${graphResource}${s}` : s));
  const msal = (tenant: string) =>
    new ConfidentialClientApplication(msalConfiguration(cloud, options.credentials, tenant));
  const flow: CodeFlow = { scopes, redirectUri, idTokens };

  return {
    redirectUri,
    signInUrl: ({ tenant, ...request }) => authorizationUrl(msal(tenant), flow, request),
    adminConsentUrl: ({ tenantId, state, permissionSet }) =>
      `${cloud.authorityHost}/${encodeURIComponent(tenantId)}/v2.0/adminconsent?${new URLSearchParams({
        client_id:
          permissionSet === 'readWrite'
            ? (options.readWriteClientId ?? options.credentials.clientId)
            : options.credentials.clientId,
        scope: cloud.graphScope,
        redirect_uri: redirectUri,
        state,
      })}`,

    async completeOwnerSignIn({ tenant, code, secrets }) {
      const { identity, accessToken } = await redeemCode(
        msal(tenant),
        flow,
        { code, secrets },
        (message) => new OwnerSignInError(message),
      );
      if (!accessToken) throw new OwnerSignInError('Microsoft returned no access token.');
      const claimsGlobalAdmin = identity.roleTemplateIds.includes(GLOBAL_ADMINISTRATOR_ROLE_ID);
      const { client } = createGraphClient({ cloud, getAccessToken: async () => accessToken, maxRetries: 2 });
      const [graphConfirms, organization] = await Promise.all([
        claimsGlobalAdmin && graphListsGlobalAdmin(client, identity.objectId),
        readOrganization(client),
      ]);
      return {
        objectId: identity.objectId,
        tenantId: identity.tenantId,
        upn: identity.upn,
        isGlobalAdmin: claimsGlobalAdmin && graphConfirms,
        ...organization,
      };
    },
  };
}

type GraphApi = ReturnType<typeof createGraphClient>['client'];

/** The user's own active, tenant-wide Global Administrator assignment, read with their delegated token. */
async function graphListsGlobalAdmin(client: GraphApi, objectId: string): Promise<boolean> {
  try {
    return await holdsGlobalAdministrator(client, objectId);
  } catch {
    // 403 = the token may not read role assignments: the role is then not confirmed.
    return false;
  }
}

interface Organization {
  displayName?: string | null;
  verifiedDomains?: { name?: string; isDefault?: boolean; isInitial?: boolean }[];
}

/**
 * The signed-in user's organization (delegated User.Read suffices), so the pages can name the tenant the owner is
 * about to connect. Only for display: a failure leaves the names null and the sign-in goes on.
 */
async function readOrganization(client: GraphApi): Promise<Pick<OwnerFacts, 'tenantName' | 'tenantDomain'>> {
  try {
    const page = (await client.api('/organization').select(['id', 'displayName', 'verifiedDomains']).get()) as {
      value?: Organization[];
    };
    const organization = page.value?.[0];
    const domains = organization?.verifiedDomains ?? [];
    const domain = domains.find((d) => d.isDefault) ?? domains.find((d) => d.isInitial) ?? domains[0];
    return { tenantName: organization?.displayName ?? null, tenantDomain: domain?.name ?? null };
  } catch {
    return { tenantName: null, tenantDomain: null };
  }
}

/** Graph lists an active, tenant-wide (directoryScopeId "/") Global Administrator assignment for the user. */
export async function holdsGlobalAdministrator(client: GraphApi, objectId: string): Promise<boolean> {
  const page = (await client
    .api('/roleManagement/directory/roleAssignments')
    .filter(`principalId eq '${objectId.replace(/'/g, "''")}'`)
    .get()) as {
    value?: { roleDefinitionId?: string; directoryScopeId?: string }[];
  };
  return (page.value ?? []).some(
    (a) => a.roleDefinitionId === GLOBAL_ADMINISTRATOR_ROLE_ID && (a.directoryScopeId ?? '/') === '/',
  );
}
