// Token responses of the v2 token endpoint: app-only and delegated access tokens, v2 id tokens with Entra's claim
// set, and client_info. All times come from the simulated clock.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { SimulatorContext } from '../context.js';
import type { Tenant } from '../model/tenant.js';
import type { User } from '../model/types.js';
import { issuerFor } from './authority.js';
import { assignedAppRoleValues, directoryRoleTemplateIds } from './grants.js';
import { issueAccessToken } from './signing.js';

export const TOKEN_LIFETIME_SECONDS = 3599;

export interface AppOnlyTokenResponse {
  token_type: 'Bearer';
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
}

export async function appOnlyTokenResponse(
  ctx: SimulatorContext,
  tenant: Tenant,
  appId: string,
  roles: string[],
): Promise<AppOnlyTokenResponse> {
  const issuedAt = Math.floor(ctx.store.clock.now() / 1000);
  const access_token = await issueAccessToken(ctx.keys, {
    tenantId: tenant.id,
    appId,
    roles,
    issuedAt,
    lifetimeSeconds: TOKEN_LIFETIME_SECONDS,
  });
  return {
    token_type: 'Bearer',
    expires_in: TOKEN_LIFETIME_SECONDS,
    ext_expires_in: TOKEN_LIFETIME_SECONDS,
    access_token,
  };
}

export interface UserTokenInput {
  tenant: Tenant;
  user: User;
  clientId: string;
  /** Graph delegated scopes granted for this request (the `scp` claim). */
  graphScopes: string[];
  /** OIDC scopes requested: openid → id_token, offline_access → refresh token. */
  oidcScopes: string[];
  nonce?: string;
  refreshToken?: string;
  includeClientInfo: boolean;
}

export async function userTokenResponse(
  ctx: SimulatorContext,
  input: UserTokenInput,
): Promise<Record<string, unknown>> {
  const issuedAt = Math.floor(ctx.store.clock.now() / 1000);
  const { tenant, user, clientId } = input;
  const access_token = await issueAccessToken(ctx.keys, {
    tenantId: tenant.id,
    appId: clientId,
    scopes: input.graphScopes,
    userId: user.id,
    upn: user.userPrincipalName,
    issuedAt,
    lifetimeSeconds: TOKEN_LIFETIME_SECONDS,
  });
  const oidc = new Set(['openid', 'profile', 'email']);
  const scope = [...input.graphScopes.filter((s) => !oidc.has(s)).map((s) => `https://graph.microsoft.com/${s}`)];
  for (const s of [...input.graphScopes, ...input.oidcScopes]) if (oidc.has(s) && !scope.includes(s)) scope.push(s);
  if (input.refreshToken) scope.push('offline_access');
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    scope: scope.join(' '),
    expires_in: TOKEN_LIFETIME_SECONDS,
    ext_expires_in: TOKEN_LIFETIME_SECONDS,
    access_token,
  };
  if (input.refreshToken) body.refresh_token = input.refreshToken;
  if (input.oidcScopes.includes('openid')) {
    body.id_token = await issueIdToken(ctx, { ...input, issuedAt, profile: input.oidcScopes.includes('profile') });
  }
  if (input.includeClientInfo) body.client_info = clientInfo(user.id, tenant.id);
  return body;
}

interface IdTokenInput {
  tenant: Tenant;
  user: User;
  clientId: string;
  nonce?: string;
  issuedAt: number;
  profile: boolean;
}

/** A v2 id token (what Lantern's server must verify against the JWKS before trusting tid/oid/wids). */
export async function issueIdToken(ctx: SimulatorContext, input: IdTokenInput): Promise<string> {
  const { tenant, user, clientId } = input;
  const claims: Record<string, unknown> = {
    tid: tenant.id,
    oid: user.id,
    ver: '2.0',
    uti: randomBytes(16).toString('base64url').slice(0, 22),
    aio: randomBytes(48).toString('base64url'),
    rh: `0.${randomBytes(40).toString('base64url')}.`,
    wids: directoryRoleTemplateIds(tenant, user.id),
  };
  if (input.profile) {
    claims.name = user.displayName;
    claims.preferred_username = user.userPrincipalName;
  }
  // As Entra: the app's own roles assigned to the user (or a group of theirs), and no claim when there are none.
  const roles = assignedAppRoleValues(tenant, clientId, user.id);
  if (roles.length) claims.roles = roles;
  if (input.nonce !== undefined) claims.nonce = input.nonce;
  return new SignJWT(claims)
    .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: ctx.keys.kid })
    .setIssuer(issuerFor(ctx, tenant.id))
    .setAudience(clientId)
    .setSubject(pairwiseSubject(user.id, clientId))
    .setIssuedAt(input.issuedAt)
    .setNotBefore(input.issuedAt)
    .setExpirationTime(input.issuedAt + TOKEN_LIFETIME_SECONDS)
    .sign(ctx.keys.privateKey);
}

/** `sub` differs per app for the same user (pairwise), unlike `oid`. */
export function pairwiseSubject(userId: string, clientId: string): string {
  return createHash('sha256').update(`${userId}:${clientId}`).digest('base64url').slice(0, 43);
}

/** base64url({"uid","utid"}); MSAL derives homeAccountId = uid.utid from it. */
export function clientInfo(userId: string, tenantId: string): string {
  return Buffer.from(JSON.stringify({ uid: userId, utid: tenantId })).toString('base64url');
}

export function newOpaqueToken(prefix = '1.A'): string {
  return `${prefix}${randomBytes(48).toString('base64url')}`;
}

export function newGuid(): string {
  return randomUUID();
}
