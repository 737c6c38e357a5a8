// The evidence report of a campaign: every item with its reviewer, decision, time, comment, recommendation and apply
// result, as CSV (RFC 4180, formula cells neutralised like the audit export) or JSON Lines, streamed in item order.
// The bytes are a function of the items alone, so the SHA-256 recorded at completion matches every later download.
// (Owner: catalog-decisions helper. Stubs until implemented.)
import type { CatalogDb } from '../directory/writes/sql.js';

export type ReportFormat = 'csv' | 'json';

export async function* reportChunks(
  _db: CatalogDb,
  _campaignId: string,
  _format: ReportFormat,
): AsyncGenerator<string> {
  throw new Error('not implemented');
}

/** Streams the report through SHA-256; hex digest. */
export async function reportSha256(_db: CatalogDb, _campaignId: string, _format: ReportFormat): Promise<string> {
  throw new Error('not implemented');
}

/** Stores both digests on the campaign and audits 'review.report' with them (idempotent: once per campaign). */
export async function recordReportDigests(
  _db: CatalogDb,
  _campaignId: string,
  _digests: { csv: string; json: string },
): Promise<void> {
  throw new Error('not implemented');
}
