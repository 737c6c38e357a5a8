// GET /{tenant}/oauth2/v2.0/authorize: the auth code + PKCE flow. Validates the request, reuses the SSO session or
// shows the sign-in page, asks for consent when the tenant has not granted what the app requests, and finally
// redirects back with code, state and session_state (query or form_post).
import type { SimulatorContext } from '../context.js';
import type { Tenant } from '../model/tenant.js';
import { resolveTenantSegment, type TenantSegment } from './authority.js';
import { findApp } from './client-auth.js';
import { APP_DELEGATED_SCOPES, findServicePrincipalByAppId } from './consent-grant.js';
import { identityErrors, type IdentityError } from './errors.js';
import { canGrantAdminConsent, grantedScopes } from './grants.js';
import { redirectErrorDescription, withQuery } from './http.js';
import { ErrorPage, page, redirect, type InteractiveResult } from './outcome.js';
import { consentPage, needAdminApprovalPage, signInPage } from './pages.js';
import { parseScopes } from './scopes.js';
import { checkClient } from './sign-in.js';
import type { AuthorizeFlow, IdentityState, Session } from './state.js';
import { clientInfo } from './tokens.js';

/** Scopes a non-admin may consent to in a default-configured tenant (low-impact permissions). */
const USER_CONSENTABLE = new Set(['openid', 'profile', 'email', 'offline_access', 'user.read', 'user.readbasic.all']);

export function startAuthorize(
  ctx: SimulatorContext,
  state: IdentityState,
  segment: string,
  q: Record<string, string | undefined>,
  session: Session | undefined,
): InteractiveResult {
  let target: TenantSegment;
  try {
    target = resolveTenantSegment(ctx, segment);
  } catch (err) {
    throw new ErrorPage(err as IdentityError);
  }
  checkClient(ctx, q.client_id, q.redirect_uri, target.kind === 'tenant' ? target.tenant.info.domain : segment);
  const flow: AuthorizeFlow = {
    kind: 'authorize',
    segment,
    clientId: q.client_id!,
    redirectUri: q.redirect_uri!,
    responseMode: q.response_mode === 'form_post' ? 'form_post' : 'query',
    state: q.state,
    nonce: q.nonce,
    codeChallenge: q.code_challenge ?? '',
    scopes: (q.scope ?? '').split(/\s+/).filter(Boolean),
    loginHint: q.login_hint,
    prompt: q.prompt,
    clientInfo: q.client_info === '1',
  };
  if (q.response_type !== 'code') return authorizeError(ctx, flow, identityErrors.unsupportedResponseType());
  if (!q.code_challenge || q.code_challenge_method !== 'S256')
    return authorizeError(ctx, flow, identityErrors.pkceRequired());
  try {
    parseScopes(q.scope, segment);
  } catch (err) {
    return authorizeError(ctx, flow, err as IdentityError);
  }
  const usable = session && sessionFits(session, target, flow.loginHint, ctx);
  if (flow.prompt === 'none' && !usable) return authorizeError(ctx, flow, identityErrors.loginRequired());
  if (!usable || flow.prompt === 'login' || flow.prompt === 'select_account') {
    // The account picker: the current account is one choice, signing in as another is always the other.
    const pick = flow.prompt === 'select_account' && session && sessionFits(session, target, undefined, ctx);
    return page(
      signInPage({
        action: `/${segment}/login`,
        flowId: state.startFlow(flow),
        loginHint: flow.loginHint,
        signedInAs: pick ? ctx.store.tenant(session.tenantId)?.users.get(session.userId)?.userPrincipalName : undefined,
      }),
    );
  }
  return continueAuthorize(ctx, state, flow, session!);
}

