// The reviewCampaign workflow's state and the rules its updates enforce. Pure but for the workflow clock, which the
// sandbox makes deterministic, so the workflow file reads as the campaign's steps.
import { ApplicationFailure } from '@temporalio/workflow';
import { reminderTimes, type CampaignCounts, type CampaignStatus, type ReminderPlan } from '../../domain/reviews.js';
import {
  REVIEW_UPDATE_REFUSED,
  type ApplyReviewRequest,
  type CampaignPlan,
  type CloseReviewRequest,
  type ExtendReviewRequest,
  type ReviewCampaignInput,
  type ReviewStatus,
} from './messages.js';

const refuse = (message: string): never => {
  throw ApplicationFailure.nonRetryable(message, REVIEW_UPDATE_REFUSED);
};

/** Why and by whom the review window ended. */
export interface Closing {
  actorId: string;
  reason: 'due' | 'early';
  comment?: string | undefined;
}

export class ReviewState {
  status: CampaignStatus = 'staging';
  startMs = 0;
  dueMs = 0;
  /** Bumped whenever the due date moves, so the review window wakes and re-arms its timers. */
  dueVersion = 0;
  autoApply = false;
  reminders: ReminderPlan = { weekly: false, beforeDueSeconds: [] };
  lastReminderMs: number;
  counts: CampaignCounts | null = null;
  closeRequest: CloseReviewRequest | null = null;
  closing: Closing | null = null;
  applyRequest: ApplyReviewRequest | null = null;
  /** One extension at a time: each persists before it answers. */
  extending = false;
  applied = 0;
  remaining: number | null = null;
  error: string | null = null;

  constructor(readonly input: ReviewCampaignInput) {
    this.lastReminderMs = input.lastReminderAtMs ?? 0;
    if (input.resumePlan) this.load(input.resumePlan);
  }

  load(plan: CampaignPlan): void {
    this.status = plan.status;
    this.startMs = Date.parse(plan.startedAt);
    this.dueMs = Date.parse(plan.dueAt);
    this.autoApply = plan.autoApply;
    this.reminders = plan.reminders;
    this.lastReminderMs = Math.max(this.lastReminderMs, this.startMs);
  }

  /** What a continued run starts from (the catalog agrees: every change was written before the run ended). */
  plan(): CampaignPlan {
    return {
      status: this.status,
      startedAt: new Date(this.startMs).toISOString(),
      dueAt: new Date(this.dueMs).toISOString(),
      autoApply: this.autoApply,
      reminders: this.reminders,
    };
  }

  snapshot(): ReviewStatus {
    return {
      campaignId: this.input.campaignId,
      status: this.status,
      dueAt: new Date(this.dueMs).toISOString(),
      counts: this.counts,
    };
  }

  /**
   * The next reminder to send, or null when only the due date is left. Reminders missed while nobody ran the workflow
   * (a long outage) collapse into one: the newest past one.
   */
  nextReminder(nowMs: number): number | null {
    const ahead = reminderTimes(this.startMs, this.dueMs, this.reminders).filter((t) => t > this.lastReminderMs);
    const past = ahead.filter((t) => t <= nowMs);
    return past.at(-1) ?? ahead[0] ?? null;
  }

  /** The review window is over (or the campaign never reached it): a waiting close may answer. */
  closeSettled(): boolean {
    return this.status !== 'staging' && this.status !== 'in_review' && this.status !== 'closing';
  }

  checkClose(_request: CloseReviewRequest): void {
    if (this.status !== 'in_review') refuse(`The campaign is ${this.status}: only a campaign in review can be closed.`);
  }

  checkExtend(request: ExtendReviewRequest): void {
    if (this.status !== 'in_review' || this.closeRequest)
      refuse(
        `The campaign is ${this.closeRequest ? 'closing' : this.status}: only a campaign in review can be extended.`,
      );
    const wanted = Date.parse(request.dueAt);
    if (!Number.isFinite(wanted)) refuse(`The new due date "${request.dueAt}" is not a valid time.`);
    if (wanted <= this.dueMs)
      refuse(`The new due date must be later than the current one (${new Date(this.dueMs).toISOString()}).`);
  }

  moveDue(dueMs: number): void {
    this.dueMs = dueMs;
    this.dueVersion += 1;
  }

  checkApply(_request: ApplyReviewRequest): void {
    if (this.status !== 'awaiting_apply')
      refuse(`The campaign is ${this.status}: removals can be applied only when it awaits them.`);
  }
}
