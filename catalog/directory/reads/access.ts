// The two governance questions: "what can X access" (every entitlement a principal holds, directly or through a group,
// with the resource it belongs to) and "who can access Y" (every holder of any entitlement of a resource).
import { sql, type Kysely } from 'kysely';
import type { EntitlementKind, PrincipalKind, ResourceType } from '../../../entra/resources/rows.js';
import type { CatalogSchema } from '../../schema.js';
import type { Page, PageRequest } from './cursor.js';
import { oneOf, requiredId } from './filters.js';
import { paginate } from './keyset.js';
import type { GrantHow } from './grants.js';

export interface AccessOfPrincipalQuery extends PageRequest {
  connectorId: string;
  principalId: string;
  resourceType?: ResourceType | undefined;
}

export interface AccessItem {
  entitlementId: string;
  entitlementName: string | null;
  kind: EntitlementKind | null;
  resourceId: string | null;
  resourceType: ResourceType | null;
  resourceName: string | null;
  how: GrantHow;
  viaGroupId: string | null;
  viaGroupName: string | null;
}

/** What can X access: one item per (entitlement, way of holding it), sorted by entitlement. */
export async function whatCanAccess(
  db: Kysely<CatalogSchema>,
  query: AccessOfPrincipalQuery,
): Promise<Page<AccessItem>> {
  const connectorId = requiredId('connectorId', query.connectorId);
  const principalId = requiredId('principalId', query.principalId);
  const resourceType = oneOf('resourceType', query.resourceType, ['group', 'application', 'directoryRole']);
  return paginate({
    query: 'whatCanAccess',
    filters: { connectorId, principalId, resourceType },
    request: query,
    keys: [
      { column: 'g.entitlement_id', direction: 'asc' },
      { column: 'g.via_group_id', direction: 'asc' },
    ],
    fetch: (page) => {
      let q = db
        .selectFrom('grants as g')
        .leftJoin('entitlements as e', (j) =>
          j.onRef('e.connector_id', '=', 'g.connector_id').onRef('e.id', '=', 'g.entitlement_id'),
        )
        .leftJoin('resources as r', (j) =>
          j.onRef('r.connector_id', '=', 'e.connector_id').onRef('r.id', '=', 'e.resource_id'),
        )
        .leftJoin('resources as vg', (j) =>
          j.onRef('vg.connector_id', '=', 'g.connector_id').onRef('vg.id', '=', 'g.via_group_id'),
        )
        .select([
          'g.entitlement_id',
          'g.via_group_id',
          'e.display_name as entitlement_name',
          'e.kind',
          'e.resource_id',
          'e.resource_type',
          'r.display_name as resource_name',
          'vg.display_name as via_group_name',
        ])
        .where('g.connector_id', '=', connectorId)
        .where('g.principal_id', '=', principalId);
      if (resourceType) q = q.where('e.resource_type', '=', resourceType);
      return page(q).execute();
    },
    keyOf: (row) => [row.entitlement_id, row.via_group_id],
    toItem: (row) => ({
      entitlementId: row.entitlement_id,
      entitlementName: row.entitlement_name,
      kind: row.kind,
      resourceId: row.resource_id,
      resourceType: row.resource_type,
      resourceName: row.resource_name,
      how: row.via_group_id === '' ? 'direct' : 'viaGroup',
      viaGroupId: row.via_group_id || null,
      viaGroupName: row.via_group_name,
    }),
  });
}

export interface AccessToResourceQuery extends PageRequest {
  connectorId: string;
  resourceId: string;
  /** Narrow to one of the resource's entitlements. */
  entitlementId?: string | undefined;
  how?: GrantHow | undefined;
}

export interface HolderItem {
  principalId: string;
  principalKind: PrincipalKind;
  principalName: string | null;
  userPrincipalName: string | null;
  entitlementId: string;
  entitlementName: string;
  how: GrantHow;
  viaGroupId: string | null;
  viaGroupName: string | null;
}

/** Who can access Y: one item per (principal, entitlement, way), sorted by principal. Groups holding access appear too. */
export async function whoCanAccess(db: Kysely<CatalogSchema>, query: AccessToResourceQuery): Promise<Page<HolderItem>> {
  const connectorId = requiredId('connectorId', query.connectorId);
  const resourceId = requiredId('resourceId', query.resourceId);
  const how = oneOf('how', query.how, ['direct', 'viaGroup']);
  const { entitlementId } = query;
  return paginate({
    query: 'whoCanAccess',
    filters: { connectorId, resourceId, entitlementId, how },
    request: query,
    keys: ['g.principal_id', 'g.entitlement_id', 'g.via_group_id'].map((column) => ({
      column,
      direction: 'asc' as const,
    })),
    fetch: (page) => {
      let q = db
        .selectFrom('entitlements as e')
        .innerJoin('grants as g', (j) =>
          j.onRef('g.connector_id', '=', 'e.connector_id').onRef('g.entitlement_id', '=', 'e.id'),
        )
        .leftJoin('principals as p', (j) =>
          j.onRef('p.connector_id', '=', 'g.connector_id').onRef('p.id', '=', 'g.principal_id'),
        )
        .leftJoin('resources as pg', (j) =>
          j.onRef('pg.connector_id', '=', 'g.connector_id').onRef('pg.id', '=', 'g.principal_id'),
        )
        .leftJoin('resources as vg', (j) =>
          j.onRef('vg.connector_id', '=', 'g.connector_id').onRef('vg.id', '=', 'g.via_group_id'),
        )
        .select([
          'g.principal_id',
          'g.principal_kind',
          'g.entitlement_id',
          'g.via_group_id',
          'e.display_name as entitlement_name',
          'p.upn',
          sql<string | null>`coalesce(p.display_name, pg.display_name)`.as('principal_name'),
          'vg.display_name as via_group_name',
        ])
        .where('e.connector_id', '=', connectorId)
        .where('e.resource_id', '=', resourceId);
      if (entitlementId !== undefined) q = q.where('e.id', '=', entitlementId);
      if (how) q = q.where('g.via_group_id', how === 'direct' ? '=' : '<>', '');
      return page(q).execute();
    },
    keyOf: (row) => [row.principal_id, row.entitlement_id, row.via_group_id],
    toItem: (row) => ({
      principalId: row.principal_id,
      principalKind: row.principal_kind,
      principalName: row.principal_name,
      userPrincipalName: row.upn,
      entitlementId: row.entitlement_id,
      entitlementName: row.entitlement_name,
      how: row.via_group_id === '' ? 'direct' : 'viaGroup',
      viaGroupId: row.via_group_id || null,
      viaGroupName: row.via_group_name,
    }),
  });
}
