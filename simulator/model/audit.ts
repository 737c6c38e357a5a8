// Directory audit records (GET /auditLogs/directoryAudits): one per change the simulator applies after generation,
// shaped like Entra's "Core Directory" entries. The generated directory has no audit history of its own.
import { randomUUID } from 'node:crypto';
import type { ChangeEntry, ObjectKind } from './types.js';

export interface UserIdentity {
  id: string;
  displayName: string | null;
  userPrincipalName: string | null;
  ipAddress: string | null;
}
export interface AppIdentity {
  appId: string | null;
  displayName: string | null;
  servicePrincipalId: string | null;
  servicePrincipalName: string | null;
}

/** Who is changing the directory right now (set around each Graph write; undefined = the control API). */
export interface AuditActor {
  user: UserIdentity | null;
  app: AppIdentity | null;
  correlationId: string;
}

export interface AuditTarget {
  id: string;
  displayName: string | null;
  type: 'User' | 'Group' | 'ServicePrincipal' | 'Role' | 'Other';
  userPrincipalName: string | null;
  groupType: string | null;
  modifiedProperties: { displayName: string; oldValue: string | null; newValue: string | null }[];
}

export interface DirectoryAudit {
  id: string;
  category: string;
  correlationId: string;
  result: 'success' | 'failure';
  resultReason: string;
  activityDisplayName: string;
  activityDateTime: string;
  loggedByService: string;
  operationType: 'Add' | 'Update' | 'Delete' | 'Assign' | 'Unassign';
  initiatedBy: { user: UserIdentity | null; app: AppIdentity | null };
  targetResources: AuditTarget[];
  additionalDetails: { key: string; value: string }[];
}

/** Changes made outside Graph: the control API (standing in for the admin portal) and PIM expiry. */
export const CONTROL_ACTOR: AuditActor = {
  user: null,
  app: {
    appId: null,
    displayName: 'Simulator (change made outside Graph)',
    servicePrincipalId: null,
    servicePrincipalName: null,
  },
  correlationId: '00000000-0000-0000-0000-000000000000',
};

/** Dynamic membership processing runs as a directory service, not as the caller that changed the user. */
export const DYNAMIC_MEMBERSHIP_ACTOR: AuditActor = {
  user: null,
  app: {
    appId: null,
    displayName: 'Microsoft Entra dynamic membership',
    servicePrincipalId: null,
    servicePrincipalName: null,
  },
  correlationId: '00000000-0000-0000-0000-000000000000',
};

export interface AuditInput {
  activity: string;
  category: string;
  operationType: DirectoryAudit['operationType'];
  targets: AuditTarget[];
}

export function directoryAudit(input: AuditInput, actor: AuditActor, at: number): DirectoryAudit {
  return {
    id: `Directory_${randomUUID()}`,
    category: input.category,
    correlationId: actor.correlationId,
    result: 'success',
    resultReason: '',
    activityDisplayName: input.activity,
    activityDateTime: new Date(at).toISOString(),
    loggedByService: 'Core Directory',
    operationType: input.operationType,
    initiatedBy: { user: actor.user, app: actor.app },
    targetResources: input.targets,
    additionalDetails: [],
  };
}

const TARGET_TYPE: Record<ObjectKind, AuditTarget['type']> = {
  user: 'User',
  group: 'Group',
  servicePrincipal: 'ServicePrincipal',
  device: 'Other',
  orgContact: 'Other',
};

export function auditTarget(
  kind: ObjectKind | 'role' | 'other',
  id: string,
  record: { displayName?: string | null; userPrincipalName?: string | null } | undefined,
  modified: AuditTarget['modifiedProperties'] = [],
): AuditTarget {
  return {
    id,
    displayName: record?.displayName ?? null,
    type: kind === 'role' ? 'Role' : kind === 'other' ? 'Other' : TARGET_TYPE[kind],
    userPrincipalName: record?.userPrincipalName ?? null,
    groupType: null,
    modifiedProperties: modified,
  };
}

const NOUN: Record<ChangeEntry['collection'], { noun: string; category: string; kind: ObjectKind | 'role' | 'other' }> =
  {
    users: { noun: 'user', category: 'UserManagement', kind: 'user' },
    groups: { noun: 'group', category: 'GroupManagement', kind: 'group' },
    servicePrincipals: { noun: 'service principal', category: 'ApplicationManagement', kind: 'servicePrincipal' },
    directoryRoles: { noun: 'role', category: 'RoleManagement', kind: 'role' },
    oauth2PermissionGrants: { noun: 'delegated permission grant', category: 'ApplicationManagement', kind: 'other' },
  };

/**
 * The audit records one change-log entry stands for (Entra's activity names). `lookup` resolves ids to records
 * for display names; deletions are audited by the caller before the object disappears.
 */
export function auditsForChange(
  entry: Omit<ChangeEntry, 'seq' | 'at'>,
  lookup: (id: string) => { kind: ObjectKind | 'role' | 'other'; record?: Record<string, unknown> },
): AuditInput[] {
  const { noun, category, kind } = NOUN[entry.collection];
  const self = lookup(entry.id);
  const selfTarget = (modified: AuditTarget['modifiedProperties'] = []) =>
    auditTarget(kind, entry.id, self.record as { displayName?: string }, modified);
  if (entry.kind === 'delete') return [];
  if (entry.memberChanges?.length) {
    return entry.memberChanges.map((m) => {
      const member = lookup(m.memberId);
      const memberTarget = auditTarget(m.kind, m.memberId, member.record as { displayName?: string });
      return {
        activity: m.removed ? `Remove member from ${noun}` : `Add member to ${noun}`,
        category,
        operationType: m.removed ? 'Unassign' : 'Assign',
        targets: [memberTarget, selfTarget()],
      };
    });
  }
  // Activating a directory role is not a directory change an admin makes.
  if (entry.collection === 'directoryRoles') return [];
  if (entry.changedProps === undefined)
    return [{ activity: `Add ${noun}`, category, operationType: 'Add', targets: [selfTarget()] }];
  if (entry.changedProps.length === 0) return [];
  const audits: AuditInput[] = [];
  // A manager change is its own activity in Entra's audit reference ("Set user manager").
  if (entry.changedProps.includes('manager')) {
    const manager = [{ displayName: 'Manager', oldValue: null, newValue: null }];
    audits.push({ activity: 'Set user manager', category, operationType: 'Update', targets: [selfTarget(manager)] });
  }
  const modified = entry.changedProps
    .filter((p) => p !== 'manager')
    .map((p) => ({ displayName: p, oldValue: null, newValue: JSON.stringify(self.record?.[p] ?? null) }));
  if (modified.length)
    audits.push({ activity: `Update ${noun}`, category, operationType: 'Update', targets: [selfTarget(modified)] });
  return audits;
}

export function deletionAudit(
  collection: ChangeEntry['collection'],
  id: string,
  record: { displayName?: string | null; userPrincipalName?: string | null } | undefined,
): AuditInput {
  const { noun, category, kind } = NOUN[collection];
  const verb = collection === 'servicePrincipals' || collection === 'oauth2PermissionGrants' ? 'Remove' : 'Delete';
  return { activity: `${verb} ${noun}`, category, operationType: 'Delete', targets: [auditTarget(kind, id, record)] };
}
