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
  const count = async (table: 'principals' | 'resources' | 'grants', where: (q: any) => any = (q) => q) => {
    const row = await where(catalog.db.selectFrom(table).select((eb: any) => eb.fn.countAll().as('n')).where('connector_id', '=', connectorId)).executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    principals: await count('principals'),
    groups: await count('resources', (q) => q.where('type', '=', 'group')),
    applications: await count('resources', (q) => q.where('type', '=', 'application')),
    directMemberGrants: await count('grants', (q) => q.where('via_group_id', '=', '').where('entitlement_id', 'like', 'group:%:member')),
    appRoleGrants: await count('grants', (q) => q.where('via_group_id', '=', '').where('entitlement_id', 'like', 'app:%:role:%')),
  };
}
