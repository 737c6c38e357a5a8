// The Audit page filters the log by actor, action and time, newest first, and offers the actions it holds: indexes
// that serve those keyset reads (id descending within one actor / action; a time range) without scanning the log.
import { sql, type Kysely, type Migration } from 'kysely';

const INDEXES = [
  'create index audit_log_action_id_idx on audit_log (action, id)',
  'create index audit_log_actor_id_idx on audit_log (actor, id)',
  'create index audit_log_at_idx on audit_log (at)',
];

export const auditFilters: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of INDEXES) await sql.raw(statement).execute(db);
  },
  async down(db: Kysely<unknown>) {
    for (const name of ['audit_log_action_id_idx', 'audit_log_actor_id_idx', 'audit_log_at_idx']) {
      await db.schema.dropIndex(name).execute();
    }
  },
};
