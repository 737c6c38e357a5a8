// Groups, applications and directory roles: search by name, filter by immutability and (applications) origin.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AppOrigin } from '../../../entra/resources/applications.js';
import type { ResourceType } from '../../../entra/resources/rows.js';
import type { ResourcesTable } from '../schema.js';
import type { JsonObject } from '../../column-types.js';
import type { CatalogSchema } from '../../schema.js';
import type { Page, PageRequest } from './cursor.js';
import { InvalidQueryError } from './errors.js';
import { oneOf, requiredId, searchText } from './filters.js';
import { likePattern, paginate } from './keyset.js';
import type { ResourceRow } from '../../../entra/resources/rows.js';

const TYPES: readonly ResourceType[] = ['group', 'application', 'directoryRole'];
const ORIGINS: readonly AppOrigin[] = ['ownTenant', 'microsoft', 'thirdParty'];

export interface ResourceQuery extends PageRequest {
  connectorId: string;
  type: ResourceType;
  search?: string | undefined;
  match?: 'prefix' | 'contains' | undefined;
  immutable?: boolean | undefined;
  /** Applications only. */
  origin?: AppOrigin | undefined;
}

export type ResourceItem = Omit<ResourceRow, 'attributes'> & { attributes: JsonObject };

export async function listResources(db: Kysely<CatalogSchema>, query: ResourceQuery): Promise<Page<ResourceItem>> {
  const connectorId = requiredId('connectorId', query.connectorId);
  const type = oneOf('type', query.type, TYPES);
  if (!type) throw new InvalidQueryError('type is required');
  const origin = oneOf('origin', query.origin, ORIGINS);
  if (origin && type !== 'application') throw new InvalidQueryError('origin applies to applications only');
  const match = oneOf('match', query.match, ['prefix', 'contains']);
  const search = searchText(query.search);
  return paginate({
    query: 'resources',
    filters: { connectorId, type, search, match, immutable: query.immutable, origin },
    request: query,
    keys: [
      { column: 'display_name', direction: 'asc' },
      { column: 'id', direction: 'asc' },
    ],
    fetch: (page) => {
      let q = db.selectFrom('resources').selectAll().where('connector_id', '=', connectorId).where('type', '=', type);
      if (query.immutable !== undefined) q = q.where('immutable', '=', query.immutable);
      if (origin) q = q.where(sql<string>`attributes->>'origin'`, '=', origin);
      if (search) q = q.where((eb) => eb(eb.fn('lower', ['display_name']), 'like', likePattern(search, match)));
      return page(q).execute();
    },
    keyOf: (row) => [row.display_name, row.id],
    toItem: resourceItem,
  });
}

export async function getResource(
  db: Kysely<CatalogSchema>,
  key: { connectorId: string; id: string },
): Promise<ResourceItem | undefined> {
  const row = await db
    .selectFrom('resources')
    .selectAll()
    .where('connector_id', '=', key.connectorId)
    .where('id', '=', key.id)
    .executeTakeFirst();
  return row && resourceItem(row);
}

function resourceItem(row: Selectable<ResourcesTable>): ResourceItem {
  return {
    id: row.id,
    type: row.type,
    displayName: row.display_name,
    description: row.description,
    immutable: row.immutable,
    immutableReason: row.immutable_reason,
    attributes: row.attributes,
  };
}
