// Reading the append-only audit log (writes happen with each grant step, see grants.ts): newest first, keyset by id.
import { sql, type Kysely } from 'kysely';
import type { AuditEntry, CatalogSchema } from '../schema.js';

export interface AuditFilter {
  subject?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  /** Only entries at or after this time. */
  from?: Date | undefined;
  /** Only entries before this time. */
  to?: Date | undefined;
}

export interface AuditQuery extends AuditFilter {
  /** Only entries with a smaller id (the previous page's last id). */
  before?: string | undefined;
  limit: number;
}

export async function listAudit(db: Kysely<CatalogSchema>, query: AuditQuery): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(query.limit);
  if (query.subject) q = q.where('subject', '=', query.subject);
  if (query.actor) q = q.where('actor', '=', query.actor);
  if (query.action) q = q.where('action', '=', query.action);
  if (query.from) q = q.where('at', '>=', query.from);
  if (query.to) q = q.where('at', '<', query.to);
  if (query.before) q = q.where('id', '<', query.before);
  return q.execute();
}

/** Every matching entry, newest first, read a page at a time so an export of the whole log never sits in memory. */
export async function* eachAuditEntry(
  db: Kysely<CatalogSchema>,
  filter: AuditFilter & { before?: string | undefined; limit?: number | undefined },
  pageSize = 1000,
): AsyncGenerator<AuditEntry> {
  let left = filter.limit ?? Number.POSITIVE_INFINITY;
  let before = filter.before;
  while (left > 0) {
    const page = await listAudit(db, { ...filter, before, limit: Math.min(pageSize, left) });
    yield* page;
    left -= page.length;
    if (page.length < pageSize) return;
    before = page.at(-1)!.id;
  }
}

/**
 * The actions the log holds, for a filter's choices. A loose index scan (one index probe per distinct action on
 * audit_log_action_id_idx, migration 0010) rather than DISTINCT over the whole log.
 */
export async function auditActions(db: Kysely<CatalogSchema>): Promise<string[]> {
  const { rows } = await sql<{ action: string }>`
    with recursive actions(action) as (
      select min(action) from audit_log
      union all
      select (select min(action) from audit_log where action > actions.action) from actions where action is not null
    )
    select action from actions where action is not null`.execute(db);
  return rows.map((row) => row.action);
}
