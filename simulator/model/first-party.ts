// Microsoft-owned objects every tenant has: Microsoft Graph's service principal (whose app roles are the application
// permissions consent grants), a handful of first-party apps, and the built-in role definitions.
import { GRAPH_APP_ROLES, MICROSOFT_GRAPH_APP_ID, MICROSOFT_TENANT_ID, ROLE_TEMPLATES } from './well-known.js';
import type { AppRole, PermissionScope, ServicePrincipal, UnifiedRoleDefinition } from './types.js';

/** Delegated Graph permissions (real ids) used by sign-in and user consent. */
export const GRAPH_DELEGATED_SCOPES: Readonly<Record<string, string>> = {
  openid: '37f7f235-527c-4136-accd-4a02d197296e',
  profile: '14dad69e-099b-42c9-810b-d002981feec1',
  email: '64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0',
  offline_access: '7427e0e9-2fba-42fe-b0c0-848c9e6a8182',
  'User.Read': 'e1fe6dd8-ba31-4d61-89e7-88639da4683d',
  'User.ReadBasic.All': 'b340eb25-3456-403f-be2f-af7a0d370277',
  'Directory.Read.All': '06da0dbc-49e2-44d2-8312-53f166ab848a',
  'Group.Read.All': '5f8c59db-677d-491f-a6b8-5f174b11ec1d',
  'Mail.Read': '570282fd-fa5c-430d-a7fd-fc8dc98a9dca',
  'Calendars.ReadWrite': '1ec239c2-d7c9-4623-a91a-a9775856bb36',
  'Files.Read.All': 'df85f4d6-205c-4ac5-a5ea-6bf408dba283',
};

/** Built-in roles beyond the well-known ones, so a large tenant can have ~30 activated roles (real template ids). */
const MORE_ROLE_TEMPLATES: readonly (readonly [string, string])[] = [
  ['cf1c38e5-3621-4004-a7cb-879624dced7c', 'Application Developer'],
  ['95e79109-95c0-4d8e-aee3-d01accf2d47b', 'Guest Inviter'],
  ['7be44c8a-adaf-4e2a-84d6-ab2649e08a13', 'Privileged Authentication Administrator'],
  ['7698a772-787b-4ac8-901f-60d6b08affd2', 'Cloud Device Administrator'],
  ['790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b', 'Message Center Reader'],
  ['f023fd81-a637-4b56-95fd-791ac0226033', 'Service Support Administrator'],
  ['11648597-926c-4cf3-9c36-bcebb0ba8dcc', 'Power Platform Administrator'],
  ['5f2222b1-57c3-48ba-8ad5-d4759f1fde6f', 'Security Operator'],
  ['8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2', 'Hybrid Identity Administrator'],
  ['45d8d3c5-c802-45c6-b32a-1d70b5e1e86e', 'Identity Governance Administrator'],
  ['baf37b3a-610e-45da-9e62-d9d1e5e8914b', 'Teams Communications Administrator'],
  ['44367163-eba1-44c3-98af-f5787879f96a', 'Dynamics 365 Administrator'],
  ['0964bb5e-9bdb-4d7b-ac29-58e794862a40', 'Search Administrator'],
  ['644ef478-e28f-4e28-b9dc-3fdde9aa0b1f', 'Printer Administrator'],
  ['e3973bdf-4987-49ae-837a-ba8e231c7286', 'Azure DevOps Administrator'],
];

export function builtInRoleDefinitions(): UnifiedRoleDefinition[] {
  const all: (readonly [string, string])[] = [
    ...Object.values(ROLE_TEMPLATES).map((r) => [r.id, r.displayName] as const),
    ...MORE_ROLE_TEMPLATES,
  ];
  return all.map(([id, displayName]) => ({
    id,
    displayName,
    description: `Built-in role: ${displayName}.`,
    isBuiltIn: true,
    isEnabled: true,
    templateId: id,
    rolePermissions: [
      { allowedResourceActions: [`microsoft.directory/${slug(displayName)}/allProperties/allTasks`], condition: null },
    ],
  }));
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

export function graphServicePrincipal(id: string): ServicePrincipal {
  const appRoles: AppRole[] = Object.entries(GRAPH_APP_ROLES).map(([value, roleId]) => ({
    id: roleId,
    allowedMemberTypes: ['Application'],
    description: `Allows the app to use ${value} without a signed-in user.`,
    displayName: value,
    isEnabled: true,
    origin: 'Application',
    value,
  }));
  const oauth2PermissionScopes: PermissionScope[] = Object.entries(GRAPH_DELEGATED_SCOPES).map(([value, scopeId]) => ({
    id: scopeId,
    adminConsentDescription: `Allows the app to ${value} on behalf of the signed-in user.`,
    adminConsentDisplayName: value,
    isEnabled: true,
    type: value.endsWith('.All') ? 'Admin' : 'User',
    userConsentDescription: `Allows the app to ${value} on your behalf.`,
    userConsentDisplayName: value,
    value,
  }));
  return {
    ...firstParty(id, MICROSOFT_GRAPH_APP_ID, 'Microsoft Graph'),
    appRoles,
    oauth2PermissionScopes,
    servicePrincipalNames: [
      MICROSOFT_GRAPH_APP_ID,
      `${MICROSOFT_GRAPH_APP_ID}/ags.windows.net`,
      'https://graph.microsoft.com',
      'https://graph.microsoft.com/',
      'https://canary.graph.microsoft.com',
      'https://ags.windows.net',
    ],
  };
}

/** First-party apps found in every tenant (real app ids). */
export const FIRST_PARTY_APPS: readonly (readonly [appId: string, displayName: string])[] = [
  ['00000002-0000-0ff1-ce00-000000000000', 'Office 365 Exchange Online'],
  ['00000003-0000-0ff1-ce00-000000000000', 'Office 365 SharePoint Online'],
  ['00000002-0000-0000-c000-000000000000', 'Windows Azure Active Directory'],
  ['c44b4083-3bb0-49c1-b47d-974e53cbdf3c', 'Azure Portal'],
  ['04b07795-8ddb-461a-bbee-02f9e1bf7b46', 'Microsoft Azure CLI'],
  ['1950a258-227b-4e31-a9cf-717495945fc2', 'Microsoft Azure PowerShell'],
  ['de8bc8b5-d9f9-48b1-a8ad-b748da725064', 'Graph Explorer'],
  ['1fec8e78-bce4-4aaf-ab1b-5451cc387264', 'Microsoft Teams'],
  ['0000000a-0000-0000-c000-000000000000', 'Microsoft Intune'],
  ['c5393580-f805-4401-95e8-94b7a6ef2fc2', 'Office 365 Management APIs'],
  ['797f4846-ba00-4fd7-ba43-dac1f8f63013', 'Windows Azure Service Management API'],
];

export function firstParty(id: string, appId: string, displayName: string): ServicePrincipal {
  return {
    id,
    appId,
    appDisplayName: displayName,
    displayName,
    accountEnabled: true,
    appOwnerOrganizationId: MICROSOFT_TENANT_ID,
    appRoleAssignmentRequired: false,
    appRoles: [],
    oauth2PermissionScopes: [],
    publisherName: 'Microsoft Services',
    servicePrincipalNames: [appId],
    servicePrincipalType: 'Application',
    signInAudience: 'AzureADMultipleOrgs',
    tags: [],
    homepage: null,
    replyUrls: [],
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
  };
}
