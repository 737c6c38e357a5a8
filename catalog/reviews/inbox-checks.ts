// The checks a decision passes before anything is written, in the order a reviewer can act on them: is the campaign
// open, do the items exist, are they yours, are they someone else's access, can they be decided on their own.
import { sql } from 'kysely';
import type { CatalogDb } from '../directory/writes/sql.js';
import type { Applicability, CampaignStatus, ReviewDecision, ReviewerKind } from '../../domain/reviews.js';
import { ReviewRefusal } from './decisions.js';

export interface LockedCampaign {
  status: CampaignStatus;
  closedAt: Date | null;
  reviewerKind: ReviewerKind;
}

export interface CheckedItem {
  id: string;
  principalId: string;
  applicability: Applicability;
  viaGroup: string | null;
  decision: ReviewDecision | null;
  comment: string | null;
  /** Whether the deciding reviewer is one of the item's reviewers. */
  assigned: boolean;
}

/** `select … for update` on the campaign row: decisions and the close serialise on it. */
export async function lockCampaign(trx: CatalogDb, campaignId: string): Promise<LockedCampaign> {
  const { rows } = await sql<LockedCampaign>`
    select status, closed_at as "closedAt", definition->'reviewers'->>'kind' as "reviewerKind"
    from review_campaigns where id = ${campaignId} for update`.execute(trx);
  const campaign = rows[0];
  if (!campaign) throw new ReviewRefusal('unknown_campaign', `There is no review campaign ${campaignId}`);
  return campaign;
}

/** The first reason the whole decision is refused, or null when every item may be decided. */
export function decisionRefusal(
  campaign: LockedCampaign,
  requested: readonly string[],
  items: readonly CheckedItem[],
  reviewerId: string | null,
  /** Whose own access is refused: the reviewer, or the admin deciding on a reviewer's behalf (their object id). */
  selfId: string | null = reviewerId,
): ReviewRefusal | null {
  if (campaign.status !== 'in_review') return closedRefusal(campaign);
  const found = new Set(items.map((item) => item.id));
  const unknown = requested.filter((id) => !found.has(id));
  if (unknown.length > 0) {
    return new ReviewRefusal('unknown_items', `No such items in this campaign: ${listed(unknown)}`, unknown);
  }
  if (reviewerId !== null) {
    const notYours = items.filter((item) => !item.assigned).map((item) => item.id);
    if (notYours.length > 0) {
      return new ReviewRefusal(
        'not_reviewer',
        `You are not a reviewer of ${plural(notYours)} ${listed(notYours)}: only their reviewers may decide them`,
        notYours,
      );
    }
  }
  const own =
    campaign.reviewerKind === 'self' || selfId === null ? [] : items.filter((item) => item.principalId === selfId);
  if (own.length > 0) {
    const ids = own.map((item) => item.id);
    return new ReviewRefusal(
      'self_review',
      `${capital(plural(ids))} ${listed(ids)} ${ids.length === 1 ? 'is' : 'are'} your own access: ` +
        'you cannot review it unless the campaign is a self-review',
      ids,
    );
  }
  const viaGroup = items.filter((item) => item.applicability === 'via_group');
  if (viaGroup.length > 0) {
    const reasons = viaGroup.slice(0, 5).map((item) => `item ${item.id} is decided on its group ${item.viaGroup}`);
    const more = viaGroup.length > 5 ? ` (and ${viaGroup.length - 5} more)` : '';
    return new ReviewRefusal(
      'not_decidable',
      `Access held through a group cannot be decided on its own: ${reasons.join('; ')}${more}`,
      viaGroup.map((item) => item.id),
    );
  }
  return null;
}

function closedRefusal(campaign: LockedCampaign): ReviewRefusal {
  if (campaign.status === 'staging') {
    return new ReviewRefusal('closed', 'The campaign is still being staged; decisions open when its review starts');
  }
  const when = campaign.closedAt ? new Date(campaign.closedAt).toISOString() : 'an earlier date';
  return new ReviewRefusal('closed', `The campaign closed on ${when}; decisions are no longer accepted`);
}

const plural = (ids: readonly string[]) => (ids.length === 1 ? 'item' : 'items');
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** At most 20 ids in a message (the refusal carries all of them). */
function listed(ids: readonly string[]): string {
  const shown = ids.slice(0, 20).join(', ');
  return ids.length > 20 ? `${shown} and ${ids.length - 20} more` : shown;
}
