// Complete Graph-shaped records from the partial bodies the control API accepts, with Entra's defaults.
import { userIdentities } from '../model/gen-licences.js';
import { randomUUID } from 'node:crypto';
import type { Group, ServicePrincipal, User } from '../model/types.js';
import { securityIdentifier } from '../model/gen-context.js';
import { controlErrors } from './errors.js';

const NEVER = {
  lastSignInDateTime: null,
  lastSignInRequestId: null,
  lastNonInteractiveSignInDateTime: null,
  lastNonInteractiveSignInRequestId: null,
  lastSuccessfulSignInDateTime: null,
  lastSuccessfulSignInRequestId: null,
};

export function newUser(body: Partial<User>, domain: string, now: string): User {
  if (!body.displayName) throw controlErrors.invalid('displayName is required');
  const upn = body.userPrincipalName ?? `${body.displayName.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@${domain}`;
  const user: User = {
    givenName: null,
    surname: null,
    mail: upn.includes('#EXT#') ? null : upn,
    jobTitle: null,
    department: null,
    officeLocation: null,
    mobilePhone: null,
    businessPhones: [],
    preferredLanguage: null,
    accountEnabled: true,
    userType: 'Member',
    externalUserState: null,
    employeeId: null,
    employeeType: null,
    companyName: null,
    onPremisesSyncEnabled: null,
    signInActivity: NEVER,
    ...body,
    id: randomUUID(),
    userPrincipalName: upn,
    displayName: body.displayName,
    createdDateTime: now,
  };
  return { ...user, identities: userIdentities(user, domain) };
}

export function newGroup(body: Partial<Group>, domain: string, now: string): Group {
  if (!body.displayName) throw controlErrors.invalid('displayName is required');
  const id = randomUUID();
  const mailNickname =
    body.mailNickname ?? (body.displayName.toLowerCase().replace(/[^a-z0-9]+/g, '') || id.slice(0, 8));
  const mailEnabled = body.mailEnabled ?? (body.groupTypes ?? []).includes('Unified');
  return {
    description: null,
    mail: mailEnabled ? `${mailNickname}@${domain}` : null,
    securityEnabled: !mailEnabled,
    groupTypes: [],
    membershipRule: null,
    membershipRuleProcessingState: body.membershipRule ? 'On' : null,
    isAssignableToRole: null,
    onPremisesSyncEnabled: null,
    visibility: null,
    ...body,
    id,
    displayName: body.displayName,
    mailNickname,
    mailEnabled,
    createdDateTime: now,
    securityIdentifier: securityIdentifier(id),
  };
}

interface NewApp extends Partial<Omit<ServicePrincipal, 'appRoles'>> {
  appRoles?: { value: string; displayName?: string; id?: string }[];
}

export function newServicePrincipal(body: NewApp): ServicePrincipal {
  if (!body.displayName) throw controlErrors.invalid('displayName is required');
  const appId = body.appId ?? randomUUID();
  return {
    appDisplayName: body.displayName,
    accountEnabled: true,
    appOwnerOrganizationId: null,
    appRoleAssignmentRequired: false,
    oauth2PermissionScopes: [],
    publisherName: null,
    servicePrincipalNames: [appId],
    servicePrincipalType: 'Application',
    signInAudience: 'AzureADMyOrg',
    tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
    homepage: null,
    replyUrls: [],
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    ...body,
    id: randomUUID(),
    appId,
    displayName: body.displayName,
    appRoles: (body.appRoles ?? []).map((r) => ({
      id: r.id ?? randomUUID(),
      value: r.value,
      displayName: r.displayName ?? r.value,
      description: r.displayName ?? r.value,
      allowedMemberTypes: ['User'],
      isEnabled: true,
      origin: 'Application',
    })),
  };
}

/** Fields a PATCH may not change. */
export function patchable<T extends object>(body: T): Partial<T> {
  const copy = { ...body } as Record<string, unknown>;
  for (const key of ['id', 'createdDateTime', 'securityIdentifier', 'appId']) delete copy[key];
  return copy as Partial<T>;
}
