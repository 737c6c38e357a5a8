// How the API drives access review campaigns: start one campaign workflow per campaign (review:{campaignId}), send it
// the owner's updates (close early, extend, apply), read its status, and manage a series' Temporal Schedule.
//
// Series cadence → an interval schedule: monthly every 30 days, quarterly 91, semiannually 182, annually 365 days,
// offset so the first occurrence comes one period after the series is created (not on a calendar boundary: a series
// created mid-month reviews a full period's changes each time). Overlap SKIP: an occurrence only creates its campaign
// and starts it, so a skipped one means the previous occurrence is somehow still starting.
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { RecurrenceCadence } from '../../domain/reviews.js';
import { ConnectorIdKey, OwnerKey, StageKey } from '../search-attributes.js';
import {
  REVIEW_CAMPAIGN_WORKFLOW_TYPE,
  REVIEW_OCCURRENCE_WORKFLOW_TYPE,
  applyReviewUpdate,
  closeReviewUpdate,
  extendReviewUpdate,
  reviewCampaignWorkflowId,
  reviewOccurrenceWorkflowId,
  reviewScheduleId,
  reviewStatusQuery,
  type ApplyReviewRequest,
  type CloseReviewRequest,
  type ExtendReviewRequest,
  type ReviewCampaignInput,
  type ReviewOccurrenceInput,
  type ReviewStatus,
} from '../../workflows/reviews/messages.js';
import { staticSummary } from './summary.js';

export interface ReviewsTemporal {
  /** Starts the campaign's workflow; a second start for the same campaign is a no-op. */
  startCampaign(c: {
    campaignId: string;
    connectorId: string;
    name: string;
    /** The creator as the audit log names them (Owner search attribute). */
    owner?: string | undefined;
    /** Tests shorten activity retries and heartbeats, and lower the history length that continues as new. */
    retry?: ReviewCampaignInput['retry'];
    historyLimit?: number | undefined;
  }): Promise<{ workflowId: string }>;
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

const DAY_MS = 86_400_000;
export const CADENCE_DAYS: Record<RecurrenceCadence, number> = {
  monthly: 30,
  quarterly: 91,
  semiannually: 182,
  annually: 365,
};

export function reviewsTemporal(client: Client, taskQueue: string): ReviewsTemporal {
  const handle = (campaignId: string) => client.workflow.getHandle(reviewCampaignWorkflowId(campaignId));
  const update = async (run: () => Promise<ReviewStatus>): Promise<ReviewStatus> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) {
        const cause = error.cause instanceof ApplicationFailure ? error.cause : undefined;
        throw new ReviewUpdateRefused(cause?.message ?? error.message);
      }
      if (error instanceof WorkflowNotFoundError)
        throw new ReviewUpdateRefused('This campaign has finished: there is nothing left to change.');
      throw error;
    }
  };
  return {
    async startCampaign({ campaignId, connectorId, name, owner, retry, historyLimit }) {
      const workflowId = reviewCampaignWorkflowId(campaignId);
      const input: ReviewCampaignInput = {
        campaignId,
        connectorId,
        name,
        ...(owner ? { owner } : {}),
        ...(retry ? { retry } : {}),
        ...(historyLimit ? { historyLimit } : {}),
      };
      try {
        await client.workflow.start(REVIEW_CAMPAIGN_WORKFLOW_TYPE, {
          workflowId,
          taskQueue,
          args: [input],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
          typedSearchAttributes: [
            { key: ConnectorIdKey, value: connectorId },
            { key: StageKey, value: 'staging' },
            ...(owner ? [{ key: OwnerKey, value: owner }] : []),
          ],
          staticSummary: staticSummary(`Access review ${name}`),
        });
      } catch (error) {
        if ((error as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw error;
      }
      return { workflowId };
    },
    close: (campaignId, request) =>
      update(() => handle(campaignId).executeUpdate(closeReviewUpdate, { args: [request] })),
    extend: (campaignId, request) =>
      update(() => handle(campaignId).executeUpdate(extendReviewUpdate, { args: [request] })),
    apply: (campaignId, request) =>
      update(() => handle(campaignId).executeUpdate(applyReviewUpdate, { args: [request] })),
    async status(campaignId) {
      try {
        return await handle(campaignId).query(reviewStatusQuery);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return null;
        throw error;
      }
    },
    result: (campaignId) => handle(campaignId).result() as Promise<ReviewStatus>,
    async createSeriesSchedule({ seriesId, connectorId, name, cadence }) {
      const scheduleId = reviewScheduleId(seriesId);
      const everyMs = CADENCE_DAYS[cadence] * DAY_MS;
      const owner = `schedule:${seriesId}`;
      try {
        await client.schedule.create({
          scheduleId,
          // The offset puts the first occurrence one period from now, and each later one a period after it.
          spec: { intervals: [{ every: everyMs, offset: Date.now() % everyMs }] },
          action: {
            type: 'startWorkflow',
            workflowType: REVIEW_OCCURRENCE_WORKFLOW_TYPE,
            workflowId: reviewOccurrenceWorkflowId(seriesId),
            taskQueue,
            args: [{ seriesId } satisfies ReviewOccurrenceInput],
            typedSearchAttributes: [
              { key: ConnectorIdKey, value: connectorId },
              { key: OwnerKey, value: owner },
            ],
            staticSummary: staticSummary(`Start the next access review of ${name}`),
          },
          policies: { overlap: 'SKIP', catchupWindow: '1 day' },
          state: { note: `Created by Lantern for access review series ${seriesId} (${cadence})` },
          typedSearchAttributes: [{ key: ConnectorIdKey, value: connectorId }],
          memo: { series: name, cadence },
        });
      } catch (error) {
        if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      }
      return { scheduleId };
    },
    async stopSeriesSchedule(seriesId) {
      try {
        await client.schedule.getHandle(reviewScheduleId(seriesId)).delete();
      } catch (error) {
        if (!(error instanceof ScheduleNotFoundError)) throw error;
      }
    },
  };
}
