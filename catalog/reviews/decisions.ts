// Reviewers' decisions, the reviewer inbox's reads, the default decision at close. A decision is all or nothing: one
// transaction locks the campaign row (so a close cannot slip between the status check and the write), checks every
// item, then writes with one set-based UPDATE and one multi-row audit INSERT, whatever the number of items.
import { sql } from 'kysely';
import { inTransaction, textArray, type CatalogDb } from '../directory/writes/sql.js';
import { jsonb } from '../json.js';
import { sanitizeText } from '../../lib/safe-text.js';
import type {
  Applicability,
  ApplyResult,
  DefaultDecision,
  Recommendation,
  ReviewDecision,
  DecisionSource,
} from '../../domain/reviews.js';
import { decisionRefusal, lockCampaign, type CheckedItem } from './inbox-checks.js';

export { listItems, InvalidReviewCursor } from './inbox-list.js';

/** Why a decision was refused; the API maps code → status (409 closed, 403 not_reviewer/self_review, 404 unknown_items, 422 not_decidable). */
export class ReviewRefusal extends Error {
  constructor(
    readonly code: 'closed' | 'not_reviewer' | 'self_review' | 'unknown_items' | 'not_decidable' | 'unknown_campaign',
    message: string,
    readonly itemIds: string[] = [],
  ) {
    super(message);
    this.name = 'ReviewRefusal';
  }
}

export interface DecideInput {
  campaignId: string;
  itemIds: readonly string[];
  decision: ReviewDecision;
  comment: string | null;
  /** The reviewer's Entra object id; null = an admin deciding on a reviewer's behalf (source 'admin'). */
  reviewerId: string | null;
  /** An admin deciding on a reviewer's behalf: their Entra object id, so their own access stays not theirs to decide. */
  deciderId?: string | null | undefined;
  /** Audit actor label ('session:<oid>', 'api-token:<id>'). */
  actor: string;
  requestId?: string | undefined;
}

export interface DecideOutcome {
  /** Items whose decision was written now. */
  decided: number;
  /** Items that already carried this decision and comment (a double-submitted form). */
  unchanged: number;
}

/**
 * All or nothing, in one transaction that locks the campaign row: refused (ReviewRefusal) when the campaign is not
 * in_review, any item is unknown, not assigned to the reviewer, the reviewer's own access (unless a self-review), or
 * held via a group. Writes one audit row per changed item ('review.decided'). A decision may change until close.
 * decided_by is the reviewer's object id, or the actor label when an admin decides on someone's behalf.
 */
export async function decideItems(db: CatalogDb, input: DecideInput): Promise<DecideOutcome> {
  const itemIds = [...new Set(input.itemIds)];
  const comment = input.comment?.trim() ? sanitizeText(input.comment.trim()) : null;
  const source: DecisionSource = input.reviewerId === null ? 'admin' : 'reviewer';
  return inTransaction(db, async (trx) => {
    const campaign = await lockCampaign(trx, input.campaignId);
    const items = await checkedItems(trx, input.campaignId, itemIds, input.reviewerId);
    const refusal = decisionRefusal(
      campaign,
      itemIds,
      items,
      input.reviewerId,
      input.reviewerId ?? input.deciderId ?? null,
    );
    if (refusal) throw refusal;
    const changed = items
      .filter((item) => item.decision !== input.decision || item.comment !== comment)
      .map((item) => item.id);
    if (changed.length > 0) {
      const ids = sql`cast(${textArray(changed)} as bigint[])`;
      await sql`
        update review_items set decision = ${input.decision}, decision_source = ${source},
          decided_by = ${input.reviewerId ?? input.actor}, decided_at = now(), comment = ${comment}
        where campaign_id = ${input.campaignId} and id = any(${ids})`.execute(trx);
      const detail = jsonb({ decision: input.decision, comment, source });
      await sql`
        insert into audit_log (actor, action, subject, detail, request_id)
        select ${input.actor}, 'review.decided', ${`review:${input.campaignId}:`} || item_id, ${detail},
          ${input.requestId ?? null}
        from unnest(${ids}) with ordinality as u(item_id, n) order by n`.execute(trx);
    }
    return { decided: changed.length, unchanged: items.length - changed.length };
  });
}

