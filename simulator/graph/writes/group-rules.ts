// Which group relationships Graph lets an application change, and the permissions each change needs.
import type { Caller } from '../../identity/signing.js';
import type { Group, ObjectKind } from '../../model/types.js';
import { graphErrors } from '../errors.js';
import { requirePermissions } from '../permissions.js';

export type GroupRelation = 'members' | 'owners';

/** Adding a member needs GroupMember.ReadWrite.All plus the write permission for the member's own type. */
const MEMBER_TYPE_PERMISSION: Readonly<Record<ObjectKind, string>> = {
  user: 'User.ReadWrite.All',
  group: 'Group.ReadWrite.All',
  servicePrincipal: 'Application.ReadWrite.All',
  device: 'Device.ReadWrite.All',
  orgContact: 'OrgContact.Read.All',
};

/** Refuses groups whose membership Entra does not let Graph change (dynamic, synced, Exchange-mastered). */
export function assertRelationEditable(group: Group, relation: GroupRelation): void {
  if (relation === 'members' && group.groupTypes.includes('DynamicMembership')) throw graphErrors.dynamicMembership();
  if (group.onPremisesSyncEnabled) throw graphErrors.onPremisesMastered();
  if (group.mailEnabled && !group.groupTypes.includes('Unified')) throw graphErrors.exchangeMastered();
}

/** Role-assignable groups can grant admin roles, so changing them also needs RoleManagement.ReadWrite.Directory. */
export function assertRoleAssignableAccess(caller: Caller, group: Group): void {
  if (group.isAssignableToRole) requirePermissions(caller, 'RoleManagement.ReadWrite.Directory');
}

export function assertMemberTypeAccess(caller: Caller, kind: ObjectKind): void {
  requirePermissions(caller, MEMBER_TYPE_PERMISSION[kind]);
}

/** Owners are users or service principals; members may also be groups (not of role-assignable groups) and devices. */
export function assertAllowedKind(group: Group, relation: GroupRelation, kind: ObjectKind): void {
  const allowed =
    relation === 'owners'
      ? kind === 'user' || kind === 'servicePrincipal'
      : !(kind === 'group' && group.isAssignableToRole);
  if (!allowed) throw graphErrors.unsupportedReference(relation);
}
