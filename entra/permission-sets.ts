// The Graph application permissions a connector needs, defined once: connector verification checks a token's `roles`
// against them and onboarding asks for them. Sandbox-safe (type imports only), so workflows may use it too.
//
// Least privilege, decided from graph-spec.md and what the sync reads:
// - readOnly: User.Read.All (users, managers, managed identities), Group.Read.All (groups, members, owners, groups
//   delta), Application.Read.All (service principals, app role assignments, app owners), RoleManagement.Read.Directory
//   (roles and role assignments), Directory.Read.All (oauth2PermissionGrants for shadow apps: no narrower read exists),
//   Synchronization.Read.All (SCIM provisioning jobs). Directory.Read.All covers the first four, but they stay listed
//   so the consent screen says why Lantern reads each object type.
// - readWrite adds only what just-in-time access changes: GroupMember.ReadWrite.All, AppRoleAssignment.ReadWrite.All,
//   RoleManagement.ReadWrite.Directory (role members and role-assignable groups). Application.ReadWrite.All is left
//   out on purpose: it lets its holder add credentials to any app (a tenant takeover path), so app ownership stays
//   read-only in Lantern.
// - readWrite also holds DelegatedPermissionGrant.ReadWrite.All: revoking a shadow app's per-user consents is a DELETE
//   of oauth2PermissionGrants, which Graph allows with it or Directory.ReadWrite.All only; it is the narrow one (it
//   manages delegated consents and nothing else), and without it a revoke could only fail. It is *asked for* but not
//   *required*: connectors consented before it existed keep verifying and granting access; only a revoke needs it,
//   and it ends with Graph's refusal when the tenant has not re-consented.
// - readWrite in direct provisioning (the default) also needs User.ReadWrite.All: Entra refuses to add a *user* to a
//   group without it (documented for POST /groups/{id}/members/$ref), and group membership is the most common just-in-time entitlement. It is broad
//   (its holder can edit every user), so the lead chose it knowingly over failing those grants; PIM mode avoids it.
// - readWrite in PIM mode (provisioning: 'pim', Entra ID P2) swaps User.ReadWrite.All for the two PIM schedule
//   permissions: RoleAssignmentSchedule.ReadWrite.Directory (directory roles) and
//   PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup (PIM for Groups adds users without User.ReadWrite.All). The
//   direct write permissions stay: app role assignments have no PIM, and grants made before the switch to PIM are
//   still removed directly.
// - readWrite in PIM mode also asks for User.RevokeSessions.All (policy v2 revokeSessions ends a user's sign-in
//   sessions after a directory role or role-assignable group is removed: POST /users/{id}/revokeSignInSessions).
//   Direct mode's User.ReadWrite.All already covers it. Asked for, not required: without it only that revocation
//   fails, with a message naming it.
// - AuditLog.Read.All is needed only with includeSignInActivity (sign-ins also need Directory.Read.All, already held).

import type { PermissionSetName, ProvisioningMode } from '../domain/connector.js';

export interface PermissionNeeds {
  permissionSet: PermissionSetName;
  includeSignInActivity?: boolean | undefined;
  /** Default 'direct'. Only matters for readWrite. */
  provisioning?: ProvisioningMode | undefined;
}

const READ_ONLY = [
  'User.Read.All',
  'Group.Read.All',
  'Application.Read.All',
  'RoleManagement.Read.Directory',
  'Directory.Read.All',
  'Synchronization.Read.All',
] as const;

const WRITE_EXTRAS = [
  'GroupMember.ReadWrite.All',
  'AppRoleAssignment.ReadWrite.All',
  'RoleManagement.ReadWrite.Directory',
] as const;
/** Asked for with readWrite, not required of it (see the header: only revoking shadow apps' consents needs it). */
const OPTIONAL_WRITE_EXTRAS = ['DelegatedPermissionGrant.ReadWrite.All'] as const;
/** Asked for in PIM mode only (direct mode's User.ReadWrite.All covers it): revoking sign-in sessions needs it. */
const OPTIONAL_PIM_EXTRAS = ['User.RevokeSessions.All'] as const;
const DIRECT_WRITE_EXTRAS = ['User.ReadWrite.All'] as const;
const PIM_WRITE_EXTRAS = [
  'RoleAssignmentSchedule.ReadWrite.Directory',
  'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup',
] as const;

