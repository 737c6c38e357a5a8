// One simulated tenant: its directory objects, the relationships between them, and an ordered change log that
// delta queries read. Every mutation goes through a method here so the change log can never miss one.
import type {
  AppRoleAssignment,
  ChangeEntry,
  DeltaCollection,
  DirectoryRole,
  Group,
  Licence,
  OAuth2PermissionGrant,
  ObjectKind,
  Organization,
  ServicePrincipal,
  SignIn,
  SynchronizationJob,
  TenantSize,
  UnifiedRoleAssignment,
  UnifiedRoleDefinition,
  User,
} from './types.js';

export interface TenantInfo {
  id: string;
  domain: string; // e.g. contoso-1.onmicrosoft.com
  size: TenantSize;
  licence: Licence;
}

export class Tenant {
  readonly users = new Map<string, User>();
  readonly groups = new Map<string, Group>();
  readonly servicePrincipals = new Map<string, ServicePrincipal>();
  /** groupId → member object ids (direct members). */
  readonly groupMembers = new Map<string, Set<string>>();
  readonly groupOwners = new Map<string, Set<string>>();
  readonly servicePrincipalOwners = new Map<string, Set<string>>();
  /** userId → manager's user id (GET /users/{id}/manager; delta tracks it as manager@delta). */
  readonly managers = new Map<string, string>();
  readonly appRoleAssignments = new Map<string, AppRoleAssignment>();
  readonly roleDefinitions = new Map<string, UnifiedRoleDefinition>();
  readonly roleAssignments = new Map<string, UnifiedRoleAssignment>();
  /** Activated directory roles, keyed by role template id. */
  readonly directoryRoles = new Map<string, DirectoryRole>();
  readonly oauth2PermissionGrants = new Map<string, OAuth2PermissionGrant>();
  readonly synchronizationJobs = new Map<string, SynchronizationJob[]>(); // servicePrincipalId → jobs
  /** Newest first, as /auditLogs/signIns returns them. */
  signIns: SignIn[] = [];
  /** Sign-in passwords by user id (never part of a Graph response). */
  readonly passwords = new Map<string, string>();
  readonly changes: ChangeEntry[] = [];
  private nextSeq = 1;

  constructor(
    readonly info: TenantInfo,
    public organization: Organization,
    private readonly now: () => number,
  ) {}

  get id(): string {
    return this.info.id;
  }
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** Which kind of directory object an id names, or undefined. */
  kindOf(id: string): ObjectKind | undefined {
    if (this.users.has(id)) return 'user';
    if (this.groups.has(id)) return 'group';
    if (this.servicePrincipals.has(id)) return 'servicePrincipal';
    return undefined;
  }

  record(entry: Omit<ChangeEntry, 'seq' | 'at'>): void {
    this.changes.push({ ...entry, seq: this.nextSeq++, at: this.now() });
  }

  // ---- objects -------------------------------------------------------------------------------------------------

  putUser(user: User, changedProps?: string[]): void {
    this.put('users', this.users, user, changedProps);
  }
  putGroup(group: Group, changedProps?: string[]): void {
    this.put('groups', this.groups, group, changedProps);
    if (!this.groupMembers.has(group.id)) this.groupMembers.set(group.id, new Set());
    if (!this.groupOwners.has(group.id)) this.groupOwners.set(group.id, new Set());
  }
  putServicePrincipal(sp: ServicePrincipal, changedProps?: string[]): void {
    this.put('servicePrincipals', this.servicePrincipals, sp, changedProps);
    if (!this.servicePrincipalOwners.has(sp.id)) this.servicePrincipalOwners.set(sp.id, new Set());
  }
  putOAuth2PermissionGrant(grant: OAuth2PermissionGrant, changedProps?: string[]): void {
    this.put('oauth2PermissionGrants', this.oauth2PermissionGrants, grant, changedProps);
  }

  /** Deletes a directory object and every relationship that points at it. */
  deleteObject(id: string): boolean {
    const kind = this.kindOf(id);
    if (!kind) return false;
    for (const [groupId, members] of this.groupMembers) if (members.has(id)) this.removeGroupMember(groupId, id);
    for (const owners of this.groupOwners.values()) owners.delete(id);
    for (const owners of this.servicePrincipalOwners.values()) owners.delete(id);
    for (const [aid, a] of this.appRoleAssignments)
      if (a.principalId === id || a.resourceId === id) this.appRoleAssignments.delete(aid);
    for (const [rid, r] of this.roleAssignments) if (r.principalId === id) this.removeRoleAssignment(rid);
    if (kind === 'user') {
      for (const [report, manager] of this.managers) if (manager === id) this.setManager(report, null);
      this.managers.delete(id);
      this.users.delete(id);
      this.passwords.delete(id);
      this.record({ collection: 'users', id, kind: 'delete' });
    }
    if (kind === 'group') {
      this.groups.delete(id);
      this.groupMembers.delete(id);
      this.groupOwners.delete(id);
      this.record({ collection: 'groups', id, kind: 'delete' });
    }
    if (kind === 'servicePrincipal') {
      this.servicePrincipals.delete(id);
      this.servicePrincipalOwners.delete(id);
      this.synchronizationJobs.delete(id);
      for (const [gid, g] of this.oauth2PermissionGrants)
        if (g.clientId === id || g.resourceId === id) this.deleteOAuth2PermissionGrant(gid);
      this.record({ collection: 'servicePrincipals', id, kind: 'delete' });
    }
    return true;
  }

  deleteOAuth2PermissionGrant(id: string): boolean {
    if (!this.oauth2PermissionGrants.delete(id)) return false;
    this.record({ collection: 'oauth2PermissionGrants', id, kind: 'delete' });
    return true;
  }

