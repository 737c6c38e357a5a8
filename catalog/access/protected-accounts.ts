// Protected accounts (policy v2 removal guards): principals of a connector whose access no removal path may touch
// (expiry, revoke, reviews, the reconciler). Admins list, add and remove them through the API; every change is audited.
import type { Kysely } from 'kysely';
import type { CatalogSchema } from '../schema.js';
import { jsonb } from '../json.js';

type Db = Kysely<CatalogSchema>;

export interface ProtectedAccount {
  principalId: string;
  /** From the catalog as last synced; null when the principal left it since it was protected. */
  displayName: string | null;
  upn: string | null;
  reason: string;
  addedBy: string;
  addedAt: Date;
}

/** The ids of the connector's protected accounts: the removal guards' question, so kept to one cheap read. */
export async function protectedPrincipalIds(db: Db, connectorId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('protected_accounts')
    .select('principal_id')
    .where('connector_id', '=', connectorId)
    .execute();
  return new Set(rows.map((r) => r.principal_id));
}

export async function listProtectedAccounts(db: Db, connectorId: string): Promise<ProtectedAccount[]> {
  const rows = await db
    .selectFrom('protected_accounts as pa')
    .leftJoin('principals as p', (join) =>
      join.onRef('p.connector_id', '=', 'pa.connector_id').onRef('p.id', '=', 'pa.principal_id'),
    )
    .select(['pa.principal_id', 'pa.reason', 'pa.added_by', 'pa.added_at', 'p.display_name', 'p.upn'])
    .where('pa.connector_id', '=', connectorId)
    .orderBy('pa.added_at')
    .orderBy('pa.principal_id')
    .execute();
  return rows.map((r) => ({
    principalId: r.principal_id,
    displayName: r.display_name ?? null,
    upn: r.upn ?? null,
    reason: r.reason,
    addedBy: r.added_by,
    addedAt: r.added_at,
  }));
}

interface Actor {
  id: string;
  requestId?: string | null | undefined;
}

/** Protects the principal (or replaces the reason of one already protected), audited `protected_account.added`. */
export async function addProtectedAccount(
  db: Db,
  connectorId: string,
  principalId: string,
  reason: string,
  actor: Actor,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('protected_accounts')
      .values({ connector_id: connectorId, principal_id: principalId, reason, added_by: actor.id })
      .onConflict((oc) => oc.columns(['connector_id', 'principal_id']).doUpdateSet({ reason }))
      .execute();
    await trx
      .insertInto('audit_log')
      .values({
        actor: actor.id,
        action: 'protected_account.added',
        subject: `connector:${connectorId}`,
        detail: jsonb({ principalId, reason }),
        request_id: actor.requestId ?? null,
      })
      .execute();
  });
}

/** Ends the protection, audited `protected_account.removed`; false when the principal was not protected. */
export async function removeProtectedAccount(
  db: Db,
  connectorId: string,
  principalId: string,
  actor: Actor,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('protected_accounts')
      .where('connector_id', '=', connectorId)
      .where('principal_id', '=', principalId)
      .returning('reason')
      .executeTakeFirst();
    if (!removed) return false;
    await trx
      .insertInto('audit_log')
      .values({
        actor: actor.id,
        action: 'protected_account.removed',
        subject: `connector:${connectorId}`,
        detail: jsonb({ principalId, reason: removed.reason }),
        request_id: actor.requestId ?? null,
      })
      .execute();
    return true;
  });
}
