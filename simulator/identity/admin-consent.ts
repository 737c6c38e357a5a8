// Admin consent: GET /{tenant}/v2.0/adminconsent (scope=.default) and the legacy v1 /{tenant}/adminconsent. A signed-in
// Global Administrator (or Privileged Role Administrator) sees the "Permissions requested" page; Accept creates the
// service principal and grants in that tenant, and the redirect carries admin_consent=True even on error.
import type { SimulatorContext } from '../context.js';
import { resolveTenantSegment, type TenantSegment } from './authority.js';
import { findApp } from './client-auth.js';
import { APP_DELEGATED_SCOPES, grantAdminConsent } from './consent-grant.js';
import { identityErrors, type IdentityError } from './errors.js';
import { canGrantAdminConsent } from './grants.js';
import { redirectErrorDescription, withQuery } from './http.js';
import { ErrorPage, page, redirect, type InteractiveResult } from './outcome.js';
import { consentPage, needAdminApprovalPage, signInPage } from './pages.js';
import { isGraphDefaultScope } from './scopes.js';
import { checkClient } from './sign-in.js';
import type { AdminConsentFlow, IdentityState, Session } from './state.js';

export function startAdminConsent(
  ctx: SimulatorContext,
  state: IdentityState,
  version: 'v1' | 'v2',
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
  const app = checkClient(
    ctx,
    q.client_id,
    q.redirect_uri,
    target.kind === 'tenant' ? target.tenant.info.domain : segment,
  );
  if (version === 'v2' && target.kind === 'common') throw new ErrorPage(identityErrors.commonNotAllowed(app.appId));
  const flow: AdminConsentFlow = {
    kind: 'adminconsent',
    version,
    segment,
    clientId: app.appId,
    redirectUri: q.redirect_uri!,
    state: q.state,
    scope: q.scope,
  };
  if (version === 'v2') {
    if (!q.scope) return consentError(ctx, flow, identityErrors.missingParameter('scope'));
    if (!isGraphDefaultScope(q.scope)) return consentError(ctx, flow, identityErrors.invalidScopeValue(q.scope));
  }
  const usable = session && (target.kind !== 'tenant' || target.tenant.id === session.tenantId);
  if (!usable) return page(signInPage({ action: `/${segment}/login`, flowId: state.startFlow(flow) }));
  return continueAdminConsent(ctx, state, flow, session);
}

export function continueAdminConsent(
  ctx: SimulatorContext,
  state: IdentityState,
  flow: AdminConsentFlow,
  session: Session,
): InteractiveResult {
  const tenant = ctx.store.tenant(session.tenantId);
  const user = tenant?.users.get(session.userId);
  const app = findApp(ctx.store, flow.clientId);
  if (!tenant || !user || !app) throw new ErrorPage(identityErrors.staleFlow());
  if (!canGrantAdminConsent(tenant, user.id)) {
    return page(needAdminApprovalPage(app.displayName, errorUrl(ctx, flow, identityErrors.adminApprovalRequired())));
  }
  flow.consent = { tenantId: tenant.id, userId: user.id, scopes: [...APP_DELEGATED_SCOPES] };
  return page(
    consentPage({
      action: `/${flow.segment}/consent`,
      flowId: state.startFlow(flow),
      appName: app.displayName,
      publisherDomain: app.publisherDomain,
      signedInAs: user.userPrincipalName,
      applicationPermissions: app.requiredAppRoles,
      delegatedPermissions: [...APP_DELEGATED_SCOPES],
      forOrganization: true,
      offerOnBehalfOf: false,
    }),
  );
}

/** The admin's Accept or Cancel. */
export function decideAdminConsent(
  ctx: SimulatorContext,
  flow: AdminConsentFlow,
  accepted: boolean,
): InteractiveResult {
  const consent = flow.consent!;
  const tenant = ctx.store.tenant(consent.tenantId);
  const app = findApp(ctx.store, flow.clientId);
  if (!tenant || !app) throw new ErrorPage(identityErrors.staleFlow());
  if (!accepted) {
    if (flow.version === 'v1') {
      return redirect(
        withQuery(flow.redirectUri, [
          ['error', 'permission_denied'],
          ['error_description', 'The admin canceled the request'],
          ['state', flow.state],
        ]),
      );
    }
    return consentError(ctx, flow, identityErrors.consentDenied());
  }
  grantAdminConsent({ tenant, app, at: new Date(ctx.store.clock.now()).toISOString() });
  if (flow.version === 'v1') {
    return redirect(
      withQuery(flow.redirectUri, [
        ['tenant', tenant.id],
        ['state', flow.state],
        ['admin_consent', 'True'],
      ]),
    );
  }
  const granted = [...app.requiredAppRoles, ...consent.scopes].map((s) => `https://graph.microsoft.com/${s}`).join(' ');
  return redirect(
    withQuery(flow.redirectUri, [
      ['admin_consent', 'True'],
      ['tenant', tenant.id],
      ['scope', granted],
      ['state', flow.state],
    ]),
  );
}

function consentError(ctx: SimulatorContext, flow: AdminConsentFlow, err: IdentityError): InteractiveResult {
  return redirect(errorUrl(ctx, flow, err));
}

function errorUrl(ctx: SimulatorContext, flow: AdminConsentFlow, err: IdentityError): string {
  return withQuery(flow.redirectUri, [
    ['admin_consent', 'True'],
    ['error', err.error],
    ['error_description', redirectErrorDescription(err, ctx.store.clock.now())],
    ['state', flow.state],
  ]);
}