/** After sign-in (or with a usable session): consent if needed, otherwise the code. */
export function continueAuthorize(
  ctx: SimulatorContext,
  state: IdentityState,
  flow: AuthorizeFlow,
  session: Session,
): InteractiveResult {
  const tenant = ctx.store.tenant(session.tenantId);
  const user = tenant?.users.get(session.userId);
  const app = findApp(ctx.store, flow.clientId);
  if (!tenant || !user || !app) throw new ErrorPage(identityErrors.staleFlow());
  if (!user.accountEnabled) throw new ErrorPage(identityErrors.accountDisabled());
  const needed = scopesNeedingConsent(tenant, flow, user.id);
  if (needed.length === 0 && flow.prompt !== 'consent') return issueCode(ctx, state, flow, tenant, user.id, session);
  if (flow.prompt === 'none') return authorizeError(ctx, flow, identityErrors.interactionRequired(app.appId));
  const isAdmin = canGrantAdminConsent(tenant, user.id);
  const scopes = needed.length ? needed : requestedGraphScopes(flow);
  if (!isAdmin && scopes.some((s) => !USER_CONSENTABLE.has(s.toLowerCase()))) {
    const back = errorRedirectUrl(ctx, flow, identityErrors.adminApprovalRequired());
    return page(needAdminApprovalPage(app.displayName, back));
  }
  flow.consent = { tenantId: tenant.id, userId: user.id, scopes };
  return page(
    consentPage({
      action: `/${flow.segment}/consent`,
      flowId: state.startFlow(flow),
      appName: app.displayName,
      publisherDomain: app.publisherDomain,
      signedInAs: user.userPrincipalName,
      applicationPermissions: [],
      delegatedPermissions: scopes,
      forOrganization: false,
      offerOnBehalfOf: isAdmin,
    }),
  );
}

export function issueCode(
  ctx: SimulatorContext,
  state: IdentityState,
  flow: AuthorizeFlow,
  tenant: Tenant,
  userId: string,
  session: Session,
): InteractiveResult {
  const code = state.issueCode({
    tenantId: tenant.id,
    userId,
    clientId: flow.clientId,
    redirectUri: flow.redirectUri,
    codeChallenge: flow.codeChallenge,
    scopes: flow.scopes,
    nonce: flow.nonce,
    issuedAtMs: ctx.store.clock.now(),
    redeemed: false,
  });
  const params: [string, string | undefined][] = [
    ['code', code],
    ['client_info', flow.clientInfo ? clientInfo(userId, tenant.id) : undefined],
    ['state', flow.state],
    ['session_state', session.sessionState],
  ];
  return respond(flow, params);
}

export function authorizeError(ctx: SimulatorContext, flow: AuthorizeFlow, err: IdentityError): InteractiveResult {
  return respond(flow, [
    ['error', err.error],
    ['error_description', redirectErrorDescription(err, ctx.store.clock.now())],
    ['state', flow.state],
  ]);
}

function errorRedirectUrl(ctx: SimulatorContext, flow: AuthorizeFlow, err: IdentityError): string {
  return withQuery(flow.redirectUri, [
    ['error', err.error],
    ['error_description', redirectErrorDescription(err, ctx.store.clock.now())],
    ['state', flow.state],
  ]);
}

function respond(flow: AuthorizeFlow, params: [string, string | undefined][]): InteractiveResult {
  if (flow.responseMode === 'form_post') {
    const fields: Record<string, string> = {};
    for (const [k, v] of params) if (v !== undefined) fields[k] = v;
    return { outcome: { type: 'formPost', redirectUri: flow.redirectUri, params: fields } };
  }
  return redirect(withQuery(flow.redirectUri, params));
}

/** Scopes the request needs (`.default` = the app's static delegated permissions) that this user has not been granted. */
function scopesNeedingConsent(tenant: Tenant, flow: AuthorizeFlow, userId: string): string[] {
  const wanted = requestedGraphScopes(flow);
  if (!findServicePrincipalByAppId(tenant, flow.clientId)) return wanted;
  const granted = grantedScopes(tenant, flow.clientId, userId).map((s) => s.toLowerCase());
  return wanted.filter((s) => !granted.includes(s.toLowerCase()));
}

/** What consent would grant: the explicit Graph scopes plus OIDC ones, or the app's static delegated permissions. */
function requestedGraphScopes(flow: AuthorizeFlow): string[] {
  const requested = parseScopes(flow.scopes.join(' '), flow.segment);
  if (requested.graphDefault && !requested.graph.length) return [...APP_DELEGATED_SCOPES];
  return [...new Set([...requested.oidc, ...requested.graph])];
}

export function sessionFits(
  session: Session,
  target: TenantSegment,
  loginHint: string | undefined,
  ctx: SimulatorContext,
): boolean {
  if (target.kind === 'tenant' && target.tenant.id !== session.tenantId) return false;
  if (!loginHint) return true;
  const user = ctx.store.tenant(session.tenantId)?.users.get(session.userId);
  return user?.userPrincipalName.toLowerCase() === loginHint.toLowerCase();
}
