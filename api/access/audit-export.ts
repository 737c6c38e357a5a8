// The audit log as a download: JSON lines or CSV, streamed a keyset page at a time (eachAuditEntry), so exporting
// 100k entries never builds one big string. CSV follows RFC 4180 (quoted fields, CRLF, a header row) and neutralises
// spreadsheet formulas: a cell starting with = + - @ (or a tab / carriage return) gets a leading quote.
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { eachAuditEntry, type AuditFilter } from '../../catalog/access/audit.js';
import type { AuditEntry, CatalogSchema } from '../../catalog/index.js';
import { csvCell } from '../../lib/csv.js';

export type AuditExportFormat = 'jsonl' | 'csv';

export const CSV_COLUMNS = ['id', 'at', 'actor', 'action', 'subject', 'request_id', 'detail'] as const;

// The cell rule lives in lib/csv.ts (the review evidence report uses it too); re-exported for existing importers.
export { csvCell };

export function csvRow(entry: AuditEntry): string {
  const at = entry.at instanceof Date ? entry.at.toISOString() : String(entry.at);
  const cells = [
    entry.id,
    at,
    entry.actor,
    entry.action,
    entry.subject,
    entry.request_id,
    JSON.stringify(entry.detail),
  ];
  return `${cells.map((cell) => csvCell(cell)).join(',')}\r\n`;
}

async function* exportLines(
  db: Kysely<CatalogSchema>,
  filter: AuditFilter & { before?: string | undefined; limit?: number | undefined },
  format: AuditExportFormat,
): AsyncGenerator<string> {
  if (format === 'csv') yield `${CSV_COLUMNS.join(',')}\r\n`;
  for await (const entry of eachAuditEntry(db, filter)) {
    yield format === 'csv' ? csvRow(entry) : `${JSON.stringify(entry)}\n`;
  }
}

/** Sends the matching entries (all of them unless `limit` says otherwise) as a download, streamed. */
export function sendAuditExport(
  reply: FastifyReply,
  db: Kysely<CatalogSchema>,
  filter: AuditFilter & { before?: string | undefined; limit?: number | undefined },
  format: AuditExportFormat,
): FastifyReply {
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '');
  const type = format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/x-ndjson; charset=utf-8';
  return reply
    .type(type)
    .header('content-disposition', `attachment; filename="lantern-audit-${stamp}.${format}"`)
    .send(Readable.from(exportLines(db, filter, format)));
}
