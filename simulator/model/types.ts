// The simulated directory. Records carry Graph v1.0 property names exactly (see shared/data/graph-v1-types.json),
// so Graph handlers can project them with $select; anything Microsoft does not return (passwords, licences) lives
// beside the records, never inside them.

export type TenantSize = 'S' | 'M' | 'L' | 'XL';
export type Licence = 'free' | 'P1' | 'P2';

export type ObjectKind = 'user' | 'group' | 'servicePrincipal' | 'device' | 'orgContact';
export const ODATA_TYPE: Record<ObjectKind, string> = {
  user: '#microsoft.graph.user',
  group: '#microsoft.graph.group',
  servicePrincipal: '#microsoft.graph.servicePrincipal',
  device: '#microsoft.graph.device',
  orgContact: '#microsoft.graph.orgContact',
};

export interface SignInActivity {
  lastSignInDateTime: string | null;
  lastSignInRequestId: string | null;
  lastNonInteractiveSignInDateTime: string | null;
  lastNonInteractiveSignInRequestId: string | null;
  lastSuccessfulSignInDateTime: string | null;
  lastSuccessfulSignInRequestId: string | null;
}

export interface User {
  id: string;
  userPrincipalName: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  jobTitle: string | null;
  department: string | null;
  officeLocation: string | null;
  mobilePhone: string | null;
  businessPhones: string[];
  preferredLanguage: string | null;
  accountEnabled: boolean;
  userType: 'Member' | 'Guest';
  externalUserState: string | null;
  createdDateTime: string;
  employeeId: string | null;
  employeeType: string | null;
  companyName: string | null;
  onPremisesSyncEnabled: boolean | null;
  signInActivity: SignInActivity;
  /** Set by POST /users/{id}/revokeSignInSessions (absent = never revoked; Graph returns null). */
  signInSessionsValidFromDateTime?: string | null;
  /** Sign-in identities (at least the userPrincipalName one); set by the generator (model/gen-licences.ts). */
  identities?: ObjectIdentity[];
  /** Direct and group-inherited licences; licenseAssignmentStates says which group (if any) assigns each. */
  assignedLicenses?: AssignedLicense[];
  licenseAssignmentStates?: LicenseAssignmentState[];
}

export interface ObjectIdentity {
  signInType: string;
  issuer: string;
  issuerAssignedId: string | null;
}

export interface AssignedLicense {
  disabledPlans: string[];
  skuId: string;
}

export interface LicenseAssignmentState {
  assignedByGroup: string | null;
  disabledPlans: string[];
  error: 'None' | 'CountViolation' | 'MutuallyExclusiveViolation' | 'DependencyViolation' | 'Other';
  lastUpdatedDateTime: string | null;
  skuId: string;
  state: 'Active' | 'ActiveWithError' | 'Disabled' | 'Error';
}

export interface Group {
  id: string;
  displayName: string;
  description: string | null;
  mail: string | null;
  mailNickname: string;
  mailEnabled: boolean;
  securityEnabled: boolean;
  groupTypes: string[]; // 'Unified', 'DynamicMembership'
  membershipRule: string | null;
  membershipRuleProcessingState: 'On' | 'Paused' | null;
  isAssignableToRole: boolean | null;
  onPremisesSyncEnabled: boolean | null;
  visibility: string | null;
  createdDateTime: string;
  securityIdentifier: string;
  proxyAddresses?: string[];
  renewedDateTime?: string | null;
  resourceProvisioningOptions?: string[];
  onPremisesSamAccountName?: string | null;
  onPremisesDomainName?: string | null;
  onPremisesNetBiosName?: string | null;
  onPremisesSecurityIdentifier?: string | null;
  onPremisesLastSyncDateTime?: string | null;
  /** Group-based licensing: the licences this group assigns to its members. */
  assignedLicenses?: AssignedLicense[];
  licenseProcessingState?: { state: string } | null;
  /** $filter-only (never returned): some member's licence from this group is in error. */
  hasMembersWithLicenseErrors?: boolean;
}

export interface AppRole {
  id: string;
  allowedMemberTypes: string[];
  description: string;
  displayName: string;
  isEnabled: boolean;
  origin: string;
  value: string | null;
}

export interface PermissionScope {
  id: string;
  adminConsentDescription: string;
  adminConsentDisplayName: string;
  isEnabled: boolean;
  type: 'User' | 'Admin';
  userConsentDescription: string | null;
  userConsentDisplayName: string | null;
  value: string;
}

