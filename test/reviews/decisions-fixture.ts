// Review campaigns written straight into the catalog for the decisions, apply and report tests: a connector, one
// campaign in a chosen status, items built from short specs, and their reviewer assignments. No staging involved, so
// these tests pin the catalog's own rules (helper 1's review-world.ts covers staging from a real directory).
import { sql } from 'kysely';
import { jsonb } from '../../catalog/json.js';
import type { CatalogDb } from '../../catalog/directory/writes/sql.js';
import type { StoredDefinition } from '../../catalog/reviews/schema.js';
import type {
  Applicability,
  CampaignStatus,
  Recommendation,
  ReviewDecision,
  ReviewerKind,
} from '../../domain/reviews.js';

export const CONNECTOR = 'conn-reviews';

export interface ItemSpec {
  principalId?: string;
  principalName?: string;
  principalUpn?: string | null;
  resourceName?: string;
  entitlementName?: string;
  viaGroup?: { id: string; name: string } | undefined;
  applicability?: Applicability;
  applicabilityReason?: string | null;
  recommendation?: Recommendation;
  lastSignInAt?: string | null;
  decision?: ReviewDecision | null;
  comment?: string | null;
  /** Entra object ids of the item's reviewers. */
  reviewers?: string[];
}

export interface SeedOptions {
  id: string;
  status?: CampaignStatus;
  closedAt?: string | null;
  reviewerKind?: ReviewerKind;
  items: ItemSpec[];
}

/** Inserts the campaign and its items (ids 1..n in spec order); returns the item ids. */
export async function seedCampaign(db: CatalogDb, options: SeedOptions): Promise<string[]> {
  await db
    .insertInto('connectors')
    .values({ id: CONNECTOR, display_name: 'Contoso' })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const definition = {
    connectorId: CONNECTOR,
    name: options.id,
    scope: { kinds: ['groupMembers'] },
    reviewers: { kind: options.reviewerKind ?? 'owners', fallbackIds: ['fallback'] },
    durationSeconds: 86_400,
    reminders: { weekly: false, beforeDueSeconds: [] },
    defaultDecision: 'keep',
    autoApply: true,
    inactiveDays: 30,
    recurrence: null,
  } satisfies StoredDefinition;
  await db
    .insertInto('review_campaigns')
    .values({
      id: options.id,
      connector_id: CONNECTOR,
      name: options.id,
      definition: jsonb(definition),
      workflow_id: `review:${options.id}`,
      owner_id: 'session:owner',
      owner_subject: 'owner',
      status: options.status ?? 'in_review',
      due_at: new Date(Date.now() + 86_400_000),
      closed_at: options.closedAt ?? null,
    })
    .execute();
  const rows = options.items.map((spec, index) => itemRow(options.id, index + 1, spec));
  for (let start = 0; start < rows.length; start += 2000) {
    await db
      .insertInto('review_items')
      .values(rows.slice(start, start + 2000))
      .execute();
  }
  // As staging does: fresh statistics before the assignments' foreign-key checks and the inbox's plans.
  await sql`analyze review_items`.execute(db);
  const assignments = options.items.flatMap((spec, index) =>
    (spec.reviewers ?? []).map((reviewer) => ({
      campaign_id: options.id,
      item_id: index + 1,
      reviewer_id: reviewer,
      kind: 'owner' as const,
    })),
  );
  for (let start = 0; start < assignments.length; start += 4000) {
    await db
      .insertInto('review_assignments')
      .values(assignments.slice(start, start + 4000))
      .execute();
  }
  await sql`analyze review_assignments`.execute(db);
  return rows.map((row) => String(row.id));
}

function itemRow(campaignId: string, n: number, spec: ItemSpec) {
  const principalId = spec.principalId ?? `user-${n}`;
  return {
    campaign_id: campaignId,
    id: n,
    entitlement_id: `ent-${n}`,
    entitlement_kind: 'member',
    entitlement_name: spec.entitlementName ?? 'Member',
    resource_id: `group-${n}`,
    resource_type: 'group',
    resource_name: spec.resourceName ?? `Group ${n}`,
    principal_id: principalId,
    principal_kind: 'user',
    principal_name: spec.principalName ?? `Person ${n}`,
    principal_upn: spec.principalUpn === undefined ? `${principalId}@contoso.com` : spec.principalUpn,
    user_type: 'Member',
    last_sign_in_at: spec.lastSignInAt ?? null,
    via_group_id: spec.viaGroup?.id ?? '',
    via_group_name: spec.viaGroup?.name ?? null,
    applicability: spec.applicability ?? (spec.viaGroup ? 'via_group' : 'applicable'),
    applicability_reason: spec.applicabilityReason ?? null,
    recommendation: spec.recommendation ?? 'none',
    recommendation_reason: 'Sign-in activity is unknown',
    decision: spec.decision ?? null,
    decision_source: spec.decision ? ('reviewer' as const) : null,
    decided_by: spec.decision ? 'someone' : null,
    decided_at: spec.decision ? new Date() : null,
    comment: spec.comment ?? null,
  };
}

export interface AuditRow {
  actor: string;
  action: string;
  subject: string | null;
  detail: Record<string, unknown>;
  request_id: string | null;
}

/** Audit rows of one action whose subject starts with `review:<campaignId>`, oldest first. */
export async function auditOf(db: CatalogDb, campaignId: string, action: string): Promise<AuditRow[]> {
  const { rows } = await sql<AuditRow>`
    select actor, action, subject, detail, request_id from audit_log
    where action = ${action} and (subject = ${`review:${campaignId}`} or subject like ${`review:${campaignId}:%`})
    order by id`.execute(db);
  return rows;
}

export async function itemRows(db: CatalogDb, campaignId: string) {
  return db.selectFrom('review_items').selectAll().where('campaign_id', '=', campaignId).orderBy('id').execute();
}
