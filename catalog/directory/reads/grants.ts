// Grants by principal or by entitlement, direct or via a group.
import type { Kysely } from 'kysely';
import type { PrincipalKind } from '../../../entra/resources/rows.js';
import type { CatalogSchema } from '../../schema.js';
import type { Page, PageRequest } from './cursor.js';
import { oneOf, requiredId } from './filters.js';
import { paginate, type SortKey } from './keyset.js';

export type GrantHow = 'direct' | 'viaGroup';

export interface GrantQuery extends PageRequest {
  connectorId: string;
  principalId?: string | undefined;
  entitlementId?: string | undefined;
  how?: GrantHow | undefined;
}

export interface GrantItem {
  entitlementId: string;
  principalId: string;
  principalKind: PrincipalKind;
  how: GrantHow;
  /** The group that holds the entitlement directly, for a via-group grant. */
  viaGroupId: string | null;
  sourceId: string | null;
}

const BY_ENTITLEMENT: SortKey[] = ['entitlement_id', 'principal_id', 'via_group_id'].map((column) => ({
  column,
  direction: 'asc',
}));
const BY_PRINCIPAL: SortKey[] = ['principal_id', 'entitlement_id', 'via_group_id'].map((column) => ({
  column,
  direction: 'asc',
}));

export async function listGrants(db: Kysely<CatalogSchema>, query: GrantQuery): Promise<Page<GrantItem>> {
  const connectorId = requiredId('connectorId', query.connectorId);
  const how = oneOf('how', query.how, ['direct', 'viaGroup']);
  const { principalId, entitlementId } = query;
  // Order to match the index the filter uses: by principal when asked about one principal, else by entitlement.
  const keys = principalId !== undefined && entitlementId === undefined ? BY_PRINCIPAL : BY_ENTITLEMENT;
  return paginate({
    query: 'grants',
    filters: { connectorId, principalId, entitlementId, how },
    request: query,
    keys,
    fetch: (page) => {
      let q = db
        .selectFrom('grants')
        .select(['entitlement_id', 'principal_id', 'principal_kind', 'via_group_id', 'source_id'])
        .where('connector_id', '=', connectorId);
      if (principalId !== undefined) q = q.where('principal_id', '=', principalId);
      if (entitlementId !== undefined) q = q.where('entitlement_id', '=', entitlementId);
      if (how) q = q.where('via_group_id', how === 'direct' ? '=' : '<>', '');
      return page(q).execute();
    },
    keyOf: (row) => keys.map((k) => row[k.column as 'entitlement_id' | 'principal_id' | 'via_group_id']),
    toItem: (row) => ({
      entitlementId: row.entitlement_id,
      principalId: row.principal_id,
      principalKind: row.principal_kind,
      how: row.via_group_id === '' ? 'direct' : 'viaGroup',
      viaGroupId: row.via_group_id || null,
      sourceId: row.source_id,
    }),
  });
}