export const SIGN_IN_ACTIVITY_PERMISSION = 'AuditLog.Read.All';

/** Permissions Microsoft documents as covering another (a token holding any of them satisfies the key). */
const COVERED_BY: Readonly<Record<string, readonly string[]>> = {
  'User.Read.All': ['User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  'User.ReadWrite.All': ['Directory.ReadWrite.All'],
  'Group.Read.All': ['Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  'GroupMember.ReadWrite.All': ['Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  'Application.Read.All': ['Application.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  'RoleManagement.Read.Directory': [
    'RoleManagement.ReadWrite.Directory',
    'RoleManagement.Read.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  'Directory.Read.All': ['Directory.ReadWrite.All'],
  'Synchronization.Read.All': ['Synchronization.ReadWrite.All'],
  'DelegatedPermissionGrant.ReadWrite.All': ['Directory.ReadWrite.All'],
  'User.RevokeSessions.All': ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
};

/** The application permissions a connector with these options needs, in a stable order. */
export function requiredPermissions(needs: PermissionNeeds): string[] {
  const modeExtras = needs.provisioning === 'pim' ? PIM_WRITE_EXTRAS : DIRECT_WRITE_EXTRAS;
  const base: string[] =
    needs.permissionSet === 'readWrite' ? [...READ_ONLY, ...WRITE_EXTRAS, ...modeExtras] : [...READ_ONLY];
  return needs.includeSignInActivity ? [...base, SIGN_IN_ACTIVITY_PERMISSION] : base;
}

/** What the consent step asks for: the required permissions plus those only some actions need. */
export function requestedPermissions(needs: PermissionNeeds): string[] {
  const pimOptional = needs.provisioning === 'pim' ? OPTIONAL_PIM_EXTRAS : [];
  const optional = needs.permissionSet === 'readWrite' ? [...OPTIONAL_WRITE_EXTRAS, ...pimOptional] : [];
  return [...requiredPermissions(needs), ...optional];
}

/** Why Lantern asks for each permission, one line each: the consent step and the invitation email show them. */
export const PERMISSION_REASONS: Readonly<Record<string, string>> = {
  'User.Read.All': 'read users, their managers and managed identities, to know who has access',
  'Group.Read.All': 'read groups with their members and owners, to catalog group access',
  'Application.Read.All': 'read enterprise applications, their app role assignments and owners',
  'RoleManagement.Read.Directory': 'read directory roles and who holds them',
  'Directory.Read.All': 'read the consent grants of third-party apps users signed in to (shadow apps)',
  'Synchronization.Read.All': 'see which applications are provisioned by SCIM',
  'GroupMember.ReadWrite.All': 'add and remove group members for approved, time-boxed access',
  'AppRoleAssignment.ReadWrite.All': 'assign and remove app roles for approved, time-boxed access',
  'RoleManagement.ReadWrite.Directory': 'add and remove directory role members for approved, time-boxed access',
  'DelegatedPermissionGrant.ReadWrite.All':
    "revoke users' consents to third-party apps an administrator decided to remove (shadow apps)",
  'User.ReadWrite.All':
    'needed by Microsoft to add a user to a group; it also lets Lantern edit users, which it never does',
  'RoleAssignmentSchedule.ReadWrite.Directory': 'grant time-boxed directory roles through PIM',
  'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup': 'grant time-boxed group access through PIM for Groups',
  'User.RevokeSessions.All': "end a user's sign-in sessions when privileged access (a directory role) is removed",
  [SIGN_IN_ACTIVITY_PERMISSION]: 'read sign-in activity, to show when access was last used',
};

/** The permissions these options need, each with why (for people deciding whether to grant them). */
export function explainedPermissions(needs: PermissionNeeds): { permission: string; why: string }[] {
  return requestedPermissions(needs).map((permission) => ({ permission, why: PERMISSION_REASONS[permission] ?? '' }));
}

/** Required permissions the granted `roles` do not cover (directly or through a documented superset), by name. */
export function missingPermissions(needs: PermissionNeeds, granted: readonly string[]): string[] {
  const held = new Set(granted);
  return requiredPermissions(needs).filter(
    (permission) => !held.has(permission) && !(COVERED_BY[permission] ?? []).some((p) => held.has(p)),
  );
}
