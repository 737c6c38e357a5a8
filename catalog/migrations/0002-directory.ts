// The synced directory: principals, resources, entitlements, grants (baton-style), direct group-membership edges,
// discovered (shadow) apps, sync runs and delta cursors. Plain PostgreSQL 15 SQL so PGlite and PostgreSQL agree.
// Rows reference each other without foreign keys on purpose: Graph pages arrive in any order (a grant before its
// principal) and deltas are partial; the writers keep the tables consistent and a full sync sweeps the rest. Only the
// connector is a real foreign key, so deleting a connector deletes everything synced from its tenant.
import { sql, type Kysely, type Migration } from 'kysely';

const CONNECTOR = 'connector_id text not null references connectors (id) on delete cascade';
const GENERATION = 'generation bigint not null';

const STATEMENTS = [
  `create table principals (
    ${CONNECTOR}, id text not null,
    kind text not null check (kind in ('user', 'managedIdentity', 'servicePrincipal')),
    display_name text not null, upn text, mail text, user_type text check (user_type in ('Member', 'Guest')),
    account_enabled boolean not null, department text, job_title text, employee_id text, employee_type text,
    manager_id text, last_sign_in_at timestamptz, attributes jsonb not null default '{}'::jsonb,
    ${GENERATION}, synced_at timestamptz not null default now(),
    primary key (connector_id, id))`,
  'create index principals_name_idx on principals (connector_id, display_name, id)',
  // Prefix search ("ada" → Ada Lovelace, ada@contoso.com) uses these; substring search scans one connector's rows.
  'create index principals_name_prefix_idx on principals (connector_id, lower(display_name) text_pattern_ops)',
  'create index principals_upn_prefix_idx on principals (connector_id, lower(upn) text_pattern_ops)',
  'create index principals_mail_prefix_idx on principals (connector_id, lower(mail) text_pattern_ops)',

  `create table resources (
    ${CONNECTOR}, id text not null,
    type text not null check (type in ('group', 'application', 'directoryRole')),
    display_name text not null, description text, immutable boolean not null, immutable_reason text,
    attributes jsonb not null default '{}'::jsonb, ${GENERATION},
    primary key (connector_id, id))`,
  'create index resources_type_name_idx on resources (connector_id, type, display_name, id)',

  `create table entitlements (
    ${CONNECTOR}, id text not null, resource_id text not null,
    resource_type text not null check (resource_type in ('group', 'application', 'directoryRole')),
    kind text not null check (kind in ('member', 'owner', 'appRole', 'roleMember')),
    display_name text not null, app_role_id text, immutable boolean not null, ${GENERATION},
    primary key (connector_id, id))`,
  'create index entitlements_resource_idx on entitlements (connector_id, resource_id, id)',

  // The primary key doubles as the by-entitlement index; via_group_id is '' for a direct grant so it can be in it.
  `create table grants (
    ${CONNECTOR}, entitlement_id text not null, principal_id text not null,
    principal_kind text not null check (principal_kind in ('user', 'managedIdentity', 'servicePrincipal', 'group')),
    via_group_id text not null default '', source_id text, ${GENERATION},
    primary key (connector_id, entitlement_id, principal_id, via_group_id))`,
  'create index grants_principal_idx on grants (connector_id, principal_id, entitlement_id, via_group_id)',
  "create index grants_via_group_idx on grants (connector_id, via_group_id) where via_group_id <> ''",

  `create table group_members (
    ${CONNECTOR}, group_id text not null, member_id text not null,
    member_kind text not null check (member_kind in ('user', 'managedIdentity', 'servicePrincipal', 'group')),
    ${GENERATION},
    primary key (connector_id, group_id, member_id))`,
  // Walks membership upwards (which groups contain this one?) when a delta changes a nested group.
  'create index group_members_member_idx on group_members (connector_id, member_id)',

  `create table discovered_apps (
    ${CONNECTOR}, app_id text not null, service_principal_id text, display_name text not null, publisher text,
    verified_publisher boolean not null default false, scopes text[] not null default '{}', risky_scopes text[] not null default '{}',
    consenting_users integer not null default 0, last_used_at timestamptz, first_seen_at timestamptz not null default now(),
    ${GENERATION},
    primary key (connector_id, app_id))`,
  'create index discovered_apps_consent_idx on discovered_apps (connector_id, consenting_users desc, app_id)',

  `create table sync_runs (
    id text primary key, ${CONNECTOR}, ${GENERATION}, workflow_id text, run_id text,
    mode text not null check (mode in ('full', 'delta')),
    status text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
    started_at timestamptz not null default now(), finished_at timestamptz,
    counts jsonb not null default '{}'::jsonb, requests integer not null default 0,
    resource_units integer not null default 0, throttled integer not null default 0, error text,
    unique (connector_id, generation))`,
  'create index sync_runs_newest_idx on sync_runs (connector_id, started_at desc, id desc)',

  `create table sync_cursors (
    ${CONNECTOR}, collection text not null, delta_link text not null, updated_at timestamptz not null default now(),
    primary key (connector_id, collection))`,
];

const TABLES = [
  'sync_cursors',
  'sync_runs',
  'discovered_apps',
  'group_members',
  'grants',
  'entitlements',
  'resources',
  'principals',
];

export const directory: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  },

  async down(db: Kysely<unknown>) {
    for (const table of TABLES) await db.schema.dropTable(table).execute();
  },
};
