// Service principals: Microsoft Graph and other first-party apps, enterprise (gallery and line-of-business) apps with
// app roles assigned to users and groups, SCIM-provisioned apps with synchronization jobs, managed identities, and
// third-party multi-tenant apps that individual users consented to.
import { daysAgo, type GenContext } from './gen-context.js';
import { FIRST_PARTY_APPS, firstParty, graphServicePrincipal } from './first-party.js';
import { appRoleAssignmentId, entropyFrom, oauth2PermissionGrantId } from './ids.js';
import { APP_NAMES, CONSENT_APP_VENDORS, CONSENT_APP_WORDS } from './names.js';
import type { AppRole, ServicePrincipal, SynchronizationJob } from './types.js';
import { GRAPH_APP_ROLES, MICROSOFT_TENANT_ID } from './well-known.js';
import type { GroupsOut } from './gen-groups.js';
import type { Random } from './random.js';

export function generateApps(ctx: GenContext, groups: GroupsOut): void {
  const rnd = ctx.rng.fork('apps');
  ctx.tenant.putServicePrincipal(graphServicePrincipal(ctx.graphSpId));
  for (const [appId, name] of FIRST_PARTY_APPS) ctx.tenant.putServicePrincipal(firstParty(rnd.uuid(), appId, name));
  for (let i = 0; i < ctx.profile.enterpriseApps; i++) enterpriseApp(ctx, rnd, i, i < ctx.profile.scimApps, groups);
  for (let i = 0; i < ctx.profile.managedIdentities; i++) managedIdentity(ctx, rnd, i, groups);
  for (let i = 0; i < ctx.profile.consentApps; i++) consentedApp(ctx, rnd, i);
}

function application(ctx: GenContext, rnd: Random, displayName: string, ownerOrg: string | null): ServicePrincipal {
  const appId = rnd.uuid();
  return {
    id: rnd.uuid(),
    appId,
    appDisplayName: displayName,
    displayName,
    accountEnabled: rnd.chance(0.97),
    appOwnerOrganizationId: ownerOrg,
    appRoleAssignmentRequired: false,
    appRoles: [],
    oauth2PermissionScopes: [],
    publisherName: null,
    servicePrincipalNames: [appId],
    servicePrincipalType: 'Application',
    signInAudience: 'AzureADMyOrg',
    tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
    homepage: null,
    replyUrls: [],
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
  };
}

function enterpriseApp(ctx: GenContext, rnd: Random, i: number, scim: boolean, groups: GroupsOut): void {
  const gallery = i % 2 === 0;
  const base = gallery ? APP_NAMES[(i / 2) % APP_NAMES.length]! : `LOB App ${String(i).padStart(3, '0')}`;
  const name = gallery && i >= APP_NAMES.length * 2 ? `${base} (${Math.floor(i / (APP_NAMES.length * 2)) + 1})` : base;
  const sp = application(ctx, rnd, name, gallery ? rnd.uuid() : ctx.tenant.id);
  sp.appRoleAssignmentRequired = rnd.chance(0.6);
  sp.appRoles = ['User', 'Admin', ...(rnd.chance(0.3) ? ['Reader'] : [])].map((value): AppRole => ({
    id: rnd.uuid(),
    allowedMemberTypes: ['User'],
    description: `${value} of ${name}`,
    displayName: value,
    isEnabled: true,
    origin: 'Application',
    value,
  }));
  sp.publisherName = gallery ? name.split(' ')[0]! : ctx.tenant.organization.displayName;
  sp.homepage = `https://${sp.appId.slice(0, 8)}.apps.example/`;
  sp.replyUrls = [`https://${sp.appId.slice(0, 8)}.apps.example/sso`];
  if (gallery) sp.tags = [...sp.tags, 'WindowsAzureActiveDirectoryGalleryApplicationPrimaryV1'];
  ctx.tenant.putServicePrincipal(sp);
  ctx.enterpriseAppIds.push(sp.id);
  if (rnd.chance(0.7))
    for (let n = rnd.int(1, 2); n > 0; n--) ctx.tenant.addServicePrincipalOwner(sp.id, rnd.pick(ctx.memberIds));
  const userCount = rnd.int(1, Math.max(3, Math.round(ctx.userIds.length / 200)));
  for (const u of rnd.sample(ctx.userIds.length, userCount)) assign(ctx, rnd, sp, ctx.userIds[u]!, 'User');
  for (let n = rnd.int(0, 3); n > 0 && ctx.groupIds.length; n--)
    assign(ctx, rnd, sp, rnd.pick([...groups.nestable, ...groups.roleAssignable]), 'Group');
  if (scim) ctx.tenant.synchronizationJobs.set(sp.id, [syncJob(ctx, rnd, sp, name)]);
}

function assign(
  ctx: GenContext,
  rnd: Random,
  sp: ServicePrincipal,
  principalId: string,
  principalType: 'User' | 'Group' | 'ServicePrincipal',
  appRoleId?: string,
): void {
  const principal =
    ctx.tenant.users.get(principalId) ??
    ctx.tenant.groups.get(principalId) ??
    ctx.tenant.servicePrincipals.get(principalId);
  if (!principal) return;
  ctx.tenant.putAppRoleAssignment({
    id: appRoleAssignmentId(principalId, entropyFrom(rnd.uuid())),
    appRoleId: appRoleId ?? rnd.pick(sp.appRoles).id,
    createdDateTime: daysAgo(ctx, rnd.int(1, 700)),
    deletedDateTime: null,
    principalDisplayName: principal.displayName,
    principalId,
    principalType,
    resourceDisplayName: sp.displayName,
    resourceId: sp.id,
  });
}

