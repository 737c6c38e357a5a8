// Identifiers that are the same in every Entra tenant. Real values, so code written against the simulator
// keeps working against Microsoft.

export const MICROSOFT_TENANT_ID = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';
export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const PERSONAL_ACCOUNTS_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';
export const DEFAULT_ACCESS_APP_ROLE_ID = '00000000-0000-0000-0000-000000000000';

/** Graph application permissions (app roles of the Microsoft Graph service principal). */
export const GRAPH_APP_ROLES: Readonly<Record<string, string>> = {
  'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
  'User.ReadWrite.All': '741f803b-c850-494e-b5df-cde7c675a1ca',
  'Group.Read.All': '5b567255-7703-4780-807c-7be8301ae99b',
  'Group.ReadWrite.All': '62a82d76-70ea-41e2-9197-370581804d09',
  'GroupMember.Read.All': '98830695-27a2-44f7-8c18-0c3ebc9698f6',
  'GroupMember.ReadWrite.All': 'dbaae8cf-10b5-4b86-a4a1-f871c94c6695',
  'Application.Read.All': '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30',
  'Application.ReadWrite.All': '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9',
  'AppRoleAssignment.ReadWrite.All': '06b708a9-e830-4db3-a914-8e69da51d44f',
  'Directory.Read.All': '7ab1d382-f21e-4acd-a863-ba3e13f7da61',
  'Directory.ReadWrite.All': '19dbc75e-c2e2-444c-a770-ec69d8559fc7',
  'RoleManagement.Read.Directory': '483bed4a-2ad3-4361-a73b-c83ccdbdc53c',
  'RoleManagement.ReadWrite.Directory': '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8',
  'RoleAssignmentSchedule.ReadWrite.Directory': 'dd199f4a-f148-40a4-a2ec-f0069cc799ec',
  'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup': '41202f2c-f7ab-45be-b001-85c9728b9d69',
  'AuditLog.Read.All': 'b0afded3-3588-46d8-8b3d-9842eff778da',
  'Synchronization.Read.All': '5ba43d2f-fa88-4db2-bd1c-a67c5f0fb1ce',
  'DelegatedPermissionGrant.ReadWrite.All': '8e8e4742-1d95-4f68-9d56-6ee75648c72a',
};

/** Built-in directory role templates (roleTemplateId = unified roleDefinitionId). */
export const ROLE_TEMPLATES = {
  globalAdministrator: { id: '62e90394-69f5-4237-9190-012177145e10', displayName: 'Global Administrator' },
  privilegedRoleAdministrator: {
    id: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
    displayName: 'Privileged Role Administrator',
  },
  userAdministrator: { id: 'fe930be7-5e62-47db-91af-98c3a49a38b1', displayName: 'User Administrator' },
  groupsAdministrator: { id: 'fdd7a751-b60b-444a-984c-02652fe8fa1c', displayName: 'Groups Administrator' },
  applicationAdministrator: { id: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', displayName: 'Application Administrator' },
  cloudApplicationAdministrator: {
    id: '158c047a-c907-4556-b7ef-446551a6b5f7',
    displayName: 'Cloud Application Administrator',
  },
  helpdeskAdministrator: { id: '729827e3-9c14-49f7-bb1b-9608f156bbb8', displayName: 'Helpdesk Administrator' },
  securityAdministrator: { id: '194ae4cb-b126-40b2-bd5b-6091b380977d', displayName: 'Security Administrator' },
  securityReader: { id: '5d6b6bb7-de71-4623-b4af-96380a352509', displayName: 'Security Reader' },
  globalReader: { id: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451', displayName: 'Global Reader' },
  exchangeAdministrator: { id: '29232cdf-9323-42fd-ade2-1d097af3e4de', displayName: 'Exchange Administrator' },
  sharePointAdministrator: { id: 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c', displayName: 'SharePoint Administrator' },
  teamsAdministrator: { id: '69091246-20e8-4a56-aa4d-066075b2a7a8', displayName: 'Teams Administrator' },
  billingAdministrator: { id: 'b0f54661-2d74-4c50-afa3-1ec803f12efe', displayName: 'Billing Administrator' },
  authenticationAdministrator: {
    id: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
    displayName: 'Authentication Administrator',
  },
  conditionalAccessAdministrator: {
    id: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
    displayName: 'Conditional Access Administrator',
  },
  complianceAdministrator: { id: '17315797-102d-40b4-93e0-432062caca18', displayName: 'Compliance Administrator' },
  intuneAdministrator: { id: '3a2c62db-5318-420d-8d74-23affee5d9d5', displayName: 'Intune Administrator' },
  reportsReader: { id: '4a5d8f65-41da-4de4-8968-e035b65339cf', displayName: 'Reports Reader' },
  directoryReaders: { id: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b', displayName: 'Directory Readers' },
  licenseAdministrator: { id: '4d6ac14f-3453-41d0-bef9-a3e0c569773a', displayName: 'License Administrator' },
  passwordAdministrator: { id: '966707d0-3269-4727-9be2-8c3a10f19b9d', displayName: 'Password Administrator' },
} as const;