  // ---- relationships -------------------------------------------------------------------------------------------

  /** Adds a direct member; false when it already was one. */
  addGroupMember(groupId: string, memberId: string): boolean {
    const members = this.groupMembers.get(groupId);
    const kind = this.kindOf(memberId);
    if (!members || !kind || members.has(memberId)) return false;
    members.add(memberId);
    this.record({
      collection: 'groups',
      id: groupId,
      kind: 'upsert',
      changedProps: [],
      memberChanges: [{ memberId, kind, removed: false }],
    });
    return true;
  }

  removeGroupMember(groupId: string, memberId: string): boolean {
    const members = this.groupMembers.get(groupId);
    if (!members?.delete(memberId)) return false;
    const kind = this.kindOf(memberId) ?? 'user';
    this.record({
      collection: 'groups',
      id: groupId,
      kind: 'upsert',
      changedProps: [],
      memberChanges: [{ memberId, kind, removed: true }],
    });
    return true;
  }

  /** Sets or clears a user's manager; logged as a change of the user's `manager` property. */
  setManager(userId: string, managerId: string | null): boolean {
    if (!this.users.has(userId) || (managerId !== null && !this.users.has(managerId))) return false;
    if ((this.managers.get(userId) ?? null) === managerId) return false;
    if (managerId === null) this.managers.delete(userId);
    else this.managers.set(userId, managerId);
    this.record({ collection: 'users', id: userId, kind: 'upsert', changedProps: ['manager'] });
    return true;
  }

  addGroupOwner(groupId: string, ownerId: string): boolean {
    return addTo(this.groupOwners, groupId, ownerId);
  }
  removeGroupOwner(groupId: string, ownerId: string): boolean {
    return this.groupOwners.get(groupId)?.delete(ownerId) ?? false;
  }
  addServicePrincipalOwner(spId: string, ownerId: string): boolean {
    return addTo(this.servicePrincipalOwners, spId, ownerId);
  }
  removeServicePrincipalOwner(spId: string, ownerId: string): boolean {
    return this.servicePrincipalOwners.get(spId)?.delete(ownerId) ?? false;
  }

  putAppRoleAssignment(a: AppRoleAssignment): void {
    this.appRoleAssignments.set(a.id, a);
  }
  deleteAppRoleAssignment(id: string): boolean {
    return this.appRoleAssignments.delete(id);
  }

  /** Tenant-wide role assignments are also directory role memberships: activate the role and log the change. */
  putRoleAssignment(r: UnifiedRoleAssignment): void {
    this.roleAssignments.set(r.id, r);
    if (r.directoryScopeId !== '/') return;
    const role = this.activateRole(r.roleDefinitionId);
    const kind = this.kindOf(r.principalId) ?? 'user';
    if (role)
      this.record({
        collection: 'directoryRoles',
        id: role.id,
        kind: 'upsert',
        changedProps: [],
        memberChanges: [{ memberId: r.principalId, kind, removed: false }],
      });
  }

  removeRoleAssignment(id: string): boolean {
    const r = this.roleAssignments.get(id);
    if (!r) return false;
    this.roleAssignments.delete(id);
    const role = this.directoryRoles.get(r.roleDefinitionId);
    if (role && r.directoryScopeId === '/') {
      const kind = this.kindOf(r.principalId) ?? 'user';
      this.record({
        collection: 'directoryRoles',
        id: role.id,
        kind: 'upsert',
        changedProps: [],
        memberChanges: [{ memberId: r.principalId, kind, removed: true }],
      });
    }
    return true;
  }

  /** Directory role members = principals with a tenant-wide assignment of the role's definition. */
  directoryRoleMembers(roleTemplateId: string): string[] {
    const out: string[] = [];
    for (const r of this.roleAssignments.values())
      if (r.roleDefinitionId === roleTemplateId && r.directoryScopeId === '/') out.push(r.principalId);
    return out;
  }

  /** Activating a role gives it an object id of its own, as Entra does; idempotent. */
  activateRole(roleTemplateId: string): DirectoryRole | undefined {
    const existing = this.directoryRoles.get(roleTemplateId);
    if (existing) return existing;
    const def = this.roleDefinitions.get(roleTemplateId);
    if (!def) return undefined;
    const role: DirectoryRole = {
      id: roleObjectId(this.id, roleTemplateId),
      displayName: def.displayName,
      description: def.description,
      roleTemplateId,
    };
    this.directoryRoles.set(roleTemplateId, role);
    this.record({ collection: 'directoryRoles', id: role.id, kind: 'upsert' });
    return role;
  }

  private put<T extends { id: string }>(
    collection: DeltaCollection,
    map: Map<string, T>,
    value: T,
    changedProps?: string[],
  ): void {
    const existed = map.has(value.id);
    map.set(value.id, value);
    this.record({
      collection,
      id: value.id,
      kind: 'upsert',
      changedProps: existed ? (changedProps ?? Object.keys(value)) : undefined,
    });
  }
}

function addTo(index: Map<string, Set<string>>, key: string, value: string): boolean {
  const set = index.get(key);
  if (!set || set.has(value)) return false;
  set.add(value);
  return true;
}

/** Stable, tenant-specific object id for an activated role (deterministic so runs replay). */
function roleObjectId(tenantId: string, templateId: string): string {
  const t = tenantId.replace(/-/g, '');
  const r = templateId.replace(/-/g, '');
  const hex = [...r].map((c, i) => ((parseInt(c, 16) ^ parseInt(t[i] ?? '0', 16)) & 15).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
