// A small hand-built tenant and an in-process Graph app (Fastify inject, no TLS) for the query-engine tests.
// End-to-end tests go through startSimulator and the official Graph client instead.
import Fastify, { type FastifyInstance } from 'fastify';
import type { SimulatorContext } from '../../simulator/context.js';
import { createSigningKeys, issueAccessToken } from '../../simulator/identity/signing.js';
import { registerGraph } from '../../simulator/graph/plugin.js';
import { InMemoryStore, createClock, type AppRegistration } from '../../simulator/model/store.js';
import { Tenant } from '../../simulator/model/tenant.js';
import type { Group, Licence, ServicePrincipal, User } from '../../simulator/model/types.js';

/** Parsed Graph JSON in assertions: shapes are what the tests check, so they stay loosely typed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const TENANT_ID = '11111111-2222-3333-4444-555555555555';
export const APP_ID = 'aaaaaaaa-0000-0000-0000-000000000001';

const guid = (prefix: string, n: number) => `${prefix}${String(n).padStart(12, '0')}`;
export const userId = (n: number) => guid('00000000-0000-0000-0001-', n);
export const groupId = (n: number) => guid('00000000-0000-0000-0002-', n);
export const spId = (n: number) => guid('00000000-0000-0000-0003-', n);

export function makeUser(n: number, overrides: Partial<User> = {}): User {
  return {
    id: userId(n),
    userPrincipalName: `user${n}@contoso.onmicrosoft.com`,
    displayName: `User ${String(n).padStart(3, '0')}`,
    givenName: 'User',
    surname: String(n),
    mail: `user${n}@contoso.com`,
    jobTitle: n % 2 ? 'Engineer' : 'Manager',
    department: 'R&D',
    officeLocation: null,
    mobilePhone: null,
    businessPhones: [],
    preferredLanguage: 'en-US',
    accountEnabled: n % 7 !== 0,
    userType: 'Member',
    externalUserState: null,
    createdDateTime: '2024-01-01T00:00:00Z',
    employeeId: null,
    employeeType: null,
    companyName: null,
    onPremisesSyncEnabled: null,
    signInActivity: {
      lastSignInDateTime: '2025-01-01T00:00:00Z',
      lastSignInRequestId: 'r',
      lastNonInteractiveSignInDateTime: null,
      lastNonInteractiveSignInRequestId: null,
      lastSuccessfulSignInDateTime: null,
      lastSuccessfulSignInRequestId: null,
    },
    ...overrides,
  };
}

export function makeGroup(n: number, overrides: Partial<Group> = {}): Group {
  return {
    id: groupId(n),
    displayName: `Group ${n}`,
    description: null,
    mail: null,
    mailNickname: `group${n}`,
    mailEnabled: false,
    securityEnabled: true,
    groupTypes: [],
    membershipRule: null,
    membershipRuleProcessingState: null,
    isAssignableToRole: false,
    onPremisesSyncEnabled: null,
    visibility: null,
    createdDateTime: '2024-01-01T00:00:00Z',
    securityIdentifier: `S-1-12-1-${n}`,
    ...overrides,
  };
}

export function makeServicePrincipal(n: number, overrides: Partial<ServicePrincipal> = {}): ServicePrincipal {
  return {
    id: spId(n),
    appId: guid('00000000-0000-0000-00a0-', n),
    appDisplayName: `App ${n}`,
    displayName: `App ${n}`,
    accountEnabled: true,
    appOwnerOrganizationId: TENANT_ID,
    appRoleAssignmentRequired: false,
    appRoles: [],
    oauth2PermissionScopes: [],
    publisherName: null,
    servicePrincipalNames: [],
    servicePrincipalType: 'Application',
    signInAudience: 'AzureADMyOrg',
    tags: [],
    homepage: null,
    replyUrls: [],
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    createdDateTime: '2024-01-01T00:00:00Z',
    ...overrides,
  };
}

/** 250 users (every 7th disabled, #3 a guest), 4 groups (1 ⊃ 2 ⊃ 3 ⊃ 1 cycle, 4 dynamic), 2 service principals. */
export function buildTenant(now: () => number, licence: Licence = 'P2'): Tenant {
  const tenant = new Tenant(
    { id: TENANT_ID, domain: 'contoso.onmicrosoft.com', size: 'M', licence },
    {
      id: TENANT_ID,
      displayName: 'Contoso',
      tenantType: 'AAD',
      createdDateTime: '2020-01-01T00:00:00Z',
      countryLetterCode: 'NL',
      verifiedDomains: [
        { capabilities: 'Email', isDefault: true, isInitial: true, name: 'contoso.onmicrosoft.com', type: 'Managed' },
      ],
      assignedPlans: [],
    },
    now,
  );
  for (let n = 1; n <= 250; n++) {
    tenant.putUser(
      makeUser(
        n,
        n === 3 ? { userType: 'Guest', userPrincipalName: 'guest_fabrikam.com#EXT#@contoso.onmicrosoft.com' } : {},
      ),
    );
  }
  tenant.setManager(userId(2), userId(1));
  for (let n = 1; n <= 4; n++)
    tenant.putGroup(
      makeGroup(n, n === 4 ? { groupTypes: ['DynamicMembership'], membershipRule: 'user.department -eq "R&D"' } : {}),
    );
  for (let n = 1; n <= 30; n++) tenant.addGroupMember(groupId(1), userId(n));
  tenant.addGroupMember(groupId(1), groupId(2));
  tenant.addGroupMember(groupId(2), userId(40));
  tenant.addGroupMember(groupId(2), groupId(3));
  tenant.addGroupMember(groupId(3), userId(41));
  tenant.addGroupMember(groupId(3), groupId(1));
  tenant.addGroupOwner(groupId(1), userId(1));
  tenant.putServicePrincipal(makeServicePrincipal(1));
  tenant.putServicePrincipal(makeServicePrincipal(2, { servicePrincipalType: 'ManagedIdentity' }));
  tenant.putAppRoleAssignment({
    id: 'assign-1',
    appRoleId: '00000000-0000-0000-0000-000000000000',
    createdDateTime: '2024-01-01T00:00:00Z',
    deletedDateTime: null,
    principalDisplayName: 'User 001',
    principalId: userId(1),
    principalType: 'User',
    resourceDisplayName: 'App 1',
    resourceId: spId(1),
  });
  tenant.putOAuth2PermissionGrant({
    id: 'grant-1',
    clientId: spId(1),
    consentType: 'Principal',
    principalId: userId(1),
    resourceId: spId(2),
    scope: 'User.Read',
  });
  tenant.putOAuth2PermissionGrant({
    id: 'grant-2',
    clientId: spId(2),
    consentType: 'AllPrincipals',
    principalId: null,
    resourceId: spId(1),
    scope: 'openid',
  });
  for (let n = 0; n < 5; n++) {
    tenant.signIns.push({
      id: `signin-${n}`,
      createdDateTime: `2025-01-0${5 - n}T00:00:00Z`,
      userDisplayName: 'User 001',
      userPrincipalName: 'user1@contoso.onmicrosoft.com',
      userId: userId(1),
      appId: n % 2 ? 'x' : 'y',
      appDisplayName: n % 2 ? 'Graph Explorer' : 'Lantern',
      ipAddress: '10.0.0.1',
      clientAppUsed: 'Browser',
      resourceDisplayName: 'Microsoft Graph',
      resourceId: 'r',
      isInteractive: true,
      status: { errorCode: 0, failureReason: null, additionalDetails: null },
    });
  }
  return tenant;
}

