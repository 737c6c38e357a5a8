// POST /{tenant}/oauth2/v2.0/token: client_credentials, authorization_code (with PKCE) and refresh_token grants,
// with the checks and AADSTS errors Entra applies. MSAL's extra fields (x-client-*, client_info, claims) are ignored.
import { createHash } from 'node:crypto';
import type { SimulatorContext } from '../context.js';
import type { Tenant } from '../model/tenant.js';
import { resolveTenantSegment, segmentName, tokenEndpointFor, type TenantSegment } from './authority.js';
import { authenticateClient, findApp, readClientCredentials } from './client-auth.js';
import { identityErrors } from './errors.js';
import { grantedAppRoles, grantedScopes } from './grants.js';
import { isGraphDefaultScope, parseScopes } from './scopes.js';
import { CODE_LIFETIME_MS, REFRESH_INACTIVITY_MS, revokedSince, type IdentityState } from './state.js';
import { appOnlyTokenResponse, userTokenResponse } from './tokens.js';

export interface TokenRequest {
  segment: string;
  form: Record<string, string>;
  authorization?: string;
}

export async function handleTokenRequest(
  ctx: SimulatorContext,
  state: IdentityState,
  req: TokenRequest,
): Promise<unknown> {
  const target = resolveTenantSegment(ctx, req.segment);
  const creds = readClientCredentials(req.form, req.authorization);
  if (!creds.clientId) throw identityErrors.missingParameter('client_id');
  const grantType = req.form.grant_type;
  if (!grantType) throw identityErrors.missingParameter('grant_type');
  const app = findApp(ctx.store, creds.clientId);
  const tenantLabel = target.kind === 'tenant' ? target.tenant.info.domain : target.kind;
  if (!app) throw identityErrors.appNotFound(creds.clientId, tenantLabel);
  // Assertions are stamped by the client's real clock, so they are checked against real time (see README).
  const audiences = [tokenEndpointFor(ctx, req.segment), tokenEndpointFor(ctx, segmentName(target))];
  const authenticate = (): Promise<void> => authenticateClient(app, creds, audiences, Date.now());

  switch (grantType) {
    case 'client_credentials':
      return clientCredentials(ctx, target, app.appId, req.form.scope, authenticate);
    case 'authorization_code':
      return authorizationCode(ctx, state, target, app.appId, req.form, authenticate);
    case 'refresh_token':
      return refreshToken(ctx, state, target, app.appId, req.form, authenticate);
    default:
      throw identityErrors.unsupportedGrant(grantType);
  }
}

async function clientCredentials(
  ctx: SimulatorContext,
  target: TenantSegment,
  appId: string,
  scope: string | undefined,
  authenticate: () => Promise<void>,
): Promise<unknown> {
  if (target.kind !== 'tenant') throw identityErrors.tenantIndependent(target.kind);
  const roles = grantedAppRoles(target.tenant, appId);
  if (!roles) throw identityErrors.appNotFound(appId, target.tenant.info.domain);
  await authenticate();
  if (!scope) throw identityErrors.missingParameter('scope');
  if (!isGraphDefaultScope(scope)) throw identityErrors.invalidScopeValue(scope);
  return appOnlyTokenResponse(ctx, target.tenant, appId, roles);
}

