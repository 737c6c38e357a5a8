// Directory role membership, written either the legacy way (POST /directoryRoles/{id}/members/$ref) or through unified
// RBAC (POST /roleManagement/directory/roleAssignments). Both end as a UnifiedRoleAssignment in the tenant, as in Entra,
// so reads of either API (and directoryRoles delta) see the change.
import { createHash } from 'node:crypto';
import type { Tenant } from '../../model/tenant.js';
import type { DirectoryRole, UnifiedRoleAssignment } from '../../model/types.js';
import { graphErrors } from '../errors.js';
import { requireObjectId } from './references.js';

export interface NewRoleAssignment {
  principalId?: unknown;
  roleDefinitionId?: unknown;
  directoryScopeId?: unknown;
  appScopeId?: unknown;
}

const TENANT_SCOPE = '/';

/** Entra-shaped id: role definition and principal bytes, base64url, then a suffix (scope-specific off the tenant scope). */
export function roleAssignmentId(roleDefinitionId: string, principalId: string, scope: string): string {
  const bytes = Buffer.from(`${roleDefinitionId}${principalId}`.replace(/-/g, ''), 'hex').toString('base64url');
  return scope === TENANT_SCOPE
    ? `${bytes}-1`
    : `${bytes}-${createHash('sha256').update(scope).digest('hex').slice(0, 8)}`;
}

/** `{id}` is the activated role's object id or `roleTemplateId={templateId}`; a role not activated in the tenant is 404. */
export function resolveDirectoryRole(tenant: Tenant, key: string): DirectoryRole {
  const template = /^roleTemplateId=(.+)$/i.exec(key)?.[1];
  const role = template
    ? tenant.directoryRoles.get(template.toLowerCase())
    : [...tenant.directoryRoles.values()].find((r) => r.id === key.toLowerCase());
  if (!role) throw graphErrors.notFound(template ?? key);
  return role;
}

function findAssignment(
  tenant: Tenant,
  principalId: string,
  roleDefinitionId: string,
  scope: string,
): UnifiedRoleAssignment | undefined {
  for (const r of tenant.roleAssignments.values()) {
    if (r.principalId === principalId && r.roleDefinitionId === roleDefinitionId && r.directoryScopeId === scope)
      return r;
  }
  return undefined;
}

/** Users, service principals and role-assignable groups can hold directory roles. */
function assertRoleHolder(tenant: Tenant, principalId: string): void {
  const kind = tenant.kindOf(principalId);
  if (!kind) throw graphErrors.notFound(principalId);
  if (kind === 'group' && !tenant.groups.get(principalId)?.isAssignableToRole)
    throw graphErrors.unsupportedReference('members');
}

function assign(tenant: Tenant, principalId: string, roleDefinitionId: string, scope: string): UnifiedRoleAssignment {
  const assignment: UnifiedRoleAssignment = {
    id: roleAssignmentId(roleDefinitionId, principalId, scope),
    principalId,
    roleDefinitionId,
    directoryScopeId: scope,
    resourceScope: scope,
    appScopeId: null,
  };
  tenant.putRoleAssignment(assignment);
  return assignment;
}

export function addDirectoryRoleMember(tenant: Tenant, roleKey: string, objectId: string): void {
  const role = resolveDirectoryRole(tenant, roleKey);
  const id = requireObjectId(objectId);
  assertRoleHolder(tenant, id);
  if (findAssignment(tenant, id, role.roleTemplateId, TENANT_SCOPE)) throw graphErrors.alreadyExists('members');
  assign(tenant, id, role.roleTemplateId, TENANT_SCOPE);
}

export function removeDirectoryRoleMember(tenant: Tenant, roleKey: string, objectId: string): void {
  const role = resolveDirectoryRole(tenant, roleKey);
  const id = requireObjectId(objectId);
  const existing = findAssignment(tenant, id, role.roleTemplateId, TENANT_SCOPE);
  if (!existing) throw graphErrors.notFound(id);
  tenant.removeRoleAssignment(existing.id);
}

export function createRoleAssignment(tenant: Tenant, input: NewRoleAssignment): UnifiedRoleAssignment {
  if (typeof input.principalId !== 'string') throw graphErrors.missingProperty('principalId');
  if (typeof input.roleDefinitionId !== 'string') throw graphErrors.missingProperty('roleDefinitionId');
  const scope = typeof input.directoryScopeId === 'string' ? input.directoryScopeId : undefined;
  if (!scope) throw graphErrors.missingProperty('directoryScopeId');
  const principalId = requireObjectId(input.principalId);
  const definition = tenant.roleDefinitions.get(input.roleDefinitionId.toLowerCase());
  if (!definition) throw graphErrors.notFound(input.roleDefinitionId);
  assertRoleHolder(tenant, principalId);
  if (findAssignment(tenant, principalId, definition.id, scope)) throw graphErrors.conflictingObject();
  return assign(tenant, principalId, definition.id, scope);
}

export function deleteRoleAssignment(tenant: Tenant, id: string): void {
  if (!tenant.removeRoleAssignment(id)) throw graphErrors.notFound(id);
}

/** The declared properties of unifiedRoleAssignment (resourceScope is beta-only). */
export function roleAssignmentBody(r: UnifiedRoleAssignment): Record<string, unknown> {
  return {
    id: r.id,
    principalId: r.principalId,
    roleDefinitionId: r.roleDefinitionId,
    directoryScopeId: r.directoryScopeId,
    appScopeId: r.appScopeId,
    condition: null,
  };
}

export { findAssignment as findRoleAssignment, assign as assignRole, TENANT_SCOPE };
