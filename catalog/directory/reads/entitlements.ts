// Entitlements: by resource, kind, and whether they can be requested (Entra lets someone change who holds them).
import type { Kysely } from 'kysely';
import type { EntitlementKind, ResourceType } from '../../../entra/resources/rows.js';
import type { CatalogSchema } from '../../schema.js';
import type { Page, PageRequest } from './cursor.js';
import { oneOf, requiredId } from './filters.js';
import { paginate } from './keyset.js';

export interface EntitlementQuery extends PageRequest {
  connectorId: string;
  resourceId?: string | undefined;
  resourceType?: ResourceType | undefined;
  kind?: EntitlementKind | undefined;
  requestable?: boolean | undefined;
}

export interface EntitlementItem {
  id: string;
  resourceId: string;
  resourceType: ResourceType;
  resourceName: string | null;
  kind: EntitlementKind;
  displayName: string;
  appRoleId: string | null;
  immutable: boolean;
  /**
   * Whether an access request for it can succeed: not immutable (dynamic, on-premises, Exchange groups) and not app
   * ownership, which needs Application.ReadWrite.All, a permission Lantern never asks for (entra/permission-sets.ts).
   */
  requestable: boolean;
}

/** App ownership is listed (the sync reads owners) but never granted: the access API refuses it as not requestable. */
const isAppOwnership = (row: { resource_type: string; kind: string }) =>
  row.resource_type === 'application' && row.kind === 'owner';

export async function listEntitlements(
  db: Kysely<CatalogSchema>,
  query: EntitlementQuery,
): Promise<Page<EntitlementItem>> {
  const connectorId = requiredId('connectorId', query.connectorId);
  const resourceType = oneOf('resourceType', query.resourceType, ['group', 'application', 'directoryRole']);
  const kind = oneOf('kind', query.kind, ['member', 'owner', 'appRole', 'roleMember']);
  const { resourceId, requestable } = query;
  return paginate({
    query: 'entitlements',
    filters: { connectorId, resourceId, resourceType, kind, requestable },
    request: query,
    keys: [{ column: 'e.id', direction: 'asc' }],
    fetch: (page) => {
      let q = db
        .selectFrom('entitlements as e')
        .leftJoin('resources as r', (join) =>
          join.onRef('r.connector_id', '=', 'e.connector_id').onRef('r.id', '=', 'e.resource_id'),
        )
        .select([
          'e.id',
          'e.resource_id',
          'e.resource_type',
          'e.kind',
          'e.display_name',
          'e.app_role_id',
          'e.immutable',
          'r.display_name as resource_name',
        ])
        .where('e.connector_id', '=', connectorId);
      if (resourceId !== undefined) q = q.where('e.resource_id', '=', resourceId);
      if (resourceType) q = q.where('e.resource_type', '=', resourceType);
      if (kind) q = q.where('e.kind', '=', kind);
      if (requestable !== undefined) {
        q = q.where((eb) => {
          const appOwnership = eb.and([eb('e.resource_type', '=', 'application'), eb('e.kind', '=', 'owner')]);
          return requestable
            ? eb.and([eb('e.immutable', '=', false), eb.not(appOwnership)])
            : eb.or([eb('e.immutable', '=', true), appOwnership]);
        });
      }
      return page(q).execute();
    },
    keyOf: (row) => [row.id],
    toItem: (row) => ({
      id: row.id,
      resourceId: row.resource_id,
      resourceType: row.resource_type,
      resourceName: row.resource_name,
      kind: row.kind,
      displayName: row.display_name,
      appRoleId: row.app_role_id,
      immutable: row.immutable,
      requestable: !row.immutable && !isAppOwnership(row),
    }),
  });
}
