// Which declared properties Graph returns without $select, and what it returns for one the simulator does not store.
// graph-v1-types.json lists every declared property but does not say which are returned by default, so that comes
// from the "Properties" tables of Microsoft's resource pages ("Returned only on $select" / "Returned by default"):
// every declared property is a default except those listed here. Users are the exception the other way round: their
// default set is a short fixed list (USER_DEFAULTS in schema.ts).
import type { GraphType } from './schema.js';

/** "Returned only on $select" on the resource page (group.md, servicePrincipal.md). */
export const SELECT_ONLY: Partial<Record<GraphType, readonly string[]>> = {
  user: ['signInActivity'],
  group: [
    'accessType',
    'allowExternalSenders',
    'assignedLabels',
    'assignedLicenses',
    'autoSubscribeNewMembers',
    'hideFromAddressLists',
    'hideFromOutlookClients',
    'infoCatalogs',
    'isFavorite',
    'isManagementRestricted',
    'isSubscribedByMail',
    'licenseProcessingState',
    'onPremisesExtensionAttributes',
    'organizationId',
    'uniqueName',
    'unseenConversationsCount',
    'unseenCount',
    'unseenMessagesCount',
    'welcomeMessageEnabled',
  ],
  servicePrincipal: ['customSecurityAttributes'],
};

/**
 * Declared but never returned, not even on $select: group-get.md says "The hasMembersWithLicenseErrors and
 * isArchived properties are an exception and aren't returned in the $select query" (they are $filter-only).
 */
export const NEVER_RETURNED: Partial<Record<GraphType, readonly string[]>> = {
  group: ['hasMembersWithLicenseErrors', 'isArchived'],
};

/** Collection-valued properties: Graph returns `[]`, never null, when they are empty (group-list.md example). */
const COLLECTIONS = new Set([
  'addIns',
  'alternativeNames',
  'appRoles',
  'assignedLabels',
  'assignedLicenses',
  'assignedPlans',
  'businessPhones',
  'groupTypes',
  'identities',
  'imAddresses',
  'infoCatalogs',
  'keyCredentials',
  'licenseAssignmentStates',
  'marketingNotificationEmails',
  'notificationEmailAddresses',
  'oauth2PermissionScopes',
  'onPremisesProvisioningErrors',
  'otherMails',
  'passwordCredentials',
  'provisionedPlans',
  'proxyAddresses',
  'replyUrls',
  'resourceBehaviorOptions',
  'resourceProvisioningOptions',
  'resourceScopes',
  'resourceSpecificApplicationPermissions',
  'rolePermissions',
  'securityComplianceNotificationMails',
  'securityComplianceNotificationPhones',
  'servicePrincipalNames',
  'serviceProvisioningErrors',
  'tags',
  'technicalNotificationMails',
  'verifiedDomains',
  'appliedConditionalAccessPolicies',
  'riskEventTypes',
  'riskEventTypes_v2',
]);

/** Complex values Graph fills with nulls rather than returning null (serviceprincipal-list.md example). */
const EMPTY_OBJECTS: Record<string, () => Record<string, unknown>> = {
  info: () => ({
    termsOfServiceUrl: null,
    supportUrl: null,
    privacyStatementUrl: null,
    marketingUrl: null,
    logoUrl: null,
  }),
};

/** What Graph returns for a declared property with no value: [] for collections, an empty shape, or null. */
export function unsetValue(name: string): unknown {
  if (COLLECTIONS.has(name)) return [];
  return EMPTY_OBJECTS[name]?.() ?? null;
}
