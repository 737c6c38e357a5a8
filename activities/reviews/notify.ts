// Reviewers' emails: at the start one per reviewer, then reminders to those with undecided items. Reviewers who left
// Entra are replaced by the fallback reviewers first, so the newcomers are mailed too. Each reviewer is marked as sent
// right after their message, so a retried activity skips them; the Message-ID is stable per campaign, reviewer and
// notice, so a duplicate (a crash between send and mark) is recognisable. Links are signed here, never in history.
import { Context } from '@temporalio/activity';
import { getCampaign } from '../../catalog/reviews/campaigns.js';
import { markNotified, reassignDepartedReviewers, reviewersToNotify } from '../../catalog/reviews/staging.js';
import type { CatalogDb } from '../../catalog/directory/writes/sql.js';
import { reviewLinkExpiry, reviewLinkUrl, type ReviewLinks } from '../../lib/links/review.js';
import type { NotifyResult } from '../../workflows/reviews/messages.js';
import type { Mailer } from '../email/mailer.js';
import { renderReviewEmail } from '../email/templates/reviews.js';

export interface ReviewEmailServices {
  mailer: Mailer;
  links: ReviewLinks;
  publicUrl: string;
}

export interface NotifyReviewersInput {
  campaignId: string;
  /** 'start' or 'reminder:<epoch ms>'. */
  notice: string;
}

const hex = (s: string): string => Buffer.from(s).toString('hex');
export const reviewMessageId = (campaignId: string, reviewerId: string, notice: string): string =>
  `<review.${hex(campaignId)}.${notice.replace(/[^\w-]/g, '-')}.${hex(reviewerId)}@lantern>`;

export async function notifyReviewers(
  db: CatalogDb,
  services: ReviewEmailServices | undefined,
  input: NotifyReviewersInput,
): Promise<NotifyResult> {
  const { reassigned } = await reassignDepartedReviewers(db, input.campaignId);
  // Without mail settings (tests, benches) reviewers find their items in the web app; nobody is marked as mailed.
  if (!services) return { sent: 0, reassigned };
  const campaign = await getCampaign(db, input.campaignId);
  if (!campaign) return { sent: 0, reassigned };
  const kind = input.notice === 'start' ? 'start' : 'reminder';
  const reviewers = await reviewersToNotify(db, input.campaignId, input.notice, { onlyUndecided: kind === 'reminder' });
  const expiresAtMs = reviewLinkExpiry(campaign.dueAt);
  let sent = 0;
  for (const reviewer of reviewers) {
    if (reviewer.address) {
      const token = services.links.sign({ campaignId: campaign.id, reviewerId: reviewer.reviewerId, expiresAtMs });
      await services.mailer.send({
        to: reviewer.address,
        ...renderReviewEmail({
          campaignName: campaign.name,
          reviewerName: reviewer.name,
          assigned: reviewer.assigned,
          undecided: reviewer.undecided,
          dueAt: campaign.dueAt,
          nowMs: Date.now(),
          reviewUrl: reviewLinkUrl(services.publicUrl, token),
          kind,
        }),
        messageId: reviewMessageId(campaign.id, reviewer.reviewerId, input.notice),
      });
      sent += 1;
    }
    // A reviewer without an address is marked too: no retry could reach them (they review in the web app).
    await markNotified(db, input.campaignId, input.notice, [reviewer.reviewerId]);
    Context.current().heartbeat();
  }
  return { sent, reassigned };
}
