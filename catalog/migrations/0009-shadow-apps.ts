// Shadow apps: who consented to each discovered app (written by the sync, swept like the rest of the catalog), the
// administrator's triage of each app (never swept: it must survive re-syncs), and revocations of consents with one
// result per consent (a revoke workflow's plan and outcome, kept here so Temporal history carries only counts).
import { sql, type Kysely, type Migration } from 'kysely';

const STATEMENTS = [
  `create table discovered_app_consents (
    connector_id text not null references connectors(id) on delete cascade, app_id text not null,
    grant_id text not null, principal_id text not null, scopes text[] not null default '{}',
    generation bigint not null,
    primary key (connector_id, grant_id))`,
  'create index discovered_app_consents_app_idx on discovered_app_consents (connector_id, app_id, principal_id)',

  `create table shadow_app_triage (
    connector_id text not null references connectors(id) on delete cascade, app_id text not null,
    state text not null check (state in ('new', 'authorized', 'ignored', 'revoked')),
    owner_id text, note text not null default '', decided_by text not null, decided_at timestamptz not null default now(),
    primary key (connector_id, app_id))`,

  `create table shadow_app_revocations (
    id text primary key, connector_id text not null references connectors(id) on delete cascade,
    app_id text not null, service_principal_id text not null, workflow_id text not null,
    requested_by text not null, reason text not null default '', user_ids text[],
    status text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
    planned boolean not null default false, counts jsonb not null default '{}'::jsonb, error text,
    started_at timestamptz not null default now(), finished_at timestamptz)`,
  'create index shadow_app_revocations_app_idx on shadow_app_revocations (connector_id, app_id, started_at desc)',

  `create table shadow_app_revocation_items (
    revocation_id text not null references shadow_app_revocations(id) on delete cascade, grant_id text not null,
    principal_id text, scopes text[] not null default '{}',
    result text not null default 'pending' check (result in ('pending', 'removed', 'already_gone', 'failed')),
    message text, decided_at timestamptz,
    primary key (revocation_id, grant_id))`,
];

const TABLES = [
  'shadow_app_revocation_items',
  'shadow_app_revocations',
  'shadow_app_triage',
  'discovered_app_consents',
];

export const shadowApps: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  },
  async down(db: Kysely<unknown>) {
    for (const table of TABLES) await db.schema.dropTable(table).execute();
  },
};
