// A small directory for access-review tests, written through the catalog's own sync writers so staging reads what a
// real sync would leave: people with a manager and last sign-ins (recent, old, never), a guest, a disabled user, groups
// with owners and members (one nested, so grants have a via group), a dynamic (immutable) group, an app with roles and
// an owner, directory roles (Global Administrator and a non-privileged one), and a group of named reviewers.
// Every id is a fixed UUID-shaped string, returned by name; sign-in times are relative to `now`.
import { randomUUID } from 'node:crypto';
import type { Catalog } from '../../catalog/index.js';
import {
  recomputeViaGroupGrants,
  startSyncRun,
  upsertEntitlements,
  upsertGrants,
  upsertGroupMembers,
  upsertPrincipals,
  upsertResources,
  type CatalogDb,
  type GroupMemberEdge,
} from '../../catalog/directory/writes/index.js';
import { createCampaign, stageCampaign } from '../../catalog/reviews/index.js';
import { entitlementIds } from '../../domain/entitlement-id.js';
import { GLOBAL_ADMINISTRATOR_ROLE_ID } from '../../domain/well-known.js';
import { CAMPAIGN_DEFAULTS, type CampaignDefinition } from '../../domain/reviews.js';
import { applicationEntitlements, servicePrincipalToResource } from '../../entra/resources/applications.js';
import { groupEntitlements, groupToResource } from '../../entra/resources/groups.js';
import { roleEntitlements, roleToResource } from '../../entra/resources/roles.js';
import type { GrantRow, PrincipalRow } from '../../entra/resources/rows.js';
import { userToPrincipal } from '../../entra/resources/users.js';
import { postgresSkipReason } from '../helpers/postgres.js';
import { BACKENDS } from '../catalog/directory-fixture.js';

const id = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** People (Entra object ids). Reviewers sign in with these as their subject. */
export const PEOPLE = {
  /** Manager of alice, bob, carl and dave; signed in 2 days ago. */
  mona: id('a0000001', 1),
  /** Owns Finance and Payroll, is also a member of Finance (her own item is never hers to review); 1 day ago. */
  olga: id('a0000001', 2),
  /** Member of Finance (direct), Sales (dynamic), Payroll Admin, Helpdesk Administrator; 3 days ago. */
  alice: id('a0000001', 3),
  /** Member of Finance and Sales; last sign-in 120 days ago. */
  bob: id('a0000001', 4),
  /** In Finance through Finance Leads (nested); never signed in. */
  carl: id('a0000001', 5),
  /** Disabled in Entra; in Finance through Finance Leads; signed in 10 days ago. */
  dave: id('a0000001', 6),
  /** A guest (userType Guest), member of Finance; 60 days ago; no manager. */
  gina: id('a0000001', 7),
  /** The usual fallback reviewer; 1 day ago. */
  fay: id('a0000001', 8),
  /** Global Administrator; 5 days ago. */
  adam: id('a0000001', 9),
  /** Member of the Auditors group (named reviewers); 1 day ago. */
  nina: id('a0000001', 10),
} as const;
export type PersonName = keyof typeof PEOPLE;

/** Service principal holding an app role (no sign-in data for it). */
export const ROBOT = id('b0000001', 1);

export const GROUPS = {
  /** Owner olga; members alice, bob, gina, olga, and the group Finance Leads. */
  finance: id('c0000001', 1),
  /** Nested in Finance; members carl, dave; holds Payroll's Reader role (so carl and dave hold it via the group). */
  financeLeads: id('c0000001', 2),
  /** Dynamic membership (immutable in Entra); owner olga; members alice, bob. */
  sales: id('c0000001', 3),
  /** Named reviewers: nina, and the robot (not a user: never a reviewer). */
  auditors: id('c0000001', 4),
} as const;

/** The Payroll enterprise app (service principal id) with roles Reader and Admin, owned by olga. */
export const PAYROLL = id('d0000001', 1);
export const PAYROLL_ROLES = { reader: id('d0000002', 1), admin: id('d0000002', 2) } as const;

