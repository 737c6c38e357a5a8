// People's sign-in sessions (api/people/): server-side so every API replica shares them and a restart keeps them. The
// id is never stored, only its SHA-256; the CSRF secret is random per session. Indexed by person so a sync that sees a
// user disabled or deleted can end their sessions at once.
import { sql, type Kysely, type Migration } from 'kysely';

const STATEMENTS = [
  `create table sessions (
    id_hash text primary key,
    object_id text not null, tenant_id text not null,
    upn text not null, display_name text not null,
    app_roles jsonb not null default '[]'::jsonb,
    csrf_secret text not null,
    created_at timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    expires_at timestamptz not null)`,
  'create index sessions_person_idx on sessions (tenant_id, object_id)',
  'create index sessions_expires_idx on sessions (expires_at)',
];

export const sessions: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('sessions').execute();
  },
};
