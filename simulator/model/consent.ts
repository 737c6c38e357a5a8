// What admin consent creates in a customer tenant (as Entra's admin consent does): the app's service principal, an
// appRoleAssignment from it to Microsoft Graph's service principal per granted application permission, and an
// AllPrincipals oauth2PermissionGrant for its delegated scopes. Used by the generator (pre-consented tenants), the
// control API, and the identity platform's admin-consent page (identity/consent-grant.ts re-exports it).
import { randomUUID } from 'node:crypto';
import type { AppRegistration } from './store.js';
import type { Tenant } from './tenant.js';
import type { ServicePrincipal } from './types.js';
import { GRAPH_APP_ROLES, MICROSOFT_GRAPH_APP_ID } from './well-known.js';
import { appRoleAssignmentId, entropyFrom, oauth2PermissionGrantId } from './ids.js';

/** Delegated scopes Lantern's owner sign-in uses. */
export const LANTERN_DELEGATED_SCOPES = 'openid profile offline_access User.Read';

export function servicePrincipalByAppId(tenant: Tenant, appId: string): ServicePrincipal | undefined {
  for (const sp of tenant.servicePrincipals.values()) if (sp.appId === appId) return sp;
  return undefined;
}

export interface ConsentInput {
  tenant: Tenant;
  app: AppRegistration;
  /** ISO time of the consent (the simulated clock). */
  at: string;
  /** Id source; the generator passes a seeded one so consented tenants replay exactly. */
  newId?: () => string;
}

/** Grants the app's required application permissions; idempotent (re-consent adds only what is missing). */
export function grantAdminConsent({ tenant, app, at, newId = randomUUID }: ConsentInput): ServicePrincipal {
  const graph = servicePrincipalByAppId(tenant, MICROSOFT_GRAPH_APP_ID);
  if (!graph) throw new Error(`tenant ${tenant.id} has no Microsoft Graph service principal`);
  const sp = servicePrincipalByAppId(tenant, app.appId) ?? createAppServicePrincipal(tenant, app, newId());
  const held = new Set<string>();
  for (const a of tenant.appRoleAssignments.values()) if (a.principalId === sp.id) held.add(a.appRoleId);
  for (const value of app.requiredAppRoles) {
    const appRoleId = GRAPH_APP_ROLES[value];
    if (!appRoleId || held.has(appRoleId)) continue;
    tenant.putAppRoleAssignment({
      id: appRoleAssignmentId(sp.id, entropyFrom(newId())),
      appRoleId,
      createdDateTime: at,
      deletedDateTime: null,
      principalDisplayName: sp.displayName,
      principalId: sp.id,
      principalType: 'ServicePrincipal',
      resourceDisplayName: graph.displayName,
      resourceId: graph.id,
    });
  }
  const grantId = oauth2PermissionGrantId(sp.id, graph.id);
  if (!tenant.oauth2PermissionGrants.has(grantId)) {
    tenant.putOAuth2PermissionGrant({
      id: grantId,
      clientId: sp.id,
      consentType: 'AllPrincipals',
      principalId: null,
      resourceId: graph.id,
      scope: LANTERN_DELEGATED_SCOPES,
    });
  }
  return sp;
}

/** Deleting the app's service principal removes everything consent created, as deleting the enterprise app does. */
export function revokeAdminConsent(tenant: Tenant, app: AppRegistration): boolean {
  const sp = servicePrincipalByAppId(tenant, app.appId);
  return sp ? tenant.deleteObject(sp.id) : false;
}

/** Consented = the app's service principal holds at least one Graph application permission in the tenant. */
export function isAdminConsented(tenant: Tenant, app: AppRegistration): boolean {
  const sp = servicePrincipalByAppId(tenant, app.appId);
  if (!sp) return false;
  for (const a of tenant.appRoleAssignments.values()) if (a.principalId === sp.id) return true;
  return false;
}

/** The enterprise application Entra creates in a tenant when a multi-tenant app is first consented to there. */
export function createAppServicePrincipal(tenant: Tenant, app: AppRegistration, id: string): ServicePrincipal {
  const sp: ServicePrincipal = {
    id,
    appId: app.appId,
    appDisplayName: app.displayName,
    displayName: app.displayName,
    accountEnabled: true,
    appOwnerOrganizationId: app.homeTenantId,
    appRoleAssignmentRequired: false,
    appRoles: (app.appRoles ?? []).map((role) => ({ ...role })),
    oauth2PermissionScopes: [],
    publisherName: app.publisherDomain,
    servicePrincipalNames: [app.appId],
    servicePrincipalType: 'Application',
    signInAudience: 'AzureADMultipleOrgs',
    tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
    homepage: null,
    replyUrls: [...app.redirectUris],
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
  };
  tenant.putServicePrincipal(sp);
  return sp;
}