/** Directory roles by template id (the catalog's resource id of a role). */
export const ROLES = {
  globalAdministrator: GLOBAL_ADMINISTRATOR_ROLE_ID,
  /** Not privileged by Lantern's list. */
  helpdeskAdministrator: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
} as const;

export const ENTITLEMENTS = {
  financeMember: entitlementIds.groupMember(GROUPS.finance),
  financeOwner: entitlementIds.groupOwner(GROUPS.finance),
  financeLeadsMember: entitlementIds.groupMember(GROUPS.financeLeads),
  salesMember: entitlementIds.groupMember(GROUPS.sales),
  salesOwner: entitlementIds.groupOwner(GROUPS.sales),
  auditorsMember: entitlementIds.groupMember(GROUPS.auditors),
  payrollReader: entitlementIds.appRole(PAYROLL, PAYROLL_ROLES.reader),
  payrollAdmin: entitlementIds.appRole(PAYROLL, PAYROLL_ROLES.admin),
  payrollOwner: entitlementIds.appOwner(PAYROLL),
  globalAdministrator: entitlementIds.roleMember(ROLES.globalAdministrator),
  helpdeskAdministrator: entitlementIds.roleMember(ROLES.helpdeskAdministrator),
} as const;

export const DISPLAY_NAMES: Record<PersonName, string> = {
  mona: 'Mona Manager',
  olga: 'Olga Owner',
  alice: 'Alice Active',
  bob: 'Bob Dormant',
  carl: 'Carl Never',
  dave: 'Dave Disabled',
  gina: 'Gina Guest',
  fay: 'Fay Fallback',
  adam: 'Adam Admin',
  nina: 'Nina Named',
};

const DAY = 86_400_000;

function person(
  name: PersonName,
  now: Date,
  p: { daysAgo: number | null; manager?: PersonName; guest?: boolean; disabled?: boolean },
): PrincipalRow {
  const upn = p.guest ? `${name}_fabrikam.com#EXT#@contoso.test` : `${name}@contoso.test`;
  return {
    ...userToPrincipal({
      id: PEOPLE[name],
      displayName: DISPLAY_NAMES[name],
      userPrincipalName: upn,
      mail: p.guest ? `${name}@fabrikam.test` : upn,
      userType: p.guest ? 'Guest' : 'Member',
      accountEnabled: !p.disabled,
      department: 'Finance',
    }),
    managerId: p.manager ? PEOPLE[p.manager] : null,
    lastSignInAt: p.daysAgo === null ? null : new Date(now.getTime() - p.daysAgo * DAY).toISOString(),
  };
}

function principalsOf(now: Date): PrincipalRow[] {
  const robot: PrincipalRow = {
    ...userToPrincipal({ id: ROBOT, displayName: 'Payroll Robot' }),
    kind: 'servicePrincipal',
    userPrincipalName: null,
    mail: null,
    userType: null,
    managerId: null,
  };
  return [
    person('mona', now, { daysAgo: 2 }),
    person('olga', now, { daysAgo: 1, manager: 'mona' }),
    person('alice', now, { daysAgo: 3, manager: 'mona' }),
    person('bob', now, { daysAgo: 120, manager: 'mona' }),
    person('carl', now, { daysAgo: null, manager: 'mona' }),
    person('dave', now, { daysAgo: 10, manager: 'mona', disabled: true }),
    person('gina', now, { daysAgo: 60, guest: true }),
    person('fay', now, { daysAgo: 1 }),
    person('adam', now, { daysAgo: 5 }),
    person('nina', now, { daysAgo: 1 }),
    robot,
  ];
}

