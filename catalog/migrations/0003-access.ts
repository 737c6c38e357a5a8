// Just-in-time access: policies (per entitlement, '' = the connector's default) and Lantern-granted access, one row
// per accessGrant workflow id (the current or last grant of a connector/entitlement/principal). The audit trail goes to
// the append-only audit_log from 0001.
import { sql, type Kysely, type Migration } from 'kysely';

const CONNECTOR = 'connector_id text not null references connectors (id) on delete cascade';

const STATEMENTS = [
  `create table access_policies (
    ${CONNECTOR}, entitlement_id text not null,
    max_duration_seconds integer not null check (max_duration_seconds > 0),
    approval_required boolean not null,
    approvers jsonb not null default '{}'::jsonb,
    auto_approve_group_id text,
    request_timeout_seconds integer not null check (request_timeout_seconds > 0),
    extension_needs_approval boolean not null,
    updated_at timestamptz not null default now(),
    primary key (connector_id, entitlement_id))`,
  `create table access_grants (
    workflow_id text primary key, ${CONNECTOR},
    entitlement_id text not null, principal_id text not null, principal_upn text not null, requester_id text not null,
    stage text not null check (stage in ('pending_approval', 'provisioning', 'active', 'deprovisioning', 'ended')),
    end_reason text check (end_reason in ('expired', 'revoked', 'denied', 'request_expired', 'failed')),
    expires_at timestamptz, pre_existing boolean not null default false, approver_ids jsonb not null default '[]'::jsonb,
    updated_at timestamptz not null default now())`,
  'create index access_grants_principal_idx on access_grants (connector_id, principal_id)',
  'create index access_grants_requester_idx on access_grants (requester_id, updated_at)',
];

export const access: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['access_grants', 'access_policies']) await db.schema.dropTable(table).execute();
  },
};
