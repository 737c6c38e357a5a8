// The XL-shaped directory the catalog benches write: users, groups, apps, directory roles, their entitlements, random
// group memberships and direct grants, drawn from one seeded generator so every run builds the same tenant.
import type { GroupMemberEdge } from '../catalog/directory/writes/index.js';
import { entitlementIds } from '../domain/entitlement-id.js';
import { applicationEntitlements, servicePrincipalToResource } from '../entra/resources/applications.js';
import { groupEntitlements, groupToResource, type GraphGroup } from '../entra/resources/groups.js';
import { roleEntitlements, roleToResource } from '../entra/resources/roles.js';
import type { EntitlementRow, GrantRow, PrincipalRow, ResourceRow } from '../entra/resources/rows.js';
import { userToPrincipal, type GraphUser } from '../entra/resources/users.js';
import { APP_NAMES, DEPARTMENTS, GIVEN_NAMES, GROUP_TOPICS, JOB_TITLES, SURNAMES } from '../simulator/model/names.js';

/** The mail domain of the realistic tenant's users. */
export const DOMAIN = 'xl.bench.example';

/** Deterministic pseudo-random numbers (mulberry32), so every run writes the same tenant. */
export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface Directory {
  principals: PrincipalRow[];
  resources: ResourceRow[];
  entitlements: EntitlementRow[];
  edges: GroupMemberEdge[];
  grants: GrantRow[];
}

export interface XlDirectoryOptions {
  /** 1 builds the XL tenant (50k users, 5k groups); less builds a proportionally smaller one for a quick look. */
  scale: number;
  /** Apps (service principals) at scale 1. */
  apps: number;
  /** Groups each user is made a member of, picked at random. */
  membershipsPerUser: number;
  /** Groups given an app role on each app; the sweep then writes a via-group grant for each of their members. */
  groupsPerApp: number;
  /** 'plain': "User 1", "Group 1", "App 1". 'realistic': the names people search for, from the simulator's lists. */
  names: 'plain' | 'realistic';
  /** The first this many users are never guests or disabled: the people a bench signs in as. */
  signInUsers: number;
}

type Picker = <T>(list: readonly T[]) => T;
type UserNames = Pick<GraphUser, 'displayName' | 'userPrincipalName' | 'mail' | 'department' | 'jobTitle'>;

/** The fields people read and search; ids, shape and the random draws are the builder's. */
interface Naming {
  user(i: number): UserNames;
  group(i: number): Pick<GraphGroup, 'displayName' | 'description'>;
  app(i: number): string;
  /** Realistic role names draw from the generator, so the draws after them differ between namings. */
  role(i: number, pick: Picker): string;
}

const NAMINGS: Record<XlDirectoryOptions['names'], Naming> = {
  plain: {
    user: (i) => ({
      displayName: `User ${i}`,
      userPrincipalName: `user${i}@contoso.com`,
      mail: `user${i}@contoso.com`,
      department: `Dept ${i % 40}`,
      jobTitle: 'Engineer',
    }),
    group: (i) => ({ displayName: `Group ${i}` }),
    app: (i) => `App ${i}`,
    role: (i) => `Role ${i}`,
  },
  realistic: {
    user: (i) => {
      const given = GIVEN_NAMES[i % GIVEN_NAMES.length]!;
      const surname = SURNAMES[Math.floor(i / GIVEN_NAMES.length) % SURNAMES.length]!;
      const upn = `${given}.${surname}${i}@${DOMAIN}`.toLowerCase();
      return {
        displayName: `${given} ${surname}`,
        userPrincipalName: upn,
        mail: upn,
        department: DEPARTMENTS[i % DEPARTMENTS.length]!,
        jobTitle: JOB_TITLES[i % JOB_TITLES.length]!,
      };
    },
    group: (i) => {
      const topic = GROUP_TOPICS[i % GROUP_TOPICS.length];
      const department = DEPARTMENTS[Math.floor(i / GROUP_TOPICS.length) % DEPARTMENTS.length];
      return { displayName: `${topic} ${department} ${i}`, description: `Members of ${topic}` };
    },
    app: (i) => `${APP_NAMES[i % APP_NAMES.length]} ${i}`,
    role: (i, pick) => `${pick(DEPARTMENTS)} Administrator ${i}`,
  },
};

const APP_ROLES = [
  { id: 'r-user', displayName: 'User', allowedMemberTypes: ['User'] },
  { id: 'r-admin', displayName: 'Admin', allowedMemberTypes: ['User'] },
];