export interface Harness {
  app: FastifyInstance;
  ctx: SimulatorContext;
  tenant: Tenant;
  token(roles: string[], lifetimeSeconds?: number): Promise<string>;
  get(
    url: string,
    opts?: { roles?: string[]; headers?: Record<string, string> },
  ): Promise<{ status: number; body: Json; headers: Record<string, unknown>; text: string }>;
}

export async function startHarness(licence: Licence = 'P2'): Promise<Harness> {
  const app = { appId: APP_ID } as AppRegistration;
  const clock = createClock();
  const store = new InMemoryStore(app, clock);
  const tenant = buildTenant(() => clock.now(), licence);
  store.addTenant(tenant);
  const ctx: SimulatorContext = {
    store,
    keys: await createSigningKeys(),
    authorityHost: 'https://localhost:1',
    graphBaseUrl: 'https://localhost:1/',
    settings: { throttle: 'off', faults: { rate: 0, seed: 1 } },
  };
  const fastify = Fastify();
  await registerGraph(fastify, ctx);
  await fastify.ready();
  const token = (roles: string[], lifetimeSeconds = 3600) =>
    issueAccessToken(ctx.keys, {
      tenantId: TENANT_ID,
      appId: APP_ID,
      roles,
      issuedAt: Math.floor(clock.now() / 1000),
      lifetimeSeconds,
    });
  return {
    app: fastify,
    ctx,
    tenant,
    token,
    async get(url, opts = {}) {
      const auth = `Bearer ${await token(opts.roles ?? ['Directory.Read.All', 'AuditLog.Read.All', 'Synchronization.Read.All'])}`;
      const res = await fastify.inject({
        method: 'GET',
        url: url.replace(/^https:\/\/localhost:1/, ''),
        headers: { authorization: auth, ...opts.headers },
      });
      let body: unknown;
      try {
        body = JSON.parse(res.body);
      } catch {
        body = undefined;
      }
      return { status: res.statusCode, body, headers: res.headers, text: res.body };
    },
  };
}