export interface ServicePrincipal {
  id: string;
  appId: string;
  appDisplayName: string | null;
  displayName: string;
  accountEnabled: boolean;
  appOwnerOrganizationId: string | null;
  appRoleAssignmentRequired: boolean;
  appRoles: AppRole[];
  oauth2PermissionScopes: PermissionScope[];
  publisherName: string | null;
  servicePrincipalNames: string[];
  servicePrincipalType: 'Application' | 'ManagedIdentity' | 'Legacy' | 'SocialIdp';
  signInAudience: string | null;
  tags: string[];
  homepage: string | null;
  replyUrls: string[];
  verifiedPublisher: { displayName: string | null; verifiedPublisherId: string | null; addedDateTime: string | null };
  createdDateTime?: string;
}

export interface AppRoleAssignment {
  id: string;
  appRoleId: string;
  createdDateTime: string;
  deletedDateTime: null;
  principalDisplayName: string;
  principalId: string;
  principalType: 'User' | 'Group' | 'ServicePrincipal';
  resourceDisplayName: string;
  resourceId: string;
}

/** An activated directory role (GET /directoryRoles lists only these). */
export interface DirectoryRole {
  id: string;
  displayName: string;
  description: string;
  roleTemplateId: string;
}

export interface UnifiedRoleDefinition {
  id: string; // equals the role template id for built-in roles
  displayName: string;
  description: string;
  isBuiltIn: boolean;
  isEnabled: boolean;
  templateId: string;
  rolePermissions: { allowedResourceActions: string[]; condition: string | null }[];
  /** Built-in definitions carry "1". */
  version?: string | null;
  resourceScopes?: string[];
}

export interface UnifiedRoleAssignment {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string; // '/' = tenant-wide (these are the directoryRole members)
  resourceScope: string;
  appScopeId: string | null;
}

export interface OAuth2PermissionGrant {
  id: string;
  clientId: string; // client service principal object id
  consentType: 'AllPrincipals' | 'Principal';
  principalId: string | null;
  resourceId: string; // resource service principal object id (e.g. Microsoft Graph's)
  scope: string; // space separated
}

export interface SignIn {
  id: string;
  createdDateTime: string;
  userDisplayName: string;
  userPrincipalName: string;
  userId: string;
  appId: string;
  appDisplayName: string;
  ipAddress: string;
  clientAppUsed: string;
  resourceDisplayName: string;
  resourceId: string;
  isInteractive: boolean;
  status: { errorCode: number; failureReason: string | null; additionalDetails: string | null };
}

export interface SynchronizationJob {
  id: string;
  templateId: string;
  schedule: { expiration: string | null; interval: string; state: 'Active' | 'Disabled' | 'Paused' };
  status: {
    code: 'Active' | 'Paused' | 'Quarantine' | 'NotConfigured' | 'NotRun';
    lastExecution: unknown;
    lastSuccessfulExecution: unknown;
    quarantine: unknown;
    countSuccessiveCompleteFailures: number;
    steadyStateFirstAchievedTime: string | null;
  };
}

export interface Organization {
  id: string;
  displayName: string;
  verifiedDomains: { capabilities: string; isDefault: boolean; isInitial: boolean; name: string; type: string }[];
  tenantType: string;
  createdDateTime: string;
  countryLetterCode: string;
  assignedPlans: { assignedDateTime: string; capabilityStatus: string; service: string; servicePlanId: string }[];
  /** organization's other default properties (generate.ts); unset ones render as null / []. */
  [property: string]: unknown;
}

/** Collections that support delta queries, keyed by URL segment. */
export type DeltaCollection = 'users' | 'groups' | 'servicePrincipals' | 'directoryRoles' | 'oauth2PermissionGrants';

/** One mutation, recorded in order, from which delta responses are built. */
export interface ChangeEntry {
  seq: number;
  at: number; // simulated epoch ms
  collection: DeltaCollection;
  id: string;
  kind: 'upsert' | 'delete';
  /** Property names that changed (upserts of existing objects); undefined on create. */
  changedProps?: string[];
  /** Membership changes (groups: members; directoryRoles: members). */
  memberChanges?: { memberId: string; kind: ObjectKind; removed: boolean }[];
}
