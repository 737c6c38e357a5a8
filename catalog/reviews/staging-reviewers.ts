// Reviewers after staging: replacing those who left Entra, and who is still to be emailed which notice.
import { sql } from 'kysely';
import { chunk, inTransaction, rowsPerStatement, textArray, type CatalogDb } from '../directory/writes/sql.js';
import { ReviewCampaignMissing } from './campaigns.js';
import { appendReviewAudit, campaignSubject } from './staging-audit.js';

/**
 * Reviewers who left Entra (principal deleted or account disabled, per the catalog) lose their undecided items'
 * assignments to the campaign's fallback reviewers. Returns how many reviewers were replaced.
 */
export async function reassignDepartedReviewers(db: CatalogDb, campaignId: string): Promise<{ reassigned: number }> {
  return inTransaction(db, async (trx) => {
    const campaign = await trx
      .selectFrom('review_campaigns')
      .select(['connector_id', 'definition'])
      .where('id', '=', campaignId)
      .forUpdate()
      .executeTakeFirst();
    if (!campaign) throw new ReviewCampaignMissing(campaignId);
    const connectorId = campaign.connector_id;
    const fallbackIds = campaign.definition.reviewers.fallbackIds;
    // Decided items keep their assignments: they record who could decide them. The fallback never gets their own item.
    const { rows } = await sql<{ reviewer_id: string; items: string }>`
      with gone as (
        delete from review_assignments a using review_items i
        where a.campaign_id = ${campaignId} and i.campaign_id = a.campaign_id and i.id = a.item_id
          and i.decision is null
          and not exists (select 1 from principals p where p.connector_id = ${connectorId}
            and p.id = a.reviewer_id and p.kind = 'user' and p.account_enabled)
        returning a.reviewer_id, a.item_id, i.principal_id
      ), moved as (
        insert into review_assignments (campaign_id, item_id, reviewer_id, kind)
        select distinct ${campaignId}, g.item_id, f.id, 'fallback' from gone g
        cross join (
          select id from principals where connector_id = ${connectorId} and id = any(${textArray(fallbackIds)})
            and kind = 'user' and account_enabled
        ) f
        where f.id <> g.principal_id
        on conflict do nothing
        returning 1
      )
      select reviewer_id, count(*) as items from gone group by reviewer_id order by reviewer_id`.execute(trx);
    await appendReviewAudit(
      trx,
      rows.map((r) => ({
        actor: 'lantern',
        action: 'review.reassigned',
        subject: campaignSubject(campaignId),
        detail: { reviewer: r.reviewer_id, count: Number(r.items), to: fallbackIds },
      })),
    );
    return { reassigned: rows.length };
  });
}

export interface ReviewerToNotify {
  reviewerId: string;
  name: string;
  /** mail, else UPN; null = cannot be emailed. */
  address: string | null;
  assigned: number;
  undecided: number;
}

/**
 * Reviewers of the campaign not yet sent `notice`; `onlyUndecided` skips reviewers with nothing left to decide.
 * Reviewers no longer enabled in the catalog are left out (reassignDepartedReviewers moves their items).
 */
export async function reviewersToNotify(
  db: CatalogDb,
  campaignId: string,
  notice: string,
  opts: { onlyUndecided: boolean },
): Promise<ReviewerToNotify[]> {
  const { rows } = await sql<{
    reviewer_id: string;
    name: string;
    address: string | null;
    assigned: string;
    undecided: string;
  }>`
    select a.reviewer_id, p.display_name as name, coalesce(p.mail, p.upn) as address,
      count(*) as assigned, count(*) filter (where i.decision is null) as undecided
    from review_assignments a
    join review_campaigns c on c.id = a.campaign_id
    join review_items i on i.campaign_id = a.campaign_id and i.id = a.item_id
    join principals p on p.connector_id = c.connector_id and p.id = a.reviewer_id and p.account_enabled
    where a.campaign_id = ${campaignId}
      and not exists (select 1 from review_notices n where n.campaign_id = a.campaign_id
        and n.reviewer_id = a.reviewer_id and n.notice = ${notice})
    group by a.reviewer_id, p.display_name, p.mail, p.upn
    having not cast(${opts.onlyUndecided} as boolean) or count(*) filter (where i.decision is null) > 0
    order by a.reviewer_id`.execute(db);
  return rows.map((r) => ({
    reviewerId: r.reviewer_id,
    name: r.name,
    address: r.address,
    assigned: Number(r.assigned),
    undecided: Number(r.undecided),
  }));
}

/** Records that `notice` went to these reviewers (so a retry does not send it again). */
export async function markNotified(
  db: CatalogDb,
  campaignId: string,
  notice: string,
  reviewerIds: readonly string[],
): Promise<void> {
  const unique = [...new Set(reviewerIds)];
  for (const part of chunk(unique, rowsPerStatement(3))) {
    await db
      .insertInto('review_notices')
      .values(part.map((reviewer_id) => ({ campaign_id: campaignId, reviewer_id, notice })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}