function syncJob(ctx: GenContext, rnd: Random, sp: ServicePrincipal, name: string): SynchronizationJob {
  const templateId = rnd.chance(0.5) ? 'scim' : name.replace(/[^A-Za-z]/g, '');
  const code = rnd.chance(0.8) ? 'Active' : rnd.chance(0.5) ? 'Paused' : 'Quarantine';
  const began = daysAgo(ctx, rnd.next() / 24);
  return {
    id: `${templateId}.${sp.id.replace(/-/g, '')}.${ctx.tenant.id.replace(/-/g, '')}`,
    templateId,
    schedule: { expiration: null, interval: 'PT40M', state: code === 'Paused' ? 'Paused' : 'Active' },
    status: {
      code,
      lastExecution: {
        state: code === 'Quarantine' ? 'Failed' : 'Succeeded',
        timeBegan: began,
        timeEnded: began,
        error: null,
      },
      lastSuccessfulExecution: { state: 'Succeeded', timeBegan: began, timeEnded: began, error: null },
      quarantine:
        code === 'Quarantine'
          ? {
              reason: 'EncounteredQuarantineException',
              currentBegan: began,
              nextAttempt: began,
              seriesBegan: began,
              seriesCount: 3,
            }
          : null,
      countSuccessiveCompleteFailures: code === 'Quarantine' ? 3 : 0,
      steadyStateFirstAchievedTime: daysAgo(ctx, rnd.int(30, 400)),
    },
  };
}

const WORKLOADS = [
  'func-orders',
  'app-billing',
  'aks-agentpool',
  'vm-build',
  'logic-invoices',
  'adf-etl',
  'webapp-portal',
  'automation-runbooks',
];

function managedIdentity(ctx: GenContext, rnd: Random, i: number, groups: GroupsOut): void {
  const name = `${WORKLOADS[i % WORKLOADS.length]}-${rnd.pick(['prod', 'test', 'dev'])}-${i}`;
  const sp = application(ctx, rnd, name, MICROSOFT_TENANT_ID);
  sp.servicePrincipalType = 'ManagedIdentity';
  sp.appDisplayName = null;
  sp.accountEnabled = true;
  sp.tags = [];
  sp.servicePrincipalNames = [
    sp.appId,
    `https://identity.azure.net/${Buffer.from(sp.id).toString('base64url').slice(0, 43)}=`,
  ];
  ctx.tenant.putServicePrincipal(sp);
  ctx.managedIdentityIds.push(sp.id);
  const graph = ctx.tenant.servicePrincipals.get(ctx.graphSpId)!;
  if (rnd.chance(0.25))
    assign(
      ctx,
      rnd,
      graph,
      sp.id,
      'ServicePrincipal',
      GRAPH_APP_ROLES[rnd.pick(['User.Read.All', 'Group.Read.All', 'Directory.Read.All'])],
    );
  if (groups.nestable.length && rnd.chance(0.1)) ctx.tenant.groupMembers.get(rnd.pick(groups.nestable))?.add(sp.id);
}

const USER_SCOPES = [
  'openid',
  'profile',
  'email',
  'offline_access',
  'User.Read',
  'Mail.Read',
  'Calendars.ReadWrite',
  'Files.Read.All',
];

function consentedApp(ctx: GenContext, rnd: Random, i: number): void {
  const vendor = CONSENT_APP_VENDORS[i % CONSENT_APP_VENDORS.length]!;
  const word = CONSENT_APP_WORDS[Math.floor(i / CONSENT_APP_VENDORS.length) % CONSENT_APP_WORDS.length]!;
  const sp = application(ctx, rnd, `${vendor} ${word}`, rnd.uuid());
  sp.signInAudience = 'AzureADMultipleOrgs';
  sp.publisherName = vendor;
  sp.accountEnabled = true;
  if (rnd.chance(0.3))
    sp.verifiedPublisher = {
      displayName: `${vendor} Inc.`,
      verifiedPublisherId: String(rnd.int(1_000_000, 9_999_999)),
      addedDateTime: daysAgo(ctx, rnd.int(100, 900)),
    };
  ctx.tenant.putServicePrincipal(sp);
  const scopeFor = () =>
    ['openid', 'profile', 'offline_access', 'User.Read', ...USER_SCOPES.filter(() => rnd.chance(0.25))]
      .filter((s, k, all) => all.indexOf(s) === k)
      .join(' ');
  if (rnd.chance(0.1)) {
    ctx.tenant.putOAuth2PermissionGrant({
      id: oauth2PermissionGrantId(sp.id, ctx.graphSpId),
      clientId: sp.id,
      consentType: 'AllPrincipals',
      principalId: null,
      resourceId: ctx.graphSpId,
      scope: scopeFor(),
    });
    return;
  }
  const users = rnd.int(1, Math.max(2, Math.round(ctx.memberIds.length / 2_000)));
  for (const u of rnd.sample(ctx.memberIds.length, users)) {
    const principalId = ctx.memberIds[u]!;
    ctx.tenant.putOAuth2PermissionGrant({
      id: oauth2PermissionGrantId(sp.id, ctx.graphSpId, principalId),
      clientId: sp.id,
      consentType: 'Principal',
      principalId,
      resourceId: ctx.graphSpId,
      scope: scopeFor(),
    });
  }
}