const groupResources = [
  groupToResource({ id: GROUPS.finance, displayName: 'Finance', securityEnabled: true }),
  groupToResource({ id: GROUPS.financeLeads, displayName: 'Finance Leads', securityEnabled: true }),
  groupToResource({
    id: GROUPS.sales,
    displayName: 'Sales (dynamic)',
    groupTypes: ['DynamicMembership'],
    membershipRule: 'user.department -eq "Sales"',
    securityEnabled: true,
  }),
  groupToResource({ id: GROUPS.auditors, displayName: 'Auditors', securityEnabled: true }),
];
const payroll = servicePrincipalToResource(
  { id: PAYROLL, appId: id('d0000003', 1), displayName: 'Payroll', appOwnerOrganizationId: 'tenant' },
  'tenant',
);
const roleResources = [
  roleToResource({ id: ROLES.globalAdministrator, displayName: 'Global Administrator' }),
  roleToResource({ id: ROLES.helpdeskAdministrator, displayName: 'Helpdesk Administrator' }),
];

const user = (memberId: string): Omit<GroupMemberEdge, 'groupId'> => ({ memberId, memberKind: 'user' });
const edges: GroupMemberEdge[] = [
  ...[PEOPLE.alice, PEOPLE.bob, PEOPLE.gina, PEOPLE.olga].map((m) => ({ groupId: GROUPS.finance, ...user(m) })),
  { groupId: GROUPS.finance, memberId: GROUPS.financeLeads, memberKind: 'group' },
  ...[PEOPLE.carl, PEOPLE.dave].map((m) => ({ groupId: GROUPS.financeLeads, ...user(m) })),
  ...[PEOPLE.alice, PEOPLE.bob].map((m) => ({ groupId: GROUPS.sales, ...user(m) })),
  { groupId: GROUPS.auditors, ...user(PEOPLE.nina) },
  { groupId: GROUPS.auditors, memberId: ROBOT, memberKind: 'servicePrincipal' },
];

const direct = (entitlementId: string, principalId: string, principalKind: GrantRow['principalKind'] = 'user') => ({
  entitlementId,
  principalId,
  principalKind,
  viaGroupId: null,
  sourceId: null,
});
const directGrants: GrantRow[] = [
  direct(ENTITLEMENTS.financeOwner, PEOPLE.olga),
  direct(ENTITLEMENTS.salesOwner, PEOPLE.olga),
  direct(ENTITLEMENTS.payrollOwner, PEOPLE.olga),
  direct(ENTITLEMENTS.payrollAdmin, PEOPLE.alice),
  direct(ENTITLEMENTS.payrollReader, ROBOT, 'servicePrincipal'),
  direct(ENTITLEMENTS.payrollReader, GROUPS.financeLeads, 'group'),
  direct(ENTITLEMENTS.globalAdministrator, PEOPLE.adam),
  direct(ENTITLEMENTS.helpdeskAdministrator, PEOPLE.alice),
];

export interface ReviewDirectory {
  connectorId: string;
  tenantId: string;
  /** What sign-in times were computed from. */
  now: Date;
  people: typeof PEOPLE;
  robot: string;
  groups: typeof GROUPS;
  payroll: string;
  payrollRoles: typeof PAYROLL_ROLES;
  roles: typeof ROLES;
  entitlements: typeof ENTITLEMENTS;
}

/**
 * Writes the directory into `db` as one full sync would. Creates the connector (status connected) unless it exists
 * already (e.g. one a test app created). Safe to call for several connectors in one catalog: ids repeat per connector.
 */
