// App role assignments: how users, groups and client service principals are given access to an enterprise app
// (POST /servicePrincipals/{resource}/appRoleAssignedTo → 201, DELETE …/{assignmentId} → 204).
import { appRoleAssignmentId } from '../../model/ids.js';
import type { Tenant } from '../../model/tenant.js';
import type { AppRoleAssignment, ServicePrincipal } from '../../model/types.js';
import { DEFAULT_ACCESS_APP_ROLE_ID } from '../../model/well-known.js';
import { graphErrors } from '../errors.js';
import { requireObjectId } from './references.js';

export interface NewAppRoleAssignment {
  principalId?: unknown;
  resourceId?: unknown;
  appRoleId?: unknown;
}

const PRINCIPAL_TYPE = { user: 'User', group: 'Group', servicePrincipal: 'ServicePrincipal' } as const;

function requiredId(value: unknown, property: string): string {
  if (typeof value !== 'string' || value === '') throw graphErrors.missingProperty(property);
  return requireObjectId(value);
}

export function requireServicePrincipal(tenant: Tenant, id: string): ServicePrincipal {
  const sp = tenant.servicePrincipals.get(requireObjectId(id));
  if (!sp) throw graphErrors.notFound(id);
  return sp;
}

/** The role must exist, be enabled and allow the principal's type; "default access" only where no such role exists. */
function assertAssignableRole(resource: ServicePrincipal, appRoleId: string, memberType: 'User' | 'Application'): void {
  const assignable = resource.appRoles.filter((r) => r.isEnabled && r.allowedMemberTypes.includes(memberType));
  const ok =
    appRoleId === DEFAULT_ACCESS_APP_ROLE_ID ? assignable.length === 0 : assignable.some((r) => r.id === appRoleId);
  if (!ok) throw graphErrors.unknownAppRole(resource.appId);
}

/** Validates and records a new assignment; `pathResourceId` is the service principal named in the URL, if any. */
export function createAppRoleAssignment(
  tenant: Tenant,
  now: number,
  input: NewAppRoleAssignment,
  pathResourceId?: string,
): AppRoleAssignment {
  const resourceId = pathResourceId
    ? requireServicePrincipal(tenant, pathResourceId).id
    : requiredId(input.resourceId, 'resourceId');
  if (input.resourceId !== undefined && requiredId(input.resourceId, 'resourceId') !== resourceId)
    throw graphErrors.invalidObjectId(String(input.resourceId));
  const resource = requireServicePrincipal(tenant, resourceId);
  const principalId = requiredId(input.principalId, 'principalId');
  if (typeof input.appRoleId !== 'string' || input.appRoleId === '') throw graphErrors.missingProperty('appRoleId');
  const appRoleId = input.appRoleId.toLowerCase();
  const kind = tenant.kindOf(principalId);
  if (kind !== 'user' && kind !== 'group' && kind !== 'servicePrincipal') throw graphErrors.notFound(principalId);
  assertAssignableRole(resource, appRoleId, kind === 'servicePrincipal' ? 'Application' : 'User');
  for (const a of tenant.appRoleAssignments.values()) {
    if (a.principalId === principalId && a.resourceId === resource.id && a.appRoleId === appRoleId)
      throw graphErrors.appRoleAssignmentExists();
  }
  const principalName =
    tenant.users.get(principalId)?.displayName ??
    tenant.groups.get(principalId)?.displayName ??
    tenant.servicePrincipals.get(principalId)?.displayName ??
    '';
  const assignment: AppRoleAssignment = {
    id: appRoleAssignmentId(principalId),
    appRoleId,
    createdDateTime: new Date(now).toISOString(),
    deletedDateTime: null,
    principalDisplayName: principalName,
    principalId,
    principalType: PRINCIPAL_TYPE[kind],
    resourceDisplayName: resource.displayName,
    resourceId: resource.id,
  };
  tenant.putAppRoleAssignment(assignment);
  return assignment;
}

/** Deletes an assignment found through `owner` (the resource for appRoleAssignedTo, the principal for appRoleAssignments). */
export function deleteAppRoleAssignment(
  tenant: Tenant,
  assignmentId: string,
  owner: { resourceId?: string; principalId?: string },
): void {
  const a = tenant.appRoleAssignments.get(assignmentId);
  const belongs =
    a &&
    (owner.resourceId
      ? a.resourceId === owner.resourceId.toLowerCase()
      : a.principalId === owner.principalId?.toLowerCase());
  if (!belongs) throw graphErrors.notFound(assignmentId);
  tenant.deleteAppRoleAssignment(assignmentId);
}
