// Principals (users, managed identities, service principals): search by name, UPN or mail; filter by kind, user type,
// enabled. Sorted by display name.
import type { Kysely, Selectable } from 'kysely';
import type { PrincipalKind } from '../../../entra/resources/rows.js';
import type { PrincipalsTable } from '../schema.js';
import type { JsonObject } from '../../column-types.js';
import type { CatalogSchema } from '../../schema.js';
import type { Page, PageRequest } from './cursor.js';
import { iso, oneOf, requiredId, searchText } from './filters.js';
import { likePattern, paginate } from './keyset.js';
import type { PrincipalRow } from '../../../entra/resources/rows.js';

export type HolderKind = Exclude<PrincipalKind, 'group'>;
const KINDS: readonly HolderKind[] = ['user', 'managedIdentity', 'servicePrincipal'];

export interface PrincipalQuery extends PageRequest {
  connectorId: string;
  /** Matches display name, UPN or mail, case-insensitively. */
  search?: string | undefined;
  match?: 'prefix' | 'contains' | undefined;
  kind?: HolderKind | undefined;
  userType?: 'Member' | 'Guest' | undefined;
  enabled?: boolean | undefined;
}

/** A principal as the API returns it: the synced row plus when it was last seen. */
export type PrincipalItem = Omit<PrincipalRow, 'attributes' | 'managerId'> & {
  attributes: JsonObject;
  managerId: string | null;
  syncedAt: string;
};

export async function listPrincipals(db: Kysely<CatalogSchema>, query: PrincipalQuery): Promise<Page<PrincipalItem>> {
  const connectorId = requiredId('connectorId', query.connectorId);
  const kind = oneOf('kind', query.kind, KINDS);
  const userType = oneOf('userType', query.userType, ['Member', 'Guest']);
  const match = oneOf('match', query.match, ['prefix', 'contains']);
  const search = searchText(query.search);
  return paginate({
    query: 'principals',
    filters: { connectorId, search, match, kind, userType, enabled: query.enabled },
    request: query,
    keys: [
      { column: 'display_name', direction: 'asc' },
      { column: 'id', direction: 'asc' },
    ],
    fetch: (page) => {
      let q = db.selectFrom('principals').selectAll().where('connector_id', '=', connectorId);
      if (kind) q = q.where('kind', '=', kind);
      if (userType) q = q.where('user_type', '=', userType);
      if (query.enabled !== undefined) q = q.where('account_enabled', '=', query.enabled);
      if (search) {
        const pattern = likePattern(search, match);
        q = q.where((eb) =>
          eb.or([
            eb(eb.fn('lower', ['display_name']), 'like', pattern),
            eb(eb.fn('lower', ['upn']), 'like', pattern),
            eb(eb.fn('lower', ['mail']), 'like', pattern),
          ]),
        );
      }
      return page(q).execute();
    },
    keyOf: (row) => [row.display_name, row.id],
    toItem: principalItem,
  });
}

export async function getPrincipal(
  db: Kysely<CatalogSchema>,
  key: { connectorId: string; id: string },
): Promise<PrincipalItem | undefined> {
  const row = await db
    .selectFrom('principals')
    .selectAll()
    .where('connector_id', '=', key.connectorId)
    .where('id', '=', key.id)
    .executeTakeFirst();
  return row && principalItem(row);
}

function principalItem(row: Selectable<PrincipalsTable>): PrincipalItem {
  return {
    id: row.id,
    kind: row.kind,
    displayName: row.display_name,
    userPrincipalName: row.upn,
    mail: row.mail,
    userType: row.user_type,
    accountEnabled: row.account_enabled,
    department: row.department,
    jobTitle: row.job_title,
    employeeId: row.employee_id,
    employeeType: row.employee_type,
    managerId: row.manager_id,
    lastSignInAt: iso(row.last_sign_in_at),
    attributes: row.attributes,
    syncedAt: row.synced_at.toISOString(),
  };
}
