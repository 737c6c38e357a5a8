// How the API drives access review campaigns: start one campaign workflow per campaign (review:{campaignId}), send it
// the owner's updates (close early, extend, apply), read its status, and manage a series' Temporal Schedule.
// (Owner: workflow helper. Stub until implemented.)
import type { Client } from '@temporalio/client';
import type { RecurrenceCadence } from '../../domain/reviews.js';
import type {
  ApplyReviewRequest,
  CloseReviewRequest,
  ExtendReviewRequest,
  ReviewStatus,
} from '../../workflows/reviews/messages.js';

export interface ReviewsTemporal {
  /** Starts the campaign's workflow; a second start for the same campaign is a no-op. */
  startCampaign(c: { campaignId: string; connectorId: string; name: string }): Promise<{ workflowId: string }>;
  /**
   * The owner's updates. A refusal by the workflow (already closed, due date not later…) is thrown as
   * ReviewUpdateRefused with the workflow's message, which the API answers as 409.
   */
  close(campaignId: string, request: CloseReviewRequest): Promise<ReviewStatus>;
  extend(campaignId: string, request: ExtendReviewRequest): Promise<ReviewStatus>;
  apply(campaignId: string, request: ApplyReviewRequest): Promise<ReviewStatus>;
  /** null when the workflow does not exist. */
  status(campaignId: string): Promise<ReviewStatus | null>;
  /** Waits for the campaign to finish (tests and tools). */
  result(campaignId: string): Promise<ReviewStatus>;
  /** Creates (idempotently) the series' schedule: one occurrence per cadence period, the first one period from now. */
  createSeriesSchedule(s: {
    seriesId: string;
    connectorId: string;
    name: string;
    cadence: RecurrenceCadence;
  }): Promise<{ scheduleId: string }>;
  /** Deletes the schedule (running campaigns go on); idempotent. */
  stopSeriesSchedule(seriesId: string): Promise<void>;
}

export class ReviewUpdateRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewUpdateRefused';
  }
}

export function reviewsTemporal(_client: Client, _taskQueue: string): ReviewsTemporal {
  throw new Error('not implemented');
}
