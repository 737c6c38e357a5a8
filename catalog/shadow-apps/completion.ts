// The end of a revocation, in one transaction and once: its counts and status, the catalog's consents brought in line
// with what Graph removed (so pages show the change before the next sync), the app's triage set to `revoked` when no
// consent is left, and the audit row.
import { sql } from 'kysely';
import type { CatalogDb } from '../directory/writes/sql.js';
import { appendAudit, countResults, finishRevocation, type RevocationCounts } from './revocations.js';
import { markRevoked } from './triage.js';

/** What the revoke workflow returns (workflows/shadow-apps/messages.ts has the same shape). */
export interface RevocationOutcome {
  revocationId: string;
  status: 'succeeded' | 'failed';
  total: number;
  removed: number;
  alreadyGone: number;
  failed: number;
  appRevoked: boolean;
  error: string | null;
}

export async function completeRevocation(
  db: CatalogDb,
  revocationId: string,
  error: string | null,
): Promise<RevocationOutcome> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('shadow_app_revocations')
      .selectAll()
      .where('id', '=', revocationId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (row.status !== 'running') {
      const counts = await countResults(trx, revocationId);
      const appRevoked = await triageIsRevoked(trx, row.connector_id, row.app_id);
      return resultOf(revocationId, row.status, counts, row.error, appRevoked);
    }
    const counts = await countResults(trx, revocationId);
    const status = error || counts.failed > 0 || counts.pending > 0 ? 'failed' : 'succeeded';
    await finishRevocation(trx, revocationId, { status, counts, error });
    const left = await dropRemovedConsents(trx, row.connector_id, row.app_id, revocationId);
    const appRevoked = status === 'succeeded' && left === 0;
    if (appRevoked) {
      const note = row.reason ? `Revoked: ${row.reason}` : 'Every consent was revoked.';
      await markRevoked(trx, { connectorId: row.connector_id, appId: row.app_id, by: row.requested_by, note });
    }
    await appendAudit(trx, {
      actor: row.requested_by,
      action: status === 'succeeded' ? 'shadow_app.revoked' : 'shadow_app.revoke_failed',
      subject: `shadow_app:${row.connector_id}:${row.app_id}`,
      detail: {
        revocationId,
        appId: row.app_id,
        total: counts.total,
        removed: counts.removed,
        alreadyGone: counts.already_gone,
        failed: counts.failed,
        appRevoked,
        error,
      },
    });
    return resultOf(revocationId, status, counts, error, appRevoked);
  });
}

/** Deletes the consents this revocation removed from the catalog and recounts the app's users; returns consents left. */
async function dropRemovedConsents(db: CatalogDb, connectorId: string, appId: string, revocationId: string) {
  await db
    .deleteFrom('discovered_app_consents')
    .where('connector_id', '=', connectorId)
    .where('grant_id', 'in', (eb) =>
      eb
        .selectFrom('shadow_app_revocation_items')
        .select('grant_id')
        .where('revocation_id', '=', revocationId)
        .where('result', 'in', ['removed', 'already_gone']),
    )
    .execute();
  const left = await db
    .selectFrom('discovered_app_consents')
    .select([sql<number>`count(*)::int`.as('consents'), sql<number>`count(distinct principal_id)::int`.as('users')])
    .where('connector_id', '=', connectorId)
    .where('app_id', '=', appId)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('discovered_apps')
    .set({ consenting_users: Number(left.users) })
    .where('connector_id', '=', connectorId)
    .where('app_id', '=', appId)
    .execute();
  return Number(left.consents);
}

async function triageIsRevoked(db: CatalogDb, connectorId: string, appId: string): Promise<boolean> {
  const t = await db
    .selectFrom('shadow_app_triage')
    .select('state')
    .where('connector_id', '=', connectorId)
    .where('app_id', '=', appId)
    .executeTakeFirst();
  return t?.state === 'revoked';
}

function resultOf(
  revocationId: string,
  status: 'running' | 'succeeded' | 'failed',
  counts: RevocationCounts,
  error: string | null,
  appRevoked: boolean,
): RevocationOutcome {
  return {
    revocationId,
    status: status === 'succeeded' ? 'succeeded' : 'failed',
    total: counts.total,
    removed: counts.removed,
    alreadyGone: counts.already_gone,
    failed: counts.failed,
    appRevoked,
    error,
  };
}
