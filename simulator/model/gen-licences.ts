// Sign-in identities and licences, added after users and groups exist. Draws come from their own stream, so the
// users, groups and everything generated after them keep the ids and shapes they had before this section existed.
//
// Licensing follows Entra's model: a licence is assigned directly to a user or through a group (group-based
// licensing). A user's assignedLicenses lists both; licenseAssignmentStates says which group assigned each and
// whether it failed. A few members of one licensing group are in error (not enough seats), which is what
// groups?$filter=hasMembersWithLicenseErrors eq true and /groups/{id}/membersWithLicenseErrors report.
import { isoAt, type GenContext } from './gen-context.js';
import type { AssignedLicense, Group, LicenseAssignmentState, ObjectIdentity, User } from './types.js';

/** Real SKU ids (Microsoft's "Product names and service plan identifiers for licensing" list). */
export const SKUS = {
  officeE3: '6fd2c87f-b296-42f0-b197-1e91e994b900', // ENTERPRISEPACK
  microsoft365E3: '05e9a617-0261-4cee-bb44-138d3ef5d965', // SPE_E3 (includes Entra ID P1)
  microsoft365E5: '06ebc4ee-1bb5-47dd-8120-11324bc54e06', // SPE_E5 (includes Entra ID P2)
  powerBiPro: 'f8a1db68-be16-40ed-86d5-cb42ce701560', // POWER_BI_PRO
  visioPlan2: 'c5928f49-12ba-48f7-ada3-0d743a3601d5', // VISIOCLIENT
} as const;

/** The tenant's base suite matches its Entra licence (P2 tenants have E5, P1 tenants E3, free ones Office E3). */
function baseSku(ctx: GenContext): string {
  const licence = ctx.tenant.info.licence;
  return licence === 'P2' ? SKUS.microsoft365E5 : licence === 'P1' ? SKUS.microsoft365E3 : SKUS.officeE3;
}

export function generateIdentitiesAndLicences(ctx: GenContext): void {
  const rnd = ctx.rng.fork('licences');
  for (const user of ctx.tenant.users.values()) user.identities = userIdentities(user, ctx.domain);

  const at = isoAt(ctx.anchor - 200 * 86_400_000);
  const base = baseSku(ctx);
  const groups = [...ctx.groupIds].map((id) => ctx.tenant.groups.get(id)!);
  // The base suite goes through the "All Employees" dynamic group when there is one, as most tenants set it up.
  const allEmployees = groups.find((g) => g.displayName === 'All Employees');
  const addOns = groups.filter(
    (g) => g.securityEnabled && !g.mailEnabled && !g.groupTypes.length && !g.isAssignableToRole,
  );
  // Two add-on licensing groups, preferring the ones after the three huge ones; Visio's has two members in error.
  const powerBi = addOns[3] ?? addOns[0];
  const visio = addOns[4] ?? addOns[2];
  if (allEmployees) assignByGroup(ctx, allEmployees, base, at);
  if (powerBi && powerBi !== allEmployees) assignByGroup(ctx, powerBi, SKUS.powerBiPro, at);
  if (visio && visio !== powerBi) assignByGroup(ctx, visio, SKUS.visioPlan2, at, 2);

  for (const id of ctx.userIds) {
    const user = ctx.tenant.users.get(id)!;
    if (user.userType !== 'Member' || !user.accountEnabled) continue;
    // Members the base-suite group does not reach (or every member, when there is no such group) hold it directly;
    // the break-glass account gets no direct licence.
    if (user.userPrincipalName.startsWith('breakglass@')) continue;
    if (!hasSku(user, base) && rnd.chance(0.95)) addLicence(user, base, null, 'None', at);
  }
}

/** A user's sign-in identities as Entra keeps them (also for users created or renamed after generation). */
export function userIdentities(
  user: Pick<User, 'userPrincipalName' | 'userType' | 'mail'>,
  domain: string,
): ObjectIdentity[] {
  const upn: ObjectIdentity = {
    signInType: 'userPrincipalName',
    issuer: domain,
    issuerAssignedId: user.userPrincipalName,
  };
  if (user.userType !== 'Guest') return [upn];
  // A B2B guest also signs in through their own identity provider.
  const home = user.mail?.split('@')[1] ?? '';
  const issuer = home === 'outlook.com' ? 'MicrosoftAccount' : home === 'gmail.com' ? 'google.com' : 'ExternalAzureAD';
  return [upn, { signInType: 'federated', issuer, issuerAssignedId: null }];
}

/** Licenses every member user of `group`; the last `errors` of them fail for lack of seats (CountViolation). */
function assignByGroup(ctx: GenContext, group: Group, skuId: string, at: string, errors = 0): void {
  group.assignedLicenses = [{ disabledPlans: [], skuId }];
  group.licenseProcessingState = { state: 'ProcessingComplete' };
  const members = [...(ctx.tenant.groupMembers.get(group.id) ?? [])]
    .sort()
    .map((id) => ctx.tenant.users.get(id))
    .filter((u): u is User => !!u && u.userType === 'Member');
  const failing = new Set(members.slice(Math.max(0, members.length - errors)));
  for (const user of members) addLicence(user, skuId, group.id, failing.has(user) ? 'CountViolation' : 'None', at);
  group.hasMembersWithLicenseErrors = failing.size > 0;
}

function addLicence(
  user: User,
  skuId: string,
  groupId: string | null,
  error: LicenseAssignmentState['error'],
  at: string,
): void {
  const states = (user.licenseAssignmentStates ??= []);
  states.push({
    assignedByGroup: groupId,
    disabledPlans: [],
    error,
    lastUpdatedDateTime: at,
    skuId,
    state: error === 'None' ? 'Active' : 'Error',
  });
  // A licence in error is not assigned: it shows in licenseAssignmentStates only.
  if (error !== 'None' || hasSku(user, skuId)) return;
  const licences: AssignedLicense[] = (user.assignedLicenses ??= []);
  licences.push({ disabledPlans: [], skuId });
}

function hasSku(user: User, skuId: string): boolean {
  return !!user.assignedLicenses?.some((l) => l.skuId === skuId);
}

/** Users whose licence from `groupId` is in error (GET /groups/{id}/membersWithLicenseErrors). */
export function membersWithLicenseErrors(users: Iterable<User>, groupId: string): User[] {
  const out: User[] = [];
  for (const user of users) {
    if (user.licenseAssignmentStates?.some((s) => s.assignedByGroup === groupId && s.error !== 'None')) out.push(user);
  }
  return out;
}
