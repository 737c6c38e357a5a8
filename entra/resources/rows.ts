// The catalog's view of a tenant (baton-style): principals hold grants of entitlements that resources offer.
// Graph → rows mapping is pure so it can be tested without a tenant.

export type PrincipalKind = 'user' | 'managedIdentity' | 'servicePrincipal' | 'group';
export type ResourceType = 'group' | 'application' | 'directoryRole';
export type EntitlementKind = 'member' | 'owner' | 'appRole' | 'roleMember';

export interface PrincipalRow {
  id: string;
  kind: Exclude<PrincipalKind, 'group'>;
  displayName: string;
  userPrincipalName: string | null;
  mail: string | null;
  userType: 'Member' | 'Guest' | null;
  accountEnabled: boolean;
  department: string | null;
  jobTitle: string | null;
  employeeId: string | null;
  employeeType: string | null;
  /** undefined: this read said nothing about the manager (a delta round without `manager@delta`): keep the stored one. */
  managerId: string | null | undefined;
  lastSignInAt: string | null;
  attributes: Record<string, unknown>;
}

export interface ResourceRow {
  id: string;
  type: ResourceType;
  displayName: string;
  description: string | null;
  /** Entra will not let anyone change who holds this resource's member entitlement (dynamic, on-premises, Exchange). */
  immutable: boolean;
  immutableReason: string | null;
  attributes: Record<string, unknown>;
}

export interface EntitlementRow {
  id: string;
  resourceId: string;
  resourceType: ResourceType;
  kind: EntitlementKind;
  displayName: string;
  appRoleId: string | null;
  immutable: boolean;
}

export interface GrantRow {
  entitlementId: string;
  principalId: string;
  principalKind: PrincipalKind;
  /** The group through which the principal holds the entitlement; null for a direct grant. */
  viaGroupId: string | null;
  /** The Graph object that records the grant (e.g. appRoleAssignment id), when there is one. */
  sourceId: string | null;
}

/** Graph's `@odata.type` of a directory object → the kind of principal it is. */
export function principalKindOf(
  odataType: string | undefined,
  servicePrincipalType?: string,
): PrincipalKind | undefined {
  switch (odataType) {
    case '#microsoft.graph.user':
      return 'user';
    case '#microsoft.graph.group':
      return 'group';
    case '#microsoft.graph.servicePrincipal':
      return servicePrincipalType === 'ManagedIdentity' ? 'managedIdentity' : 'servicePrincipal';
    default:
      return undefined;
  }
}
