// Access reviews: series (a recurring definition a Temporal Schedule instantiates), campaigns (one review window, its
// definition frozen at creation), review items (the snapshot of grants in scope taken at staging, with recommendation,
// decision and apply result: the evidence), assignments (who may decide which item) and notices (which reviewer was
// emailed what, so a retried activity never emails twice). Items never travel through workflow history.
import { sql, type Kysely, type Migration } from 'kysely';

const STATEMENTS = [
  `create table review_series (
    id text primary key, connector_id text not null references connectors(id) on delete cascade,
    name text not null, definition jsonb not null, cadence text not null, schedule_id text not null,
    created_by text not null, created_at timestamptz not null default now(), stopped_at timestamptz)`,

  `create table review_campaigns (
    id text primary key, connector_id text not null references connectors(id) on delete cascade,
    series_id text references review_series(id) on delete set null,
    name text not null, definition jsonb not null, workflow_id text not null,
    owner_id text not null, owner_subject text,
    status text not null default 'staging' check (status in
      ('staging', 'in_review', 'closing', 'awaiting_apply', 'applying', 'completed', 'failed')),
    started_at timestamptz not null default now(), due_at timestamptz not null,
    staged_at timestamptz, closed_at timestamptz, completed_at timestamptz,
    sign_in_known boolean, counts jsonb not null default '{}'::jsonb,
    report_sha256 jsonb not null default '{}'::jsonb, error text)`,
  'create index review_campaigns_connector_idx on review_campaigns (connector_id, started_at desc)',
  // A schedule's occurrence creates its campaign once, whatever retries: the occurrence's workflow id is the key.
  'create unique index review_campaigns_occurrence_idx on review_campaigns (series_id, workflow_id)',

  `create table review_items (
    campaign_id text not null references review_campaigns(id) on delete cascade,
    id bigint not null,
    entitlement_id text not null, entitlement_kind text not null, entitlement_name text not null,
    resource_id text not null, resource_type text not null, resource_name text not null,
    principal_id text not null, principal_kind text not null, principal_name text not null,
    principal_upn text, user_type text, account_enabled boolean not null default true,
    last_sign_in_at timestamptz,
    via_group_id text not null default '', via_group_name text,
    applicability text not null check (applicability in ('applicable', 'via_group', 'immutable', 'unsupported')),
    applicability_reason text,
    recommendation text not null check (recommendation in ('keep', 'remove', 'none')),
    recommendation_reason text not null,
    decision text check (decision in ('keep', 'remove')), decision_source text
      check (decision_source in ('reviewer', 'default', 'admin')),
    decided_by text, decided_at timestamptz, comment text,
    apply_result text check (apply_result in ('removed', 'already_gone', 'kept', 'not_applicable', 'refused', 'failed')),
    apply_message text, applied_at timestamptz,
    primary key (campaign_id, id))`,
  'create unique index review_items_pair_idx on review_items (campaign_id, entitlement_id, principal_id, via_group_id)',
  // The apply loop claims "remove, not yet applied" in id order.
  `create index review_items_to_apply_idx on review_items (campaign_id, id)
    where decision = 'remove' and apply_result is null`,
  // The inbox's sort orders (catalog/reviews/inbox-query.ts, same expressions): a page walks one of these instead of
  // sorting the campaign (150k items: a few ms instead of ~100 ms on PostgreSQL).
  'create index review_items_sort_principal_idx on review_items (campaign_id, principal_name, resource_name, id)',
  'create index review_items_sort_resource_idx on review_items (campaign_id, resource_name, principal_name, id)',
  `create index review_items_sort_sign_in_idx on review_items
    (campaign_id, coalesce(last_sign_in_at, '-infinity'::timestamptz), principal_name, id)`,
  `create index review_items_sort_recommendation_idx on review_items
    (campaign_id, (case recommendation when 'remove' then 0 when 'none' then 1 else 2 end), principal_name, id)`,

  `create table review_assignments (
    campaign_id text not null, item_id bigint not null, reviewer_id text not null,
    kind text not null check (kind in ('owner', 'manager', 'named', 'self', 'fallback')),
    reviewer_upn text,
    primary key (campaign_id, reviewer_id, item_id),
    foreign key (campaign_id, item_id) references review_items(campaign_id, id) on delete cascade)`,
  'create index review_assignments_item_idx on review_assignments (campaign_id, item_id)',
  // A person's /reviews page: their campaigns across every campaign (the primary key leads with the campaign).
  'create index review_assignments_reviewer_idx on review_assignments (reviewer_id, campaign_id)',

  `create table review_notices (
    campaign_id text not null references review_campaigns(id) on delete cascade, reviewer_id text not null,
    notice text not null, sent_at timestamptz not null default now(),
    primary key (campaign_id, reviewer_id, notice))`,
];

const TABLES = ['review_notices', 'review_assignments', 'review_items', 'review_campaigns', 'review_series'];

export const accessReviews: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  },
  async down(db: Kysely<unknown>) {
    for (const table of TABLES) await db.schema.dropTable(table).execute();
  },
};
