// Staging: the snapshot of grants in scope into review_items (one INSERT … SELECT, never through history), each with
// its recommendation and applicability, then the assignments (who reviews each item). Sign-in activity read from
// Graph lands in principals.last_sign_in_at first.
import { sql } from 'kysely';
import { inTransaction, type CatalogDb } from '../directory/writes/sql.js';
import { campaignCounts, ReviewCampaignMissing } from './campaigns.js';
import { insertAssignments } from './staging-assignments.js';
import { appendReviewAudit, campaignSubject } from './staging-audit.js';
import { insertItems } from './staging-items.js';
import { jsonb } from '../json.js';

export { recordSignInActivity } from '../directory/writes/principals.js';
export {
  reassignDepartedReviewers,
  reviewersToNotify,
  markNotified,
  type ReviewerToNotify,
} from './staging-reviewers.js';

export interface StageCounts {
  items: number;
  reviewers: number;
  recommendedRemove: number;
  notApplicable: number;
}

/**
 * Idempotent and atomic (one transaction): if the campaign already has items, returns their counts; else inserts the
 * items in scope and their assignments, sets sign_in_known and staged_at, status 'in_review', audits 'review.staged'.
 */
export async function stageCampaign(
  db: CatalogDb,
  campaignId: string,
  opts: { signInKnown: boolean; now: Date },
): Promise<StageCounts> {
  return inTransaction(db, async (trx) => {
    // The row lock makes a retry that races the first attempt wait, then find the items and return their counts.
    const campaign = await trx
      .selectFrom('review_campaigns')
      .select(['connector_id', 'definition', 'staged_at'])
      .where('id', '=', campaignId)
      .forUpdate()
      .executeTakeFirst();
    if (!campaign) throw new ReviewCampaignMissing(campaignId);
    if (campaign.staged_at !== null) return stageCounts(trx, campaignId);
    const definition = { ...campaign.definition, connectorId: campaign.connector_id };
    // Item ids come from one sort of every grant in scope (150k on an XL tenant): let it happen in memory.
    await sql`set local work_mem = '64MB'`.execute(trx);
    // A campaign staged right after a connector's first sync would otherwise be planned on tables autovacuum has not
    // analysed yet: bench:review saw the XL INSERT … SELECT run for over 6 minutes instead of 4 s. Sampling costs ~1 s.
    await sql`analyze grants, principals, entitlements, resources, group_members`.execute(trx);
    await insertItems(trx, campaignId, definition, opts);
    // The planner has never seen these rows: without fresh statistics it joins 150k items by nested loops.
    await sql`analyze review_items`.execute(trx);
    await insertAssignments(trx, { campaignId, connectorId: campaign.connector_id }, definition.reviewers);
    await sql`analyze review_assignments`.execute(trx);
    const counts = await stageCounts(trx, campaignId);
    await trx
      .updateTable('review_campaigns')
      .set({
        status: 'in_review',
        staged_at: opts.now,
        sign_in_known: opts.signInKnown,
        counts: jsonb<Record<string, number>>({ ...(await campaignCounts(trx, campaignId)) }),
      })
      .where('id', '=', campaignId)
      .execute();
    await appendReviewAudit(trx, [
      {
        actor: 'lantern',
        action: 'review.staged',
        subject: campaignSubject(campaignId),
        detail: { ...counts, signInKnown: opts.signInKnown },
      },
    ]);
    return counts;
  });
}

async function stageCounts(db: CatalogDb, campaignId: string): Promise<StageCounts> {
  const { rows } = await sql<{ items: string; reviewers: string; remove: string; not_applicable: string }>`
    select count(*) as items,
      (select count(distinct reviewer_id) from review_assignments where campaign_id = ${campaignId}) as reviewers,
      count(*) filter (where recommendation = 'remove') as remove,
      count(*) filter (where applicability <> 'applicable') as not_applicable
    from review_items where campaign_id = ${campaignId}`.execute(db);
  const row = rows[0]!;
  return {
    items: Number(row.items),
    reviewers: Number(row.reviewers),
    recommendedRemove: Number(row.remove),
    notApplicable: Number(row.not_applicable),
  };
}
