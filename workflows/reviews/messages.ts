// The access review contract: workflow names and ids, inputs, every update and query, and the activities' inputs and
// results, defined once and shared by the API, the worker and tests. Sandbox-safe (imports only @temporalio/workflow
// and types). History carries ids and counts only: the items live in the catalog (catalog/reviews/).
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CampaignCounts, CampaignStatus } from '../../domain/reviews.js';

export const REVIEW_CAMPAIGN_WORKFLOW_TYPE = 'reviewCampaign';
/** Started by a series' Temporal Schedule at each occurrence: creates that occurrence's campaign and starts it. */
export const REVIEW_OCCURRENCE_WORKFLOW_TYPE = 'reviewOccurrence';

export const reviewCampaignWorkflowId = (campaignId: string): string => `review:${campaignId}`;
export const reviewScheduleId = (seriesId: string): string => `review-series:${seriesId}`;

export const REVIEW_FAILURES = {
  /** The campaign's row is gone (deleted with its connector): nothing left to do. */
  missing: 'ReviewCampaignMissing',
} as const;

export interface ReviewCampaignInput {
  campaignId: string;
  connectorId: string;
  /** For the Temporal UI's summary line only. */
  name: string;
  /** Set when the run continued as new: where to pick up (the catalog holds everything else). */
  resumeAt?: 'in_review' | 'applying' | undefined;
  /** Tests shorten activity retries; default 1 s doubling to 30 s. */
  retry?: { initialSeconds: number; maximumSeconds: number; heartbeatSeconds?: number | undefined } | undefined;
  /** Set when the run continued as new during the review: the last reminder already sent (epoch ms). */
  lastReminderAtMs?: number | undefined;
  /** Set when the run continued as new: the plan as the previous run left it, so updates are answered at once. */
  resumePlan?: CampaignPlan | undefined;
  /** Shown as the Owner search attribute (the creator's audit label, or 'schedule:<seriesId>'). */
  owner?: string | undefined;
  /** History length (events) that makes the run continue as new at its next safe point; default 2,000. Tests lower it. */
  historyLimit?: number | undefined;
}

export interface ReviewOccurrenceInput {
  seriesId: string;
}

/** The workflow id prefix of a series' occurrences (the schedule appends each occurrence's time). */
export const reviewOccurrenceWorkflowId = (seriesId: string): string => `review-occurrence:${seriesId}`;

export interface ReviewStatus {
  campaignId: string;
  status: CampaignStatus;
  dueAt: string;
  counts: CampaignCounts | null;
}

export interface CloseReviewRequest {
  actorId: string;
  reason?: string | undefined;
}
export interface ExtendReviewRequest {
  actorId: string;
  /** ISO; must be later than the current due date. */
  dueAt: string;
}
export interface ApplyReviewRequest {
  actorId: string;
}

/** Close early: the default decision applies to undecided items now, as it would at the due date. */
export const closeReviewUpdate = defineUpdate<ReviewStatus, [CloseReviewRequest]>('closeReview');
/** Move the due date later (reminders follow it). */
export const extendReviewUpdate = defineUpdate<ReviewStatus, [ExtendReviewRequest]>('extendReview');
/** Campaigns without auto-apply wait in awaiting_apply until the owner applies the removals. */
export const applyReviewUpdate = defineUpdate<ReviewStatus, [ApplyReviewRequest]>('applyReview');
export const reviewStatusQuery = defineQuery<ReviewStatus>('reviewStatus');
/** Failure type of an update the workflow refuses (wrong status, due date not later): the API answers 409. */
export const REVIEW_UPDATE_REFUSED = 'ReviewUpdateRefused';

// ---- activities (activities/reviews/): every one idempotent and keyed by the campaign id ----

/** What the workflow needs to arm its timers, read from the campaign's row. */
export interface CampaignPlan {
  status: CampaignStatus;
  startedAt: string;
  dueAt: string;
  autoApply: boolean;
  reminders: { weekly: boolean; beforeDueSeconds: number[] };
}

export interface StageResult {
  items: number;
  reviewers: number;
  recommendedRemove: number;
  notApplicable: number;
  signInKnown: boolean;
}

export interface NotifyResult {
  /** Emails sent now (a retried call skips reviewers already sent this notice). */
  sent: number;
  /** Reviewers who had left Entra (disabled or deleted) and whose items moved to the fallback reviewers. */
  reassigned: number;
}

export interface ApplyBatchResult {
  processed: number;
  remaining: number;
  /** Workflow ids of live just-in-time grants on pairs this batch removed: the workflow revokes them (signal). */
  jitGrantIds: string[];
}
