// What consent creates in a customer tenant. Admin consent is model/consent.ts's grantAdminConsent (shared with the
// generator and control API); this module adds what a person's own consent on the authorize page creates: the app's
// service principal when missing, and a delegated oauth2PermissionGrant (Principal, or AllPrincipals when an admin
// ticks "Consent on behalf of your organization"). Idempotent: consenting again adds only missing scopes.
import { randomUUID } from 'node:crypto';
import { createAppServicePrincipal, LANTERN_DELEGATED_SCOPES, servicePrincipalByAppId } from '../model/consent.js';
import { oauth2PermissionGrantId } from '../model/ids.js';
import type { AppRegistration } from '../model/store.js';
import type { Tenant } from '../model/tenant.js';
import type { ServicePrincipal } from '../model/types.js';
import { MICROSOFT_GRAPH_APP_ID } from '../model/well-known.js';

export { grantAdminConsent } from '../model/consent.js';

/** Delegated scopes the app's registration requests (what `.default` consents to on the authorize page). */
export const APP_DELEGATED_SCOPES: readonly string[] = LANTERN_DELEGATED_SCOPES.split(' ');

export const findServicePrincipalByAppId = servicePrincipalByAppId;

export interface DelegatedConsent {
  app: AppRegistration;
  scopes: readonly string[];
  consentType: 'AllPrincipals' | 'Principal';
  /** The consenting user (recorded on Principal grants). */
  principalId: string;
}

export function grantDelegatedConsent(tenant: Tenant, consent: DelegatedConsent): ServicePrincipal {
  const graph = servicePrincipalByAppId(tenant, MICROSOFT_GRAPH_APP_ID);
  if (!graph) throw new Error(`tenant ${tenant.id} has no Microsoft Graph service principal`);
  const sp =
    servicePrincipalByAppId(tenant, consent.app.appId) ?? createAppServicePrincipal(tenant, consent.app, randomUUID());
  const principalId = consent.consentType === 'Principal' ? consent.principalId : null;
  const id = oauth2PermissionGrantId(sp.id, graph.id, principalId);
  const existing = tenant.oauth2PermissionGrants.get(id);
  if (existing) {
    const merged = mergeScopes(existing.scope, consent.scopes);
    if (merged !== existing.scope) tenant.putOAuth2PermissionGrant({ ...existing, scope: merged }, ['scope']);
  } else {
    tenant.putOAuth2PermissionGrant({
      id,
      clientId: sp.id,
      consentType: consent.consentType,
      principalId,
      resourceId: graph.id,
      scope: consent.scopes.join(' '),
    });
  }
  return sp;
}

function mergeScopes(current: string, added: readonly string[]): string {
  const scopes = current.split(' ').filter(Boolean);
  for (const s of added) if (!scopes.includes(s)) scopes.push(s);
  return scopes.join(' ');
}
