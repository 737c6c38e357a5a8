// What the catalog should hold after a sync, computed from the simulator's own store (its ground truth).
import type { Tenant } from '../../simulator/model/tenant.js';
import type { Catalog } from '../../catalog/index.js';

export interface DirectoryFigures {
  principals: number;
  groups: number;
  applications: number;
  directMemberGrants: number;
  appRoleGrants: number;
}

export function expectedFigures(tenant: Tenant): DirectoryFigures {
  const known = (id: string) => tenant.kindOf(id) !== undefined;
  let directMemberGrants = 0;
  for (const members of tenant.groupMembers.values()) for (const m of members) if (known(m)) directMemberGrants++;
  const apps = [...tenant.servicePrincipals.values()].filter((sp) => sp.servicePrincipalType !== 'ManagedIdentity');
  const appIds = new Set(apps.map((a) => a.id));
  const appRoleGrants = [...tenant.appRoleAssignments.values()].filter((a) => appIds.has(a.resourceId)).length;
  return {
    principals: tenant.users.size + tenant.servicePrincipals.size,
    groups: tenant.groups.size,
    applications: apps.length,
    directMemberGrants,
    appRoleGrants,
  };
}

export async function catalogFigures(catalog: Catalog, connectorId: string): Promise<DirectoryFigures> {
  const { db } = catalog;
  const n = async (query: { executeTakeFirstOrThrow(): Promise<{ n: string | number | bigint }> }) =>
    Number((await query.executeTakeFirstOrThrow()).n);
  const grants = (entitlementPattern: string) =>
    db
      .selectFrom('grants')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('connector_id', '=', connectorId)
      .where('via_group_id', '=', '')
      .where('entitlement_id', 'like', entitlementPattern);
  const resources = (type: 'group' | 'application') =>
    db
      .selectFrom('resources')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('connector_id', '=', connectorId)
      .where('type', '=', type);
  return {
    principals: await n(
      db
        .selectFrom('principals')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('connector_id', '=', connectorId),
    ),
    groups: await n(resources('group')),
    applications: await n(resources('application')),
    directMemberGrants: await n(grants('group:%:member')),
    appRoleGrants: await n(grants('app:%:role:%')),
  };
}