export async function seedReviewWorld(
  db: CatalogDb,
  opts: { connectorId?: string; tenantId?: string; now?: Date } = {},
): Promise<ReviewDirectory> {
  const connectorId = opts.connectorId ?? `c-${randomUUID().slice(0, 8)}`;
  const tenantId = opts.tenantId ?? randomUUID();
  const now = opts.now ?? new Date();
  await db
    .insertInto('connectors')
    .values({ id: connectorId, display_name: 'Contoso (reviews)', tenant_id: tenantId, status: 'connected' })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const run = await startSyncRun(db, { id: `run-${randomUUID()}`, connectorId, mode: 'full' });
  const generation = Number(run.generation);
  await upsertPrincipals(db, { connectorId, generation, principals: principalsOf(now) });
  await upsertResources(db, { connectorId, generation, resources: [...groupResources, payroll, ...roleResources] });
  await upsertEntitlements(db, {
    connectorId,
    generation,
    entitlements: [
      ...groupResources.flatMap(groupEntitlements),
      ...applicationEntitlements(payroll, [
        { id: PAYROLL_ROLES.reader, displayName: 'Reader', allowedMemberTypes: ['User'] },
        { id: PAYROLL_ROLES.admin, displayName: 'Admin', allowedMemberTypes: ['User'] },
      ]),
      ...roleResources.flatMap(roleEntitlements),
    ],
  });
  await upsertGroupMembers(db, { connectorId, generation, edges });
  await upsertGrants(db, { connectorId, generation, grants: directGrants });
  await recomputeViaGroupGrants(db, { connectorId, generation });
  return {
    connectorId,
    tenantId,
    now,
    people: PEOPLE,
    robot: ROBOT,
    groups: GROUPS,
    payroll: PAYROLL,
    payrollRoles: PAYROLL_ROLES,
    roles: ROLES,
    entitlements: ENTITLEMENTS,
  };
}

/** A campaign definition over the world's connector; override any part. Reviewers default to managers, fallback fay. */
export function reviewDefinition(connectorId: string, overrides: Partial<CampaignDefinition> = {}): CampaignDefinition {
  return {
    connectorId,
    name: 'Quarterly Finance review',
    scope: { kinds: ['groupMembers'] },
    reviewers: { kind: 'manager', fallbackIds: [PEOPLE.fay] },
    ...CAMPAIGN_DEFAULTS,
    ...overrides,
  };
}

/**
 * Creates a campaign over the directory and stages it (status in_review): its id. The owner is mona unless given.
 * `signInKnown` defaults to true; times count from the directory's `now`.
 */
export async function stagedCampaign(
  db: CatalogDb,
  dir: Pick<ReviewDirectory, 'connectorId' | 'now'>,
  overrides: Partial<CampaignDefinition> = {},
  opts: { id?: string; ownerSubject?: string; signInKnown?: boolean } = {},
): Promise<string> {
  const id = opts.id ?? randomUUID();
  const definition = reviewDefinition(dir.connectorId, overrides);
  const ownerSubject = opts.ownerSubject ?? PEOPLE.mona;
  await createCampaign(db, {
    id,
    definition,
    workflowId: `review:${id}`,
    ownerId: `session:${ownerSubject}`,
    ownerSubject,
    startedAt: dir.now,
    dueAt: new Date(dir.now.getTime() + definition.durationSeconds * 1000),
  });
  await stageCampaign(db, id, { signInKnown: opts.signInKnown ?? true, now: dir.now });
  return id;
}

export type ReviewBackendName = 'PGlite' | 'PostgreSQL';

/** The two catalog backends review tests run on; PostgreSQL skips (with this reason) when no server is configured. */
export const REVIEW_BACKENDS: { name: ReviewBackendName; skip: string | false }[] = [
  { name: 'PGlite', skip: false },
  { name: 'PostgreSQL', skip: postgresSkipReason },
];

export interface ReviewWorld extends ReviewDirectory {
  catalog: Catalog;
  db: CatalogDb;
  close(): Promise<void>;
}

/** A fresh catalog (a PGlite temp dir or a new PostgreSQL database) holding the review directory. */
export async function openReviewWorld(
  opts: { backend?: ReviewBackendName; now?: Date; connectorId?: string } = {},
): Promise<ReviewWorld> {
  const backend = BACKENDS.find((b) => b.name === (opts.backend ?? 'PGlite'))!;
  const { catalog, dispose } = await backend.open();
  const directory = await seedReviewWorld(catalog.db, opts);
  return { ...directory, catalog, db: catalog.db, close: dispose };
}
