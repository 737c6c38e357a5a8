// A small tenant for the directory writer and query tests, and the two catalog backends they run on.
import { randomUUID } from 'node:crypto';
import { openCatalog, type Catalog } from '../../catalog/index.js';
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
import { applicationEntitlements, servicePrincipalToResource } from '../../entra/resources/applications.js';
import { groupEntitlements, groupToResource } from '../../entra/resources/groups.js';
import { roleEntitlements, roleToResource } from '../../entra/resources/roles.js';
import { GLOBAL_ADMINISTRATOR_ROLE_ID } from '../../domain/well-known.js';
import { entitlementIds } from '../../domain/entitlement-id.js';
import { type GrantRow, type PrincipalRow } from '../../entra/resources/rows.js';
import { userToPrincipal } from '../../entra/resources/users.js';
import { createTestPostgres, postgresSkipReason } from '../helpers/postgres.js';
import { createTempDir } from '../helpers/temp-dir.js';

export interface Backend {
  name: string;
  skip: string | false;
  open(): Promise<{ catalog: Catalog; dispose(): Promise<void> }>;
}

export const BACKENDS: Backend[] = [
  {
    name: 'PGlite',
    skip: false,
    async open() {
      const dir = await createTempDir();
      const catalog = await openCatalog({ dataDir: dir.path });
      return {
        catalog,
        dispose: async () => {
          await catalog.close();
          await dir.remove();
        },
      };
    },
  },
  {
    name: 'PostgreSQL',
    skip: postgresSkipReason,
    async open() {
      const database = await createTestPostgres();
      const catalog = await openCatalog({ databaseUrl: database.url, dataDir: '/unused' });
      return {
        catalog,
        dispose: async () => {
          await catalog.close();
          await database.drop();
        },
      };
    },
  },
];

export const TENANT = '11111111-1111-1111-1111-111111111111';
export const GA = GLOBAL_ADMINISTRATOR_ROLE_ID;

export const users = {
  ada: userToPrincipal({
    id: 'u-ada',
    displayName: 'Ada Lovelace',
    userPrincipalName: 'ada@contoso.com',
    mail: 'ada@contoso.com',
    department: 'Engineering',
    accountEnabled: true,
  }),
  bob: userToPrincipal({
    id: 'u-bob',
    displayName: 'Bob Guest',
    userPrincipalName: 'bob_fabrikam.com#EXT#@contoso.com',
    mail: 'bob@fabrikam.com',
    userType: 'Guest',
  }),
  cyd: userToPrincipal({
    id: 'u-cyd',
    displayName: 'Cyd Charisse',
    userPrincipalName: 'cyd@contoso.com',
    mail: null,
    accountEnabled: false,
  }),
  dan: userToPrincipal({
    id: 'u-dan',
    displayName: 'Dan 100%_real',
    userPrincipalName: 'dan@contoso.com',
    mail: 'dan@contoso.com',
  }),
};
export const managedIdentity: PrincipalRow = {
  ...users.ada,
  id: 'mi-build',
  kind: 'managedIdentity',
  displayName: 'build-agent',
  userPrincipalName: null,
  mail: null,
  userType: null,
  department: null,
};
export const servicePrincipal: PrincipalRow = {
  ...managedIdentity,
  id: 'sp-robot',
  kind: 'servicePrincipal',
  displayName: 'Robot',
};

export const groups = {
  eng: groupToResource({ id: 'g-eng', displayName: 'Engineering', securityEnabled: true }),
  all: groupToResource({ id: 'g-all', displayName: 'All staff', securityEnabled: true }),
  dyn: groupToResource({
    id: 'g-dyn',
    displayName: 'Dynamic sales',
    groupTypes: ['DynamicMembership'],
    membershipRule: 'user.department -eq "Sales"',
  }),
  cycleA: groupToResource({ id: 'g-cycle-a', displayName: 'Cycle A' }),
  cycleB: groupToResource({ id: 'g-cycle-b', displayName: 'Cycle B' }),
};
export const apps = {
  hr: servicePrincipalToResource(
    { id: 'sp-hr', appId: 'app-hr', displayName: 'HR Portal', appOwnerOrganizationId: TENANT },
    TENANT,
  ),
  chat: servicePrincipalToResource(
    { id: 'sp-chat', appId: 'app-chat', displayName: 'Chat', appOwnerOrganizationId: 'other-tenant' },
    TENANT,
  ),
};
export const HR_READER = 'role-reader';
export const HR_ADMIN = 'role-admin';
export const role = roleToResource({ id: 'rd-ga', templateId: GA, displayName: 'Global Administrator' });

