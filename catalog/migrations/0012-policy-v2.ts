// Approval policy v2: ordered stages with a quorum, who may request, break-glass and session revocation on the policy
// (null/false keeps a policy's v1 behaviour: one stage, anyone, no break-glass); on each grant, whether it was
// break-glass, when it asked to start, a removal a guard refused, and its approval stages' progress (so the pages
// read who decided from the catalog, not from one Temporal query per request); protected accounts no removal may touch.
import { sql, type Kysely, type Migration } from 'kysely';

const STATEMENTS = [
  `alter table access_policies
    add column stages jsonb, add column eligibility jsonb, add column break_glass jsonb,
    add column revoke_sessions boolean not null default false`,
  `alter table access_grants
    add column break_glass boolean not null default false, add column start_at timestamptz,
    add column removal_refused text, add column approval_stages jsonb`,
  // A grant approved before its requested start waits in stage `scheduled`.
  `alter table access_grants drop constraint access_grants_stage_check, add constraint access_grants_stage_check
    check (stage in ('pending_approval', 'scheduled', 'provisioning', 'active', 'deprovisioning', 'ended'))`,
  `create table protected_accounts (
    connector_id text not null references connectors(id) on delete cascade,
    principal_id text not null, reason text not null,
    added_by text not null, added_at timestamptz not null default now(),
    primary key (connector_id, principal_id))`,
];

export const policyV2: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql.raw('drop table protected_accounts').execute(db);
    await sql
      .raw(
        `alter table access_grants drop constraint access_grants_stage_check, add constraint access_grants_stage_check
          check (stage in ('pending_approval', 'provisioning', 'active', 'deprovisioning', 'ended'))`,
      )
      .execute(db);
    await sql
      .raw(
        'alter table access_grants drop column break_glass, drop column start_at, drop column removal_refused, drop column approval_stages',
      )
      .execute(db);
    await sql
      .raw(
        'alter table access_policies drop column stages, drop column eligibility, drop column break_glass, drop column revoke_sessions',
      )
      .execute(db);
  },
};
