// The evidence report of a campaign: every item with its reviewer, decision, time, comment, recommendation and apply
// result, as CSV (RFC 4180, formula cells neutralised like the audit export) or JSON Lines, streamed in item order.
// The bytes are a function of the items alone (UTC ISO times, fixed column and key order), so the SHA-256 recorded
// at completion matches every later download.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { inTransaction, type CatalogDb } from '../directory/writes/sql.js';
import { jsonb } from '../json.js';
import { csvLine } from '../../lib/csv.js';
import { eachReportRecord, REPORT_COLUMNS, type ReportRecord } from './report-rows.js';

export type ReportFormat = 'csv' | 'json';

/** One chunk per page of items (the CSV's header first); JSON Lines has one object per item and no header. */
export async function* reportChunks(db: CatalogDb, campaignId: string, format: ReportFormat): AsyncGenerator<string> {
  if (format === 'csv') yield csvLine(REPORT_COLUMNS);
  for await (const page of eachReportRecord(db, campaignId)) {
    yield page.map(format === 'csv' ? csvRecord : jsonRecord).join('');
  }
}

function csvRecord(record: ReportRecord): string {
  return csvLine(
    REPORT_COLUMNS.map((column) => (column === 'reviewers' ? record.reviewers.join(';') : record[column])),
  );
}

function jsonRecord(record: ReportRecord): string {
  // Built in REPORT_COLUMNS order, so key order never depends on how the record was assembled.
  return `${JSON.stringify(Object.fromEntries(REPORT_COLUMNS.map((column) => [column, record[column]])))}\n`;
}

/** Streams the report through SHA-256; hex digest. */
export async function reportSha256(db: CatalogDb, campaignId: string, format: ReportFormat): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of reportChunks(db, campaignId, format)) hash.update(chunk, 'utf8');
  return hash.digest('hex');
}

/**
 * Freezes each reviewer's label (UPN, else object id) on the assignments before the digests are taken: a reviewer renamed
 * or deleted in Entra after completion must not change the bytes of a later download. Idempotent (frozen labels stay).
 */
export async function freezeReviewerLabels(db: CatalogDb, campaignId: string): Promise<void> {
  await sql`update review_assignments a set reviewer_upn = coalesce((
      select p.upn from review_campaigns c join principals p on p.connector_id = c.connector_id
      where c.id = a.campaign_id and p.id = a.reviewer_id), a.reviewer_id)
    where a.campaign_id = ${campaignId} and a.reviewer_upn is null`.execute(db);
}

/** Stores both digests on the campaign and audits 'review.report' with them (idempotent: once per campaign). */
export async function recordReportDigests(
  db: CatalogDb,
  campaignId: string,
  digests: { csv: string; json: string },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const { rows } = await sql<{ report_sha256: Record<string, string> }>`
      select report_sha256 from review_campaigns where id = ${campaignId} for update`.execute(trx);
    const campaign = rows[0];
    if (!campaign) throw new Error(`There is no review campaign ${campaignId}`);
    if (campaign.report_sha256.csv && campaign.report_sha256.json) return;
    const sha256 = { csv: digests.csv, json: digests.json };
    await trx
      .updateTable('review_campaigns')
      .set({ report_sha256: jsonb(sha256) })
      .where('id', '=', campaignId)
      .execute();
    await trx
      .insertInto('audit_log')
      .values({ actor: 'lantern', action: 'review.report', subject: `review:${campaignId}`, detail: jsonb({ sha256 }) })
      .execute();
  });
}
