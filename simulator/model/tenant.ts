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
import {
  auditsForChange,
  auditTarget,
  CONTROL_ACTOR,
  deletionAudit,
  directoryAudit,
  DYNAMIC_MEMBERSHIP_ACTOR,
  type AuditActor,
  type AuditInput,
  type DirectoryAudit,
} from './audit.js';
import { compileRule } from './dynamic-rules.js';

/** Entra re-evaluates dynamic membership asynchronously after a change; the simulator waits this long (simulated). */
export const DYNAMIC_MEMBERSHIP_DELAY_MS = 2 * 60 * 1000;

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
  /** Oldest first; GET /auditLogs/directoryAudits serves them newest first. */
  readonly directoryAudits: DirectoryAudit[] = [];
  /** Who is changing the directory (set around each Graph write); undefined = the control API. */
  actor: AuditActor | undefined;
  /** False while the generator builds the baseline: no audit records, no dynamic re-evaluation. */
  live = true;
  /** userId → when POST /users/{id}/revokeSignInSessions last ran (simulated epoch ms). */
  readonly sessionsRevokedAt = new Map<string, number>();
  /** Users and groups whose dynamic memberships are due for re-evaluation, with the due time. */
  private readonly dynamicDueUsers = new Map<string, number>();
  private readonly dynamicDueGroups = new Map<string, number>();
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
    if (this.live) for (const input of auditsForChange(entry, (id) => this.describe(id))) this.audit(input);
  }

  /** Appends a directory audit record for a change applied now, attributed to the current actor. */
  audit(input: AuditInput): void {
    if (this.live) this.directoryAudits.push(directoryAudit(input, this.actor ?? CONTROL_ACTOR, this.now()));
  }

  private describe(id: string): { kind: ObjectKind | 'role' | 'other'; record?: Record<string, unknown> } {
    const kind = this.kindOf(id);
    if (kind === 'user') return { kind, record: this.users.get(id) as unknown as Record<string, unknown> };
    if (kind === 'group') return { kind, record: this.groups.get(id) as unknown as Record<string, unknown> };
    if (kind === 'servicePrincipal')
      return { kind, record: this.servicePrincipals.get(id) as unknown as Record<string, unknown> };
    for (const role of this.directoryRoles.values())
      if (role.id === id) return { kind: 'role', record: role as unknown as Record<string, unknown> };
    return { kind: 'other' };
  }

  // ---- sign-ins ------------------------------------------------------------------------------------------------

  /** Logs a sign-in (newest first) and updates the user's signInActivity as Entra does; not a delta change. */
  recordSignIn(signIn: SignIn): void {
    this.signIns.unshift(signIn);
    const user = this.users.get(signIn.userId);
    if (!user) return;
    const activity = { ...user.signInActivity };
    if (signIn.isInteractive) {
      activity.lastSignInDateTime = signIn.createdDateTime;
      activity.lastSignInRequestId = signIn.id;
    } else {
      activity.lastNonInteractiveSignInDateTime = signIn.createdDateTime;
      activity.lastNonInteractiveSignInRequestId = signIn.id;
    }
    if (signIn.status.errorCode === 0) {
      activity.lastSuccessfulSignInDateTime = signIn.createdDateTime;
      activity.lastSuccessfulSignInRequestId = signIn.id;
    }
    user.signInActivity = activity;
  }

  // ---- dynamic membership --------------------------------------------------------------------------------------

  /** Applies dynamic-membership re-evaluations whose delay has passed; membership changes go to the change log. */
  runDueDynamicMembership(now: number): void {
    const dueUsers = takeDue(this.dynamicDueUsers, now);
    const dueGroups = new Set(takeDue(this.dynamicDueGroups, now));
    if (!dueUsers.length && !dueGroups.size) return;
    const previous = this.actor;
    this.actor = DYNAMIC_MEMBERSHIP_ACTOR;
    try {
      for (const group of this.groups.values()) {
        if (!group.groupTypes.includes('DynamicMembership') || group.membershipRuleProcessingState !== 'On') continue;
        const rule = group.membershipRule ? compileRule(group.membershipRule) : undefined;
        const members = this.groupMembers.get(group.id);
        if (!rule || !members) continue;
        const candidates = dueGroups.has(group.id) ? [...this.users.keys()] : dueUsers;
        for (const userId of candidates) {
          const user = this.users.get(userId);
          if (!user) continue;
          if (rule(user) && !members.has(userId)) this.addGroupMember(group.id, userId);
          else if (!rule(user) && members.has(userId)) this.removeGroupMember(group.id, userId);
        }
      }
    } finally {
      this.actor = previous;
    }
  }

  private scheduleDynamic(due: Map<string, number>, id: string): void {
    if (this.live) due.set(id, this.now() + DYNAMIC_MEMBERSHIP_DELAY_MS);
  }

  // ---- objects -------------------------------------------------------------------------------------------------

  putUser(user: User, changedProps?: string[]): void {
    this.put('users', this.users, user, changedProps);
    this.scheduleDynamic(this.dynamicDueUsers, user.id);
  }
  putGroup(group: Group, changedProps?: string[]): void {
    const ruleChanged =
      !changedProps ||
      changedProps.includes('membershipRule') ||
      changedProps.includes('membershipRuleProcessingState');
    this.put('groups', this.groups, group, changedProps);
    if (ruleChanged && group.groupTypes.includes('DynamicMembership'))
      this.scheduleDynamic(this.dynamicDueGroups, group.id);
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
    const described = this.describe(id).record as { displayName?: string; userPrincipalName?: string } | undefined;
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
      this.audit(deletionAudit('users', id, described));
    }
    if (kind === 'group') {
      this.groups.delete(id);
      this.groupMembers.delete(id);
      this.groupOwners.delete(id);
      this.record({ collection: 'groups', id, kind: 'delete' });
      this.audit(deletionAudit('groups', id, described));
    }
    if (kind === 'servicePrincipal') {
      this.servicePrincipals.delete(id);
      this.servicePrincipalOwners.delete(id);
      this.synchronizationJobs.delete(id);
      for (const [gid, g] of this.oauth2PermissionGrants)
        if (g.clientId === id || g.resourceId === id) this.deleteOAuth2PermissionGrant(gid);
      this.record({ collection: 'servicePrincipals', id, kind: 'delete' });
      this.audit(deletionAudit('servicePrincipals', id, described));
    }
    return true;
  }

  deleteOAuth2PermissionGrant(id: string): boolean {
    if (!this.oauth2PermissionGrants.delete(id)) return false;
    this.record({ collection: 'oauth2PermissionGrants', id, kind: 'delete' });
    this.audit(deletionAudit('oauth2PermissionGrants', id, undefined));
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
    if (!addTo(this.groupOwners, groupId, ownerId)) return false;
    this.auditOwner(groupId, ownerId, false);
    return true;
  }
  removeGroupOwner(groupId: string, ownerId: string): boolean {
    if (!this.groupOwners.get(groupId)?.delete(ownerId)) return false;
    this.auditOwner(groupId, ownerId, true);
    return true;
  }

  private auditOwner(groupId: string, ownerId: string, removed: boolean): void {
    const owner = this.describe(ownerId);
    this.audit({
      activity: removed ? 'Remove owner from group' : 'Add owner to group',
      category: 'GroupManagement',
      operationType: removed ? 'Unassign' : 'Assign',
      targets: [
        auditTarget(owner.kind, ownerId, owner.record),
        auditTarget('group', groupId, this.groups.get(groupId)),
      ],
    });
  }
  addServicePrincipalOwner(spId: string, ownerId: string): boolean {
    return addTo(this.servicePrincipalOwners, spId, ownerId);
  }
  removeServicePrincipalOwner(spId: string, ownerId: string): boolean {
    return this.servicePrincipalOwners.get(spId)?.delete(ownerId) ?? false;
  }

  putAppRoleAssignment(a: AppRoleAssignment): void {
    this.appRoleAssignments.set(a.id, a);
    this.auditAppRoleAssignment(a, false);
  }
  deleteAppRoleAssignment(id: string): boolean {
    const a = this.appRoleAssignments.get(id);
    if (!a || !this.appRoleAssignments.delete(id)) return false;
    this.auditAppRoleAssignment(a, true);
    return true;
  }

  private auditAppRoleAssignment(a: AppRoleAssignment, removed: boolean): void {
    const noun = { User: 'user', Group: 'group', ServicePrincipal: 'service principal' }[a.principalType];
    const principal = this.describe(a.principalId);
    // Entra's activity reference lists "Remove app role assignment from user" without an add counterpart; Entra
    // logs a user grant as "Add app role assignment grant to user" (as seen in real tenants' logs).
    const added =
      a.principalType === 'User' ? 'Add app role assignment grant to user' : `Add app role assignment to ${noun}`;
    this.audit({
      activity: removed ? `Remove app role assignment from ${noun}` : added,
      category: { User: 'UserManagement', Group: 'GroupManagement', ServicePrincipal: 'ApplicationManagement' }[
        a.principalType
      ],
      operationType: removed ? 'Unassign' : 'Assign',
      targets: [
        auditTarget(principal.kind, a.principalId, principal.record ?? { displayName: a.principalDisplayName }),
        auditTarget('servicePrincipal', a.resourceId, { displayName: a.resourceDisplayName }),
      ],
    });
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

function takeDue(due: Map<string, number>, now: number): string[] {
  const out: string[] = [];
  for (const [id, at] of due)
    if (at <= now) {
      out.push(id);
      due.delete(id);
    }
  return out;
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
