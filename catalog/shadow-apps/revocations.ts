// A revocation of an app's consents: the plan (one item per consent to delete) and each item's result, written by the
// revoke workflow's activities. Every write is idempotent, so a retried or replayed activity changes nothing twice.
import { sql, type Selectable } from 'kysely';
import type { CatalogDb } from '../directory/writes/sql.js';
import { textArray } from '../directory/writes/sql.js';
import { jsonb } from '../json.js';
import type { ConsentResult, RevocationStatus, ShadowAppRevocationsTable } from './schema.js';

export interface NewRevocation {
  id: string;
  connectorId: string;
  appId: string;
  servicePrincipalId: string;
  workflowId: string;
  requestedBy: string;
  reason: string;
  /** null = every consenting user. */
  userIds: readonly string[] | null;
}

export interface PlannedConsent {
  grantId: string;
  principalId: string | null;
  scopes: readonly string[];
}

export type RevocationCounts = Record<Exclude<ConsentResult, 'pending'> | 'pending' | 'total', number>;

export interface RevocationItem {
  grantId: string;
  principalId: string | null;
  displayName: string | null;
  upn: string | null;
  scopes: string[];
  result: ConsentResult;
  message: string | null;
}

export interface Revocation {
  id: string;
  connectorId: string;
  appId: string;
  servicePrincipalId: string;
  workflowId: string;
  requestedBy: string;
  reason: string;
  userIds: string[] | null;
  status: RevocationStatus;
  counts: RevocationCounts;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/** Creates the revocation's row once; a second call with the same id keeps the first. */
export async function createRevocation(db: CatalogDb, r: NewRevocation): Promise<void> {
  await db
    .insertInto('shadow_app_revocations')
    .values({
      id: r.id,
      connector_id: r.connectorId,
      app_id: r.appId,
      service_principal_id: r.servicePrincipalId,
      workflow_id: r.workflowId,
      requested_by: r.requestedBy,
      reason: r.reason,
      user_ids: r.userIds ? textArray([...r.userIds]) : null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export interface AuditNote {
  actor: string;
  action: string;
  subject: string;
  detail: Record<string, string | number | boolean | null>;
}

/**
 * Stores the consents to delete and audits the start, once (one transaction): returns false when an earlier attempt
 * had already planned them.
 */
export async function storePlan(
  db: CatalogDb,
  revocationId: string,
  consents: readonly PlannedConsent[],
  audit: AuditNote,
) {
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('shadow_app_revocations')
      .set({ planned: true })
      .where('id', '=', revocationId)
      .where('planned', '=', false)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return false;
    if (consents.length > 0) {
      await trx
        .insertInto('shadow_app_revocation_items')
        .values(
          consents.map((c) => ({
            revocation_id: revocationId,
            grant_id: c.grantId,
            principal_id: c.principalId,
            scopes: textArray([...c.scopes]),
          })),
        )
        .onConflict((oc) => oc.columns(['revocation_id', 'grant_id']).doNothing())
        .execute();
    }
    await appendAudit(trx, audit);
    return true;
  });
}

export async function pendingItems(db: CatalogDb, revocationId: string, limit: number) {
  return db
    .selectFrom('shadow_app_revocation_items')
    .select(['grant_id', 'principal_id'])
    .where('revocation_id', '=', revocationId)
    .where('result', '=', 'pending')
    .orderBy('grant_id')
    .limit(limit)
    .execute();
}

export async function recordResult(
  db: CatalogDb,
  revocationId: string,
  grantId: string,
  result: Exclude<ConsentResult, 'pending'>,
  message: string | null,
): Promise<void> {
  await db
    .updateTable('shadow_app_revocation_items')
    .set({ result, message, decided_at: sql`now()` })
    .where('revocation_id', '=', revocationId)
    .where('grant_id', '=', grantId)
    .where('result', '=', 'pending')
    .execute();
}

export async function countResults(db: CatalogDb, revocationId: string): Promise<RevocationCounts> {
  const rows = await db
    .selectFrom('shadow_app_revocation_items')
    .select(['result', sql<number>`count(*)::int`.as('n')])
    .where('revocation_id', '=', revocationId)
    .groupBy('result')
    .execute();
  const counts: RevocationCounts = { total: 0, pending: 0, removed: 0, already_gone: 0, failed: 0 };
  for (const row of rows) {
    counts[row.result] = Number(row.n);
    counts.total += Number(row.n);
  }
  return counts;
}

export async function finishRevocation(
  db: CatalogDb,
  revocationId: string,
  outcome: { status: RevocationStatus; counts: RevocationCounts; error?: string | null },
): Promise<void> {
  await db
    .updateTable('shadow_app_revocations')
    .set({
      status: outcome.status,
      counts: jsonb(outcome.counts),
      error: outcome.error ?? null,
      finished_at: sql`coalesce(finished_at, now())`,
    })
    .where('id', '=', revocationId)
    .execute();
}

export async function getRevocation(db: CatalogDb, revocationId: string): Promise<Revocation | undefined> {
  const row = await db
    .selectFrom('shadow_app_revocations')
    .selectAll()
    .where('id', '=', revocationId)
    .executeTakeFirst();
  return row ? toRevocation(row) : undefined;
}

/** Newest first. */
export async function listRevocations(db: CatalogDb, connectorId: string, appId: string, limit = 20) {
  const rows = await db
    .selectFrom('shadow_app_revocations')
    .selectAll()
    .where('connector_id', '=', connectorId)
    .where('app_id', '=', appId)
    .orderBy('started_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toRevocation);
}

export async function revocationItems(db: CatalogDb, revocation: Revocation): Promise<RevocationItem[]> {
  const rows = await db
    .selectFrom('shadow_app_revocation_items as i')
    .leftJoin('principals as p', (join) =>
      join.onRef('p.id', '=', 'i.principal_id').on('p.connector_id', '=', revocation.connectorId),
    )
    .select(['i.grant_id', 'i.principal_id', 'i.scopes', 'i.result', 'i.message', 'p.display_name', 'p.upn'])
    .where('i.revocation_id', '=', revocation.id)
    .orderBy('p.display_name')
    .orderBy('i.grant_id')
    .execute();
  return rows.map((r) => ({
    grantId: r.grant_id,
    principalId: r.principal_id,
    displayName: r.display_name,
    upn: r.upn,
    scopes: r.scopes,
    result: r.result,
    message: r.message,
  }));
}

type RevocationRow = Selectable<ShadowAppRevocationsTable>;

function toRevocation(row: RevocationRow): Revocation {
  const counts = { total: 0, pending: 0, removed: 0, already_gone: 0, failed: 0, ...(row.counts as object) };
  return {
    id: row.id,
    connectorId: row.connector_id,
    appId: row.app_id,
    servicePrincipalId: row.service_principal_id,
    workflowId: row.workflow_id,
    requestedBy: row.requested_by,
    reason: row.reason,
    userIds: row.user_ids,
    status: row.status,
    counts,
    error: row.error,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
  };
}

export async function appendAudit(db: CatalogDb, note: AuditNote): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ actor: note.actor, action: note.action, subject: note.subject, detail: jsonb(note.detail) })
    .execute();
}