function principalsOf(count: number, naming: Naming, signInUsers: number): PrincipalRow[] {
  return Array.from({ length: count }, (_, i) => {
    const signsIn = i < signInUsers;
    return userToPrincipal({
      id: `u-${i}`,
      ...naming.user(i),
      employeeId: String(100_000 + i),
      userType: !signsIn && i % 20 === 0 ? 'Guest' : 'Member',
      accountEnabled: signsIn || i % 50 !== 0,
      manager: i > 0 ? { id: `u-${Math.floor(i / 10)}` } : null,
    });
  });
}

interface Resources {
  groups: ResourceRow[];
  apps: ResourceRow[];
  roles: ResourceRow[];
}

function resourcesOf(options: XlDirectoryOptions, naming: Naming, pick: Picker): Resources {
  const groups = Array.from({ length: Math.round(5_000 * options.scale) }, (_, i) =>
    groupToResource({
      id: `g-${i}`,
      ...naming.group(i),
      securityEnabled: true,
      groupTypes: i % 25 === 0 ? ['DynamicMembership'] : [],
    }),
  );
  const apps = Array.from({ length: Math.round(options.apps * options.scale) }, (_, i) =>
    servicePrincipalToResource({ id: `sp-${i}`, appId: `app-${i}`, displayName: naming.app(i) }, 'tenant'),
  );
  const roles = Array.from({ length: 50 }, (_, i) =>
    roleToResource({ id: `rd-${i}`, templateId: `tpl-${i}`, displayName: naming.role(i, pick) }),
  );
  return { groups, apps, roles };
}

function edgesOf(principals: PrincipalRow[], groups: ResourceRow[], perUser: number, rnd: () => number) {
  const edges: GroupMemberEdge[] = [];
  for (const p of principals)
    for (let k = 0; k < perUser; k++)
      edges.push({ groupId: groups[Math.floor(rnd() * groups.length)]!.id, memberId: p.id, memberKind: 'user' });
  // Every tenth group nests in an earlier one, so group-in-group expansion has work without cycles.
  for (let i = 1; i < groups.length; i += 10)
    edges.push({ groupId: groups[Math.floor(rnd() * i)]!.id, memberId: groups[i]!.id, memberKind: 'group' });
  return edges;
}

function grantsOf(principals: PrincipalRow[], resources: Resources, groupsPerApp: number, pick: Picker): GrantRow[] {
  const { groups, apps, roles } = resources;
  const grants: GrantRow[] = [];
  const direct = (entitlementId: string, principalId: string, principalKind: GrantRow['principalKind']) =>
    grants.push({ entitlementId, principalId, principalKind, viaGroupId: null, sourceId: `src-${grants.length}` });
  for (const app of apps) {
    for (let k = 0; k < groupsPerApp; k++)
      direct(entitlementIds.appRole(app.id, pick(APP_ROLES).id), pick(groups).id, 'group');
    for (let k = 0; k < 100; k++) direct(entitlementIds.appRole(app.id, 'r-user'), pick(principals).id, 'user');
    direct(entitlementIds.appOwner(app.id), pick(principals).id, 'user');
  }
  for (const group of groups) direct(entitlementIds.groupOwner(group.id), pick(principals).id, 'user');
  for (const role of roles)
    for (let k = 0; k < 4; k++) direct(entitlementIds.roleMember(role.id), pick(principals).id, 'user');
  return grants;
}

/** Builds the tenant in memory; the same options always give the same rows (ids `u-<n>`, `g-<n>`, `sp-<n>`, `rd-<n>`). */
export function buildXlDirectory(options: XlDirectoryOptions): Directory {
  const rnd = random(42);
  const pick: Picker = (list) => list[Math.floor(rnd() * list.length)]!;
  const naming = NAMINGS[options.names];
  const principals = principalsOf(Math.round(50_000 * options.scale), naming, options.signInUsers);
  const resources = resourcesOf(options, naming, pick);
  const { groups, apps, roles } = resources;
  const entitlements = [
    ...groups.flatMap(groupEntitlements),
    ...apps.flatMap((a) => applicationEntitlements(a, APP_ROLES)),
    ...roles.flatMap(roleEntitlements),
  ];
  const edges = edgesOf(principals, groups, options.membershipsPerUser, rnd);
  const grants = grantsOf(principals, resources, options.groupsPerApp, pick);
  return { principals, resources: [...groups, ...apps, ...roles], entitlements, edges, grants };
}
