// Checking what a person typed on the sign-in page against the directory, with Entra's AADSTS outcomes.
import type { SimulatorContext } from '../context.js';
import { pageSignIn } from '../model/gen-signins.js';
import type { AppRegistration } from '../model/store.js';
import type { Tenant } from '../model/tenant.js';
import type { User } from '../model/types.js';
import { tenantForUpn, type TenantSegment } from './authority.js';
import { findApp } from './client-auth.js';
import { identityErrors } from './errors.js';
import { ErrorPage } from './outcome.js';

export function findUserByUpn(tenant: Tenant, upn: string): User | undefined {
  const wanted = upn.toLowerCase();
  for (const user of tenant.users.values()) if (user.userPrincipalName.toLowerCase() === wanted) return user;
  return undefined;
}

/** Resolves the user for the typed UPN and password; throws an IdentityError whose text the page shows. */
export function authenticateUser(
  ctx: SimulatorContext,
  target: TenantSegment,
  app: AppRegistration,
  upn: string,
  password: string,
): { tenant: Tenant; user: User } {
  const home = tenantForUpn(ctx, upn);
  const tenant = target.kind === 'tenant' ? target.tenant : home;
  const domain = upn.split('@')[1] ?? upn;
  if (!tenant) throw identityErrors.userNotFound(upn, domain);
  const user = findUserByUpn(tenant, upn);
  if (!user) {
    if (home && home !== tenant && findUserByUpn(home, upn))
      throw identityErrors.userNotInTenant(upn, tenant.info.domain, app.appId, app.displayName);
    throw identityErrors.userNotFound(upn, tenant.info.domain);
  }
  const expected = tenant.passwords.get(user.id);
  const refusal =
    expected === undefined || expected !== password
      ? identityErrors.badCredentials()
      : !user.accountEnabled
        ? identityErrors.accountDisabled()
        : undefined;
  // Entra logs every attempt on a known account (auditLogs/signIns) and updates the user's signInActivity.
  const failure = refusal && { errorCode: refusal.aadsts, failureReason: refusal.description };
  tenant.recordSignIn(pageSignIn({ user, app, at: ctx.store.clock.now(), failure }));
  if (refusal) throw refusal;
  return { tenant, user };
}

/** The registered app and an acceptable redirect URI, or an error page (never a redirect to an unchecked URI). */
export function checkClient(
  ctx: SimulatorContext,
  clientId: string | undefined,
  redirectUri: string | undefined,
  tenantLabel: string,
): AppRegistration {
  if (!clientId) throw new ErrorPage(identityErrors.missingParameter('client_id'));
  const app = findApp(ctx.store, clientId);
  if (!app) throw new ErrorPage(identityErrors.appNotFound(clientId, tenantLabel));
  if (!redirectUri) throw new ErrorPage(identityErrors.missingParameter('redirect_uri'));
  if (!redirectAllowed(app, redirectUri)) throw new ErrorPage(identityErrors.redirectMismatch(app.appId));
  return app;
}

/** Exact match against the registration; an empty list accepts any https URI or http://localhost (documented). */
export function redirectAllowed(app: Pick<AppRegistration, 'redirectUris'>, redirectUri: string): boolean {
  if (app.redirectUris.length) return app.redirectUris.includes(redirectUri);
  try {
    const url = new URL(redirectUri);
    return (
      url.protocol === 'https:' ||
      (url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1'))
    );
  } catch {
    return false;
  }
}