export const edges: GroupMemberEdge[] = [
  { groupId: 'g-eng', memberId: 'u-ada', memberKind: 'user' },
  { groupId: 'g-eng', memberId: 'mi-build', memberKind: 'managedIdentity' },
  { groupId: 'g-all', memberId: 'g-eng', memberKind: 'group' },
  { groupId: 'g-all', memberId: 'u-bob', memberKind: 'user' },
  { groupId: 'g-cycle-a', memberId: 'g-cycle-b', memberKind: 'group' },
  { groupId: 'g-cycle-a', memberId: 'u-cyd', memberKind: 'user' },
  { groupId: 'g-cycle-b', memberId: 'g-cycle-a', memberKind: 'group' },
  { groupId: 'g-dyn', memberId: 'u-dan', memberKind: 'user' },
];

const direct = (
  entitlementId: string,
  principalId: string,
  principalKind: GrantRow['principalKind'],
  sourceId: string | null = null,
): GrantRow => ({ entitlementId, principalId, principalKind, viaGroupId: null, sourceId });

export const directGrants: GrantRow[] = [
  direct(entitlementIds.appRole('sp-hr', HR_READER), 'g-all', 'group', 'ara-1'),
  direct(entitlementIds.appRole('sp-hr', HR_ADMIN), 'u-ada', 'user', 'ara-2'),
  direct(entitlementIds.appRole('sp-chat', '00000000-0000-0000-0000-000000000000'), 'g-cycle-b', 'group', 'ara-3'),
  direct(entitlementIds.groupOwner('g-eng'), 'u-ada', 'user'),
  direct(entitlementIds.roleMember(GA), 'sp-robot', 'servicePrincipal'),
];

export const principals: PrincipalRow[] = [...Object.values(users), managedIdentity, servicePrincipal];

export async function createConnector(db: CatalogDb, id = `c-${randomUUID().slice(0, 8)}`): Promise<string> {
  await db.insertInto('connectors').values({ id, display_name: id, tenant_id: null }).execute();
  return id;
}

/** Writes the whole fixture as one full sync would, returning the run's generation. */
export async function seedFixture(
  db: CatalogDb,
  connectorId: string,
  options: { runId?: string; omit?: (id: string) => boolean } = {},
): Promise<number> {
  const run = await startSyncRun(db, { id: options.runId ?? `run-${randomUUID()}`, connectorId, mode: 'full' });
  const generation = Number(run.generation);
  const keep = (id: string) => !options.omit?.(id);
  const resources = [...Object.values(groups), ...Object.values(apps), role].filter((r) => keep(r.id));
  await upsertPrincipals(db, { connectorId, generation, principals: principals.filter((p) => keep(p.id)) });
  await upsertResources(db, { connectorId, generation, resources });
  await upsertEntitlements(db, {
    connectorId,
    generation,
    entitlements: [
      ...Object.values(groups)
        .filter((g) => keep(g.id))
        .flatMap(groupEntitlements),
      ...(keep('sp-hr')
        ? applicationEntitlements(apps.hr, [
            { id: HR_READER, displayName: 'Reader', allowedMemberTypes: ['User'] },
            { id: HR_ADMIN, displayName: 'Admin', allowedMemberTypes: ['User'] },
          ])
        : []),
      ...(keep('sp-chat') ? applicationEntitlements(apps.chat) : []),
      ...roleEntitlements(role),
    ],
  });
  await upsertGroupMembers(db, {
    connectorId,
    generation,
    edges: edges.filter((e) => keep(e.groupId) && keep(e.memberId)),
  });
  await upsertGrants(db, {
    connectorId,
    generation,
    grants: directGrants.filter((g) => keep(g.principalId) && keep(g.entitlementId.split(':')[1]!)),
  });
  await recomputeViaGroupGrants(db, { connectorId, generation });
  return generation;
}