/** The requested items that exist, with what the checks need (assignment to this reviewer, whose access it is). */
async function checkedItems(
  trx: CatalogDb,
  campaignId: string,
  itemIds: readonly string[],
  reviewerId: string | null,
): Promise<CheckedItem[]> {
  // Ids that are not bigint literals cannot name an item; leaving them out makes them "unknown", not a SQL error.
  const wellFormed = itemIds.filter((id) => /^[1-9][0-9]{0,17}$/.test(id));
  if (wellFormed.length === 0) return [];
  const { rows } = await sql<CheckedItem>`
    select i.id::text as id, i.principal_id as "principalId", i.applicability,
      coalesce(i.via_group_name, i.via_group_id) as "viaGroup", i.decision, i.comment,
      exists (select 1 from review_assignments a
        where a.campaign_id = i.campaign_id and a.item_id = i.id and a.reviewer_id = ${reviewerId ?? ''}) as assigned
    from review_items i
    where i.campaign_id = ${campaignId} and i.id = any(cast(${textArray(wellFormed)} as bigint[]))
    order by i.id`.execute(trx);
  return rows;
}

export interface ReviewItemView {
  id: string;
  entitlementId: string;
  entitlementKind: string;
  entitlementName: string;
  resourceId: string;
  resourceType: string;
  resourceName: string;
  principalId: string;
  principalKind: string;
  principalName: string;
  principalUpn: string | null;
  userType: string | null;
  accountEnabled: boolean;
  lastSignInAt: string | null;
  viaGroupId: string | null;
  viaGroupName: string | null;
  applicability: Applicability;
  applicabilityReason: string | null;
  recommendation: Recommendation;
  recommendationReason: string;
  decision: ReviewDecision | null;
  decisionSource: DecisionSource | null;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
  applyResult: ApplyResult | null;
  applyMessage: string | null;
  appliedAt: string | null;
  /** Entra object ids of everyone who may decide it. */
  reviewerIds: string[];
}

export type InboxSort = 'principal' | 'resource' | 'lastSignIn' | 'recommendation';

export interface InboxQuery {
  campaignId: string;
  /** Only items this person may decide; null = every item (admins, reports). */
  reviewerId: string | null;
  decision?: 'undecided' | 'keep' | 'remove' | 'all' | undefined;
  recommendation?: Recommendation | undefined;
  /** Case-insensitive substring of principal name/UPN or resource name. */
  q?: string | undefined;
  sort?: InboxSort | undefined;
  /** Opaque keyset cursor from the previous page's nextCursor. */
  cursor?: string | undefined;
  limit: number;
}

/**
 * At close: every undecided, decidable item gets the campaign's default (keep, remove, or its recommendation — 'none'
 * counts as keep), source 'default', decided_by 'lantern'. Idempotent. Returns how many it decided.
 * Via-group and unsupported items stay undecided (settleNonRemovals marks them not applicable). One audit row
 * ('review.defaulted', with the count) per campaign: a retry that finds nothing left to decide writes no second one.
 */
export async function applyDefaultDecision(
  db: CatalogDb,
  campaignId: string,
  defaultDecision: DefaultDecision,
): Promise<{ defaulted: number }> {
  const decision =
    defaultDecision === 'recommendation'
      ? sql`case when recommendation = 'remove' then 'remove' else 'keep' end`
      : sql`${defaultDecision}`;
  return inTransaction(db, async (trx) => {
    await lockCampaign(trx, campaignId);
    const result = await sql`
      update review_items set decision = ${decision}, decision_source = 'default', decided_by = 'lantern',
        decided_at = now()
      where campaign_id = ${campaignId} and decision is null and applicability in ('applicable', 'immutable')`.execute(
      trx,
    );
    const defaulted = Number(result.numAffectedRows ?? 0);
    const subject = `review:${campaignId}`;
    const audited = await trx
      .selectFrom('audit_log')
      .select('id')
      .where('subject', '=', subject)
      .where('action', '=', 'review.defaulted')
      .executeTakeFirst();
    if (defaulted > 0 || !audited) {
      await trx
        .insertInto('audit_log')
        .values({
          actor: 'lantern',
          action: 'review.defaulted',
          subject,
          detail: jsonb({ defaulted, defaultDecision }),
        })
        .execute();
    }
    return { defaulted };
  });
}
