// API tokens for automation (issue 13): named, role-bound, optionally scoped to one connector, always expiring. Only a
// SHA-256 digest of each token is stored; the token itself is shown once, when it is created.
// connector_id has no foreign key on purpose: deleting a connector must neither delete the token's row (its history
// would go) nor widen the token to every connector (as "on delete set null" would). A scope that names a deleted
// connector simply matches nothing.
import { sql, type Kysely, type Migration } from 'kysely';

const STATEMENTS = [
  `create table api_tokens (
    id uuid primary key,
    name text not null check (char_length(name) between 1 and 100),
    role text not null check (role in ('admin', 'reader')),
    connector_id text,
    token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
    created_by text not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null check (expires_at > created_at),
    last_used_at timestamptz,
    revoked_at timestamptz,
    revoked_by text)`,
  'create index api_tokens_created_at_idx on api_tokens (created_at)',
];

export const apiTokens: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('api_tokens').execute();
  },
};
