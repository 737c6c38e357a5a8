// Removal guards: removals Lantern refuses on every path (a grant's expiry or revoke, a review's apply, the
// reconciler), because they would touch an account an admin protected or lock the tenant out of something. Read from
// the catalog as synced and as each removal leaves it; removals of one count-guarded entitlement run one at a time
// (removeUnlessGuarded), or two of them could each count the other as the survivor.
import { sql } from 'kysely';
import type { CatalogDb } from '../directory/writes/sql.js';
import { entitlementIds } from '../../domain/entitlement-id.js';
import { GLOBAL_ADMINISTRATOR_ROLE_ID } from '../../domain/well-known.js';

const GLOBAL_ADMINISTRATOR = entitlementIds.roleMember(GLOBAL_ADMINISTRATOR_ROLE_ID);

/** The removal a guard looks at: one principal losing one entitlement. */
export interface RemovalPair {
  entitlementId: string;
  principalId: string;
}

/**
 * Entitlements whose guard counts the other holders (owners, Global Administrators): removals of them must run one
 * after the other, each after the catalog records the previous one, or two could each see the other as the survivor.
 */
export const isCountGuarded = (pair: Pick<RemovalPair, 'entitlementId'>): boolean =>
  pair.entitlementId.endsWith(':owner') || pair.entitlementId === GLOBAL_ADMINISTRATOR;

/**
 * Checks the guards, then runs `remove` (the Graph removal and its catalog write, through the db it is handed) unless
 * refused. For count-guarded entitlements both happen in one transaction under a lock on (connector, entitlement),
 * so the next removal's guard counts what this one left. `remove` must use only the db it is given: PGlite has one
 * connection, which the transaction holds. Throws what `remove` throws (nothing is written then).
 */
export async function removeUnlessGuarded<T>(
  db: CatalogDb,
  connectorId: string,
  pair: RemovalPair,
  remove: (db: CatalogDb) => Promise<T>,
): Promise<{ refused: string } | { removed: T }> {
  const run = async (q: CatalogDb) => {
    await holdRemovalLock(q, connectorId, pair);
    const refused = await removalRefusal(q, connectorId, pair);
    return refused ? { refused } : { removed: await remove(q) };
  };
  if (!isCountGuarded(pair) || db.isTransaction) return run(db);
  return db.transaction().execute(run);
}

/**
 * Inside a transaction: waits until no other removal of this count-guarded entitlement is between its guard check and
 * its catalog write (PostgreSQL advisory lock, released at commit). No-op for other entitlements.
 */
export async function holdRemovalLock(trx: CatalogDb, connectorId: string, pair: RemovalPair): Promise<void> {
  if (!isCountGuarded(pair)) return;
  const key = `lantern-removal:${connectorId}:${pair.entitlementId}`;
  await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
}

/** null = the removal may go ahead; else why it is refused, in words an admin can act on. */
export async function removalRefusal(db: CatalogDb, connectorId: string, pair: RemovalPair): Promise<string | null> {
  const protectedAccount = await protectedAccountOf(db, connectorId, pair.principalId);
  if (protectedAccount)
    return (
      `Refused: ${protectedAccount.upn ?? pair.principalId} is a protected account (${protectedAccount.reason}); ` +
      'remove it from the protected accounts first.'
    );
  const q = { connectorId, ...pair };
  if (pair.entitlementId.endsWith(':owner')) {
    const what = pair.entitlementId.startsWith('group:') ? 'group' : 'app';
    return (await otherHolders(db, { ...q, direct: true, enabledUsers: false })) === 0
      ? `Refused: this is the last owner of the ${what}; it must keep an owner (add another owner first).`
      : null;
  }
  if (pair.entitlementId === GLOBAL_ADMINISTRATOR) {
    return (await otherHolders(db, { ...q, direct: false, enabledUsers: true })) === 0
      ? 'Refused: this is the last enabled Global Administrator of the tenant (assign another one first).'
      : null;
  }
  return null;
}

/** The protected_accounts row of the principal (with its UPN when synced), or undefined. */
async function protectedAccountOf(db: CatalogDb, connectorId: string, principalId: string) {
  return db
    .selectFrom('protected_accounts as pa')
    .leftJoin('principals as p', (j) =>
      j.onRef('p.connector_id', '=', 'pa.connector_id').onRef('p.id', '=', 'pa.principal_id'),
    )
    .select(['pa.reason', 'p.upn'])
    .where('pa.connector_id', '=', connectorId)
    .where('pa.principal_id', '=', principalId)
    .executeTakeFirst();
}

/**
 * Principals other than `principalId` holding `entitlementId`: only direct holders (`direct`), or only enabled users
 * holding it in any way (`enabledUsers`), e.g. the other owners of a group, the other enabled Global Administrators.
 */
async function otherHolders(
  db: CatalogDb,
  q: RemovalPair & { connectorId: string; direct: boolean; enabledUsers: boolean },
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
