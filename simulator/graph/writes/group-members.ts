// Group members and owners: `$ref` add/remove and the all-or-nothing bulk `PATCH /groups/{id}` with `@odata.bind`.
// Every check runs before the first change, so a refused request leaves the tenant exactly as it was.
import type { Caller } from '../../identity/signing.js';
import type { Tenant } from '../../model/tenant.js';
import type { Group } from '../../model/types.js';
import { graphErrors } from '../errors.js';
import { requirePermissions } from '../permissions.js';
import {
  assertAllowedKind,
  assertMemberTypeAccess,
  assertRelationEditable,
  assertRoleAssignableAccess,
  type GroupRelation,
} from './group-rules.js';
import { objectIdFromUrl, requireObjectId } from './references.js';

export interface GroupReferenceChange {
  groupId: string;
  relation: GroupRelation;
  objectId: string;
}

const MAX_BINDS_PER_REQUEST = 20;
/** Group properties an application may PATCH (the rest are read-only or owned by other services). */
const WRITABLE_GROUP_PROPERTIES = new Set([
  'displayName',
  'description',
  'mailNickname',
  'visibility',
  'membershipRule',
  'membershipRuleProcessingState',
]);

export function requireGroup(tenant: Tenant, groupId: string): Group {
  const group = tenant.groups.get(requireObjectId(groupId));
  if (!group) throw graphErrors.notFound(groupId);
  return group;
}

function relationSet(tenant: Tenant, group: Group, relation: GroupRelation): Set<string> {
  return (relation === 'members' ? tenant.groupMembers : tenant.groupOwners).get(group.id) ?? new Set();
}

/** Checks one addition without making it; returns the validated object id. */
function checkAddition(
  tenant: Tenant,
  caller: Caller,
  group: Group,
  relation: GroupRelation,
  objectId: string,
): string {
  const id = requireObjectId(objectId);
  const kind = tenant.kindOf(id);
  if (!kind) throw graphErrors.notFound(id);
  if (relation === 'members') assertMemberTypeAccess(caller, kind);
  assertAllowedKind(group, relation, kind);
  if (relationSet(tenant, group, relation).has(id)) throw graphErrors.alreadyExists(relation);
  return id;
}

function apply(tenant: Tenant, groupId: string, relation: GroupRelation, objectId: string): void {
  if (relation === 'members') tenant.addGroupMember(groupId, objectId);
  else tenant.addGroupOwner(groupId, objectId);
}

/** POST /groups/{id}/members/$ref and /owners/$ref → 204. */
export function addGroupReference(tenant: Tenant, caller: Caller, change: GroupReferenceChange): void {
  const group = requireGroup(tenant, change.groupId);
  assertRelationEditable(group, change.relation);
  assertRoleAssignableAccess(caller, group);
  apply(tenant, group.id, change.relation, checkAddition(tenant, caller, group, change.relation, change.objectId));
}

/** DELETE /groups/{id}/members/{objectId}/$ref and /owners/{objectId}/$ref → 204. */
export function removeGroupReference(tenant: Tenant, caller: Caller, change: GroupReferenceChange): void {
  const group = requireGroup(tenant, change.groupId);
  assertRelationEditable(group, change.relation);
  assertRoleAssignableAccess(caller, group);
  const id = requireObjectId(change.objectId);
  const current = relationSet(tenant, group, change.relation);
  if (!current.has(id)) throw graphErrors.notFound(id);
  if (change.relation === 'owners') {
    // "Once owners are assigned to a group, the last owner (a user object) of the group cannot be removed."
    if (current.size === 1 && tenant.kindOf(id) === 'user') throw graphErrors.lastOwner();
    tenant.removeGroupOwner(group.id, id);
  } else {
    tenant.removeGroupMember(group.id, id);
  }
}

/** PATCH /groups/{id}: property updates and up to 20 `members@odata.bind` / `owners@odata.bind` references. */
export function patchGroup(tenant: Tenant, caller: Caller, groupId: string, body: Record<string, unknown>): void {
  const group = requireGroup(tenant, groupId);
  const binds: [GroupRelation, unknown][] = [
    ['members', body['members@odata.bind']],
    ['owners', body['owners@odata.bind']],
  ];
  const present = binds.filter(([, urls]) => urls !== undefined);
  const properties = Object.keys(body).filter((key) => !key.endsWith('@odata.bind'));
  for (const key of properties)
    if (!WRITABLE_GROUP_PROPERTIES.has(key)) throw graphErrors.unknownProperty(key, 'group');
  if (properties.length) {
    requirePermissions(caller, 'Group.ReadWrite.All');
    if (group.onPremisesSyncEnabled) throw graphErrors.onPremisesMastered();
  }
  const total = present.reduce((n, [, urls]) => n + (Array.isArray(urls) ? urls.length : 1), 0);
  if (total > MAX_BINDS_PER_REQUEST) throw graphErrors.tooManyReferences();

  const additions: [GroupRelation, string][] = [];
  for (const [relation, urls] of present) {
    if (!Array.isArray(urls)) throw graphErrors.invalidReference(relation);
    assertRelationEditable(group, relation);
    assertRoleAssignableAccess(caller, group);
    const seen = new Set<string>();
    for (const url of urls) {
      const id = checkAddition(tenant, caller, group, relation, objectIdFromUrl(url, relation));
      if (seen.has(id)) throw graphErrors.alreadyExists(relation);
      seen.add(id);
      additions.push([relation, id]);
    }
  }

  if (properties.length) {
    const updated = { ...group } as Record<string, unknown>;
    for (const key of properties) updated[key] = body[key];
    tenant.putGroup(updated as unknown as Group, properties);
  }
  for (const [relation, id] of additions) apply(tenant, group.id, relation, id);
}
