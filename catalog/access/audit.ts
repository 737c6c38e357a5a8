// Reading the append-only audit log (writes happen with each grant step, see grants.ts): newest first, keyset by id.
import type { Kysely } from 'kysely';
import type { AuditEntry, CatalogSchema } from '../schema.js';

export interface AuditQuery {
  subject?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  /** Only entries with a smaller id (the previous page's last id). */
  before?: string | undefined;
  limit: number;
}

export async function listAudit(db: Kysely<CatalogSchema>, query: AuditQuery): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(query.limit);
  if (query.subject) q = q.where('subject', '=', query.subject);
  if (query.actor) q = q.where('actor', '=', query.actor);
  if (query.action) q = q.where('action', '=', query.action);
  if (query.before) q = q.where('id', '<', query.before);
  return q.execute();
}
