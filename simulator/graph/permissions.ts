// Least-privileged permission checks. Each endpoint names the permission it needs; a token passes when it carries
// that permission or one Microsoft documents as a superset (e.g. Directory.Read.All covers User.Read.All).
import type { Caller } from '../identity/signing.js';
import { graphErrors } from './errors.js';

const SUPERSETS: Readonly<Record<string, readonly string[]>> = {
  'User.Read.All': ['User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  'Group.Read.All': ['Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  'GroupMember.Read.All': [
    'GroupMember.ReadWrite.All',
    'Group.Read.All',
    'Group.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  'GroupMember.ReadWrite.All': ['Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  'Group.ReadWrite.All': ['Directory.ReadWrite.All'],
  'User.ReadWrite.All': ['Directory.ReadWrite.All'],
  'Application.Read.All': ['Application.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  'Application.ReadWrite.All': ['Directory.ReadWrite.All'],
  'AppRoleAssignment.ReadWrite.All': [],
  'RoleManagement.Read.Directory': [
    'RoleManagement.ReadWrite.Directory',
    'RoleManagement.Read.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  'RoleManagement.ReadWrite.Directory': [],
  'RoleAssignmentSchedule.ReadWrite.Directory': ['RoleManagement.ReadWrite.Directory'],
  'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup': [],
  'Directory.Read.All': ['Directory.ReadWrite.All'],
  'DelegatedPermissionGrant.ReadWrite.All': [],
  'AuditLog.Read.All': [],
  'Synchronization.Read.All': ['Synchronization.ReadWrite.All', 'Application.ReadWrite.OwnedBy'],
  'Organization.Read.All': [
    'Organization.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
    'User.Read.All',
    'User.ReadWrite.All',
    // Delegated: Microsoft lists User.Read as the least privilege for GET /organization.
    'User.Read',
  ],
};

/** True when the caller's token grants `permission` directly or through a documented superset. */
export function hasPermission(caller: Caller, permission: string): boolean {
  const held = new Set(caller.roles.length ? caller.roles : caller.scopes);
  return held.has(permission) || (SUPERSETS[permission] ?? []).some((p) => held.has(p));
}

/** Throws 403 Authorization_RequestDenied unless every listed permission is held. */
export function requirePermissions(caller: Caller, ...permissions: string[]): void {
  if (!permissions.every((p) => hasPermission(caller, p))) throw graphErrors.forbidden();
}
