// Reads what a tenant has granted an app: the Graph application permissions (for app-only tokens' `roles`) and the
// delegated scopes (for user tokens' `scp`). Tokens are built from the tenant's current state, as Entra does.
import type { Tenant } from '../model/tenant.js';
import { GRAPH_APP_ROLES, MICROSOFT_GRAPH_APP_ID, ROLE_TEMPLATES } from '../model/well-known.js';
import { findServicePrincipalByAppId } from './consent-grant.js';

const ROLE_VALUE_BY_ID = new Map(Object.entries(GRAPH_APP_ROLES).map(([value, id]) => [id, value]));

/** Graph app role values assigned to the app's service principal; undefined when the app has none in the tenant. */
export function grantedAppRoles(tenant: Tenant, appId: string): string[] | undefined {
  const sp = findServicePrincipalByAppId(tenant, appId);
  if (!sp) return undefined;
  const graph = findServicePrincipalByAppId(tenant, MICROSOFT_GRAPH_APP_ID);
  if (!graph) return [];
  const roles: string[] = [];
  for (const a of tenant.appRoleAssignments.values()) {
    if (a.principalId !== sp.id || a.resourceId !== graph.id) continue;
    const value = graph.appRoles.find((r) => r.id === a.appRoleId)?.value ?? ROLE_VALUE_BY_ID.get(a.appRoleId);
    if (value && !roles.includes(value)) roles.push(value);
  }
  return roles;
}

/** Delegated Graph scopes the user may use with the app: admin (AllPrincipals) plus the user's own consent. */
export function grantedScopes(tenant: Tenant, appId: string, userId: string): string[] {
  const sp = findServicePrincipalByAppId(tenant, appId);
  const graph = findServicePrincipalByAppId(tenant, MICROSOFT_GRAPH_APP_ID);
  if (!sp || !graph) return [];
  const scopes: string[] = [];
  for (const g of tenant.oauth2PermissionGrants.values()) {
    if (g.clientId !== sp.id || g.resourceId !== graph.id) continue;
    if (g.consentType === 'Principal' && g.principalId !== userId) continue;
    for (const s of g.scope.split(' ')) if (s && !scopes.includes(s)) scopes.push(s);
  }
  return scopes;
}

/**
 * Values of the app's own app roles assigned to the user on its service principal, directly or through a group the
 * user is a (transitive) member of: the id token's `roles` claim. Empty when the app has no service principal here.
 */
export function assignedAppRoleValues(tenant: Tenant, appId: string, userId: string): string[] {
  const sp = findServicePrincipalByAppId(tenant, appId);
  if (!sp) return [];
  const values: string[] = [];
  for (const a of tenant.appRoleAssignments.values()) {
    if (a.resourceId !== sp.id) continue;
    const holds = a.principalId === userId || (a.principalType === 'Group' && inGroup(tenant, a.principalId, userId));
    const role = holds ? sp.appRoles.find((r) => r.id === a.appRoleId && r.isEnabled) : undefined;
    if (role?.value && !values.includes(role.value)) values.push(role.value);
  }
  return values;
}

/** Breadth-first through nested groups, with a visited set (generated directories contain a membership cycle). */
function inGroup(tenant: Tenant, groupId: string, memberId: string): boolean {
  const seen = new Set([groupId]);
  const queue = [groupId];
  for (let g = queue.shift(); g !== undefined; g = queue.shift()) {
    for (const m of tenant.groupMembers.get(g) ?? []) {
      if (m === memberId) return true;
      if (tenant.groups.has(m) && !seen.has(m)) {
        seen.add(m);
        queue.push(m);
      }
    }
  }
  return false;
}

/** Role template ids for the `wids` claim: the built-in user role plus tenant-wide directory role assignments. */
export function directoryRoleTemplateIds(tenant: Tenant, userId: string): string[] {
  const user = tenant.users.get(userId);
  const wids = new Set<string>();
  for (const r of tenant.roleAssignments.values()) {
    if (r.principalId === userId && r.directoryScopeId === '/') wids.add(r.roleDefinitionId);
  }
  wids.add(user?.userType === 'Guest' ? GUEST_USER_ROLE : MEMBER_USER_ROLE);
  return [...wids];
}

export function isGlobalAdministrator(tenant: Tenant, userId: string): boolean {
  return directoryRoleTemplateIds(tenant, userId).includes(ROLE_TEMPLATES.globalAdministrator.id);
}

/** Roles that may grant tenant-wide consent to Microsoft Graph application permissions. */
export function canGrantAdminConsent(tenant: Tenant, userId: string): boolean {
  const wids = directoryRoleTemplateIds(tenant, userId);
  return (
    wids.includes(ROLE_TEMPLATES.globalAdministrator.id) || wids.includes(ROLE_TEMPLATES.privilegedRoleAdministrator.id)
  );
}

// Implicit role templates every user carries in `wids` (Entra's "User" and "Guest User" roles).
const MEMBER_USER_ROLE = 'b79fbf4d-3ef9-4689-8143-76b194e85509';
const GUEST_USER_ROLE = '10dae51f-b6af-4016-8d66-8c2a99b929b3';
