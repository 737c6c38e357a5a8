// A small hand-built tenant for unit tests of the write operations: every kind of group Graph treats differently,
// a few users, an enterprise app with roles, and the role definitions PIM and RBAC need.
import { randomUUID } from 'node:crypto';
import type { Caller } from '../../simulator/identity/signing.js';
import { Tenant } from '../../simulator/model/tenant.js';
import type { Group, Licence, ServicePrincipal, User } from '../../simulator/model/types.js';
import { ROLE_TEMPLATES } from '../../simulator/model/well-known.js';

export interface Fixture {
  tenant: Tenant;
  clock: { now: number };
  users: [string, string, string];
  groups: {
    security: string;
    unified: string;
    dynamic: string;
    synced: string;
    mailSecurity: string;
    roleAssignable: string;
  };
  app: { spId: string; appId: string; readerRoleId: string; appOnlyRoleId: string };
  plainApp: string;
}

export function caller(...roles: string[]): Caller {
  return { tenantId: 't', appId: 'lantern-app', roles, scopes: [] };
}

function user(id: string, name: string): User {
  return {
    id,
    userPrincipalName: `${name}@contoso.test`,
    displayName: name,
    givenName: null,
    surname: null,
    mail: null,
    jobTitle: null,
    department: null,
    officeLocation: null,
    mobilePhone: null,
    businessPhones: [],
    preferredLanguage: null,
    accountEnabled: true,
    userType: 'Member',
    externalUserState: null,
    createdDateTime: '2024-01-01T00:00:00Z',
    employeeId: null,
    employeeType: null,
    companyName: null,
    onPremisesSyncEnabled: null,
    signInActivity: {
      lastSignInDateTime: null,
      lastSignInRequestId: null,
      lastNonInteractiveSignInDateTime: null,
      lastNonInteractiveSignInRequestId: null,
      lastSuccessfulSignInDateTime: null,
      lastSuccessfulSignInRequestId: null,
    },
  };
}

function group(id: string, name: string, overrides: Partial<Group> = {}): Group {
  return {
    id,
    displayName: name,
    description: null,
    mail: null,
    mailNickname: name,
    mailEnabled: false,
    securityEnabled: true,
    groupTypes: [],
    membershipRule: null,
    membershipRuleProcessingState: null,
    isAssignableToRole: false,
    onPremisesSyncEnabled: null,
    visibility: null,
    createdDateTime: '2024-01-01T00:00:00Z',
    securityIdentifier: 'S-1-12-1',
    ...overrides,
  };
}

function servicePrincipal(id: string, appId: string, appRoles: ServicePrincipal['appRoles']): ServicePrincipal {
  return {
    id,
    appId,
    appDisplayName: 'Payroll',
    displayName: 'Payroll',
    accountEnabled: true,
    appOwnerOrganizationId: null,
    appRoleAssignmentRequired: true,
    appRoles,
    oauth2PermissionScopes: [],
    publisherName: null,
    servicePrincipalNames: [appId],
    servicePrincipalType: 'Application',
    signInAudience: 'AzureADMyOrg',
    tags: [],
    homepage: null,
    replyUrls: [],
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
  };
}

export function buildFixture(licence: Licence = 'P2'): Fixture {
  const clock = { now: Date.parse('2025-01-01T00:00:00Z') };
  const tenant = new Tenant(
    { id: randomUUID(), domain: 'contoso.test', size: 'S', licence },
    {
      id: 't',
      displayName: 'Contoso',
      verifiedDomains: [],
      tenantType: 'AAD',
      createdDateTime: '2024-01-01T00:00:00Z',
      countryLetterCode: 'US',
      assignedPlans: [],
    },
    () => clock.now,
  );
  const users = [randomUUID(), randomUUID(), randomUUID()] as [string, string, string];
  users.forEach((id, i) => tenant.putUser(user(id, `user${i}`)));
  const groups = {
    security: randomUUID(),
    unified: randomUUID(),
    dynamic: randomUUID(),
    synced: randomUUID(),
    mailSecurity: randomUUID(),
    roleAssignable: randomUUID(),
  };
  tenant.putGroup(group(groups.security, 'Security'));
  tenant.putGroup(group(groups.unified, 'Unified', { groupTypes: ['Unified'], mailEnabled: true }));
  tenant.putGroup(
    group(groups.dynamic, 'Dynamic', {
      groupTypes: ['DynamicMembership'],
      membershipRule: 'user.department -eq "x"',
      membershipRuleProcessingState: 'On',
    }),
  );
  tenant.putGroup(group(groups.synced, 'Synced', { onPremisesSyncEnabled: true }));
  tenant.putGroup(group(groups.mailSecurity, 'MailSecurity', { mailEnabled: true }));
  tenant.putGroup(group(groups.roleAssignable, 'RoleAssignable', { isAssignableToRole: true }));
  tenant.addGroupOwner(groups.security, users[0]);
  const app = { spId: randomUUID(), appId: randomUUID(), readerRoleId: randomUUID(), appOnlyRoleId: randomUUID() };
  tenant.putServicePrincipal(
    servicePrincipal(app.spId, app.appId, [
      {
        id: app.readerRoleId,
        allowedMemberTypes: ['User'],
        description: 'Read',
        displayName: 'Reader',
        isEnabled: true,
        origin: 'Application',
        value: 'Reader',
      },
      {
        id: app.appOnlyRoleId,
        allowedMemberTypes: ['Application'],
        description: 'Sync',
        displayName: 'Sync',
        isEnabled: true,
        origin: 'Application',
        value: 'Sync',
      },
    ]),
  );
  const plainApp = randomUUID();
  tenant.putServicePrincipal(servicePrincipal(plainApp, randomUUID(), []));
  for (const template of [ROLE_TEMPLATES.globalAdministrator, ROLE_TEMPLATES.userAdministrator]) {
    tenant.roleDefinitions.set(template.id, {
      id: template.id,
      displayName: template.displayName,
      description: '',
      isBuiltIn: true,
      isEnabled: true,
      templateId: template.id,
      rolePermissions: [],
    });
  }
  tenant.activateRole(ROLE_TEMPLATES.globalAdministrator.id);
  tenant.changes.length = 0;
  return { tenant, clock, users, groups, app, plainApp };
}