async function authorizationCode(
  ctx: SimulatorContext,
  state: IdentityState,
  target: TenantSegment,
  appId: string,
  form: Record<string, string>,
  authenticate: () => Promise<void>,
): Promise<unknown> {
  if (!form.code) throw identityErrors.missingParameter('code');
  await authenticate();
  const issued = state.codes.get(form.code);
  if (!issued) throw identityErrors.invalidCode();
  if (issued.redeemed) throw identityErrors.codeRedeemed();
  if (ctx.store.clock.now() - issued.issuedAtMs > CODE_LIFETIME_MS) throw identityErrors.codeExpired();
  if (issued.clientId !== appId) throw identityErrors.codeClientMismatch();
  if (target.kind === 'tenant' && target.tenant.id !== issued.tenantId) throw identityErrors.codeClientMismatch();
  if (!form.redirect_uri || form.redirect_uri !== issued.redirectUri) throw identityErrors.codeRedirectMismatch();
  if (!form.code_verifier) throw identityErrors.missingParameter('code_verifier');
  if (createHash('sha256').update(form.code_verifier).digest('base64url') !== issued.codeChallenge)
    throw identityErrors.pkceMismatch();
  issued.redeemed = true;
  const tenant = ctx.store.tenant(issued.tenantId);
  const user = tenant?.users.get(issued.userId);
  if (!tenant || !user) throw identityErrors.invalidCode();
  if (!user.accountEnabled) throw identityErrors.accountDisabled();
  return userTokens(ctx, state, tenant, user.id, appId, issued.scopes, form.client_info === '1', issued.nonce);
}

async function refreshToken(
  ctx: SimulatorContext,
  state: IdentityState,
  target: TenantSegment,
  appId: string,
  form: Record<string, string>,
  authenticate: () => Promise<void>,
): Promise<unknown> {
  if (!form.refresh_token) throw identityErrors.missingParameter('refresh_token');
  await authenticate();
  const grant = state.refreshTokens.get(form.refresh_token);
  if (!grant || grant.clientId !== appId) throw identityErrors.invalidRefreshToken();
  if (target.kind === 'tenant' && target.tenant.id !== grant.tenantId) throw identityErrors.invalidRefreshToken();
  const now = ctx.store.clock.now();
  if (now - grant.lastUsedMs > REFRESH_INACTIVITY_MS) throw identityErrors.refreshExpired();
  grant.lastUsedMs = now;
  const tenant = ctx.store.tenant(grant.tenantId);
  const user = tenant?.users.get(grant.userId);
  if (!tenant || !user) throw identityErrors.invalidRefreshToken();
  if (!user.accountEnabled) throw identityErrors.accountDisabled();
  if (revokedSince(tenant, user.id, grant.issuedAtMs)) {
    state.refreshTokens.delete(form.refresh_token);
    throw identityErrors.refreshRevoked(grant.issuedAtMs, tenant.sessionsRevokedAt.get(user.id)!);
  }
  const scopes = form.scope ? form.scope.split(/\s+/).filter(Boolean) : grant.scopes;
  return userTokens(ctx, state, tenant, user.id, appId, scopes, form.client_info === '1', undefined);
}

/** Tokens for a user: scp = the requested Graph scopes that are consented (all consented ones for .default). */
async function userTokens(
  ctx: SimulatorContext,
  state: IdentityState,
  tenant: Tenant,
  userId: string,
  appId: string,
  scopes: string[],
  includeClientInfo: boolean,
  nonce: string | undefined,
): Promise<unknown> {
  const requested = parseScopes(scopes.join(' '), tenant.info.domain);
  // openid/profile/email are Graph permissions too and appear in scp; offline_access never does.
  const consented = grantedScopes(tenant, appId, userId).filter((s) => s !== 'offline_access');
  const missing = requested.graph.filter((s) => !consented.some((c) => c.toLowerCase() === s.toLowerCase()));
  if (missing.length) throw identityErrors.consentRequired(appId);
  const graphScopes = requested.graphDefault ? consented : requested.graph;
  const refreshToken = requested.oidc.includes('offline_access')
    ? state.issueRefreshToken({
        tenantId: tenant.id,
        userId,
        clientId: appId,
        scopes,
        lastUsedMs: ctx.store.clock.now(),
        issuedAtMs: ctx.store.clock.now(),
      })
    : undefined;
  const user = tenant.users.get(userId)!;
  return userTokenResponse(ctx, {
    tenant,
    user,
    clientId: appId,
    graphScopes,
    oidcScopes: requested.oidc,
    nonce,
    refreshToken,
    includeClientInfo,
  });
}
