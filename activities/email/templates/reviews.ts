// Access review emails: the start of a campaign and its reminders, one per reviewer. They say which campaign, how many
// items wait for the reader, when it is due, and link to the reviewer's signed entry to their inbox (signing in first
// when needed). The link decides nothing by itself.
import { describeDuration, readableTime } from '../../../lib/time-text.js';
import { renderEmail, type RenderedEmail } from '../render.js';

export interface ReviewEmailContext {
  campaignName: string;
  reviewerName: string;
  /** Items the reviewer may decide, and of those still undecided. */
  assigned: number;
  undecided: number;
  dueAt: string;
  /** Now, per the worker's clock: the due date is also said as "in 3 days". */
  nowMs: number;
  reviewUrl: string;
  kind: 'start' | 'reminder';
}

const items = (n: number): string => `${n} item${n === 1 ? '' : 's'}`;

/** "in 3 days", "in 5 hours", or "now overdue" once the due date has passed. */
export function dueInWords(dueAt: string, nowMs: number): string {
  const seconds = (Date.parse(dueAt) - nowMs) / 1000;
  return seconds > 0 ? `in ${describeDuration(seconds)}` : 'now overdue';
}

export function renderReviewEmail(c: ReviewEmailContext): RenderedEmail {
  const due = `${readableTime(c.dueAt)} (${dueInWords(c.dueAt, c.nowMs)})`;
  return renderEmail({
    subject:
      c.kind === 'start'
        ? `Access review: ${c.campaignName} (${items(c.assigned)} to review)`
        : `Reminder: ${items(c.undecided)} left in the access review ${c.campaignName}`,
    paragraphs: [
      `Hello ${c.reviewerName},`,
      c.kind === 'start'
        ? `You are a reviewer in the access review "${c.campaignName}": ${items(c.assigned)} wait for your decision, keep or remove.`
        : `${items(c.undecided)} of the ${items(c.assigned)} you review in "${c.campaignName}" still wait for your decision.`,
      `The review is due at ${due}. Items nobody decides by then get the campaign's default decision.`,
      'Open the link to see your items in Lantern (you sign in with your work account first if needed).',
    ],
    action: { label: 'Review access', url: c.reviewUrl },
  });
}
