// What the access review's removal guards (activities/reviews/guards.ts) count: who else holds an entitlement, per the
// catalog as synced and as each removal leaves it. (Owner: workflow helper.)
import type { CatalogDb } from '../directory/writes/sql.js';

/**
 * Principals other than `principalId` holding `entitlementId`: only direct holders (`direct`), or only enabled users
 * holding it in any way (`enabledUsers`), e.g. the other owners of a group, the other enabled Global Administrators.
 */
export async function otherHolders(
  db: CatalogDb,
  q: { connectorId: string; entitlementId: string; principalId: string; direct: boolean; enabledUsers: boolean },
): Promise<number> {
  let query = db
    .selectFrom('grants as g')
    .select((eb) => eb.fn.count<string>('g.principal_id').distinct().as('n'))
    .where('g.connector_id', '=', q.connectorId)
    .where('g.entitlement_id', '=', q.entitlementId)
    .where('g.principal_id', '<>', q.principalId);
  if (q.direct) query = query.where('g.via_group_id', '=', '');
  if (q.enabledUsers) {
    query = query
      .innerJoin('principals as p', (j) =>
        j.onRef('p.connector_id', '=', 'g.connector_id').onRef('p.id', '=', 'g.principal_id'),
      )
      .where('p.kind', '=', 'user')
      .where('p.account_enabled', '=', true);
  }
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}
