// The reviewCampaign workflow's activities and the small steps around them: proxies with bounded retries (applying
// keeps retrying throttling), the Temporal UI's stage and summary, revoking just-in-time grants by signal, and when
// to continue as new.
import {
  ActivityFailure,
  ApplicationFailure,
  getExternalWorkflowHandle,
  proxyActivities,
  setCurrentDetails,
  upsertSearchAttributes,
  workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { ReviewActivities } from '../../activities/reviews/index.js';
import { ConnectorIdKey, StageKey } from '../../temporal/search-attributes.js';
import { revokeAccessSignal } from '../access/messages.js';
import { REVIEW_FAILURES, type ReviewCampaignInput } from './messages.js';
import type { ReviewState } from './state.js';

/** History this long (events) ends the run at the next safe point, well before Temporal's 10,240-event warning. */
const HISTORY_LIMIT = 2_000;

export function reviewActivities(input: ReviewCampaignInput) {
  const retry = input.retry ?? { initialSeconds: 1, maximumSeconds: 30 };
  const pacing = {
    initialInterval: `${retry.initialSeconds} seconds`,
    maximumInterval: `${retry.maximumSeconds} seconds`,
    nonRetryableErrorTypes: Object.values(REVIEW_FAILURES),
  };
  const options: ActivityOptions = {
    // Staging an XL directory or mailing thousands of reviewers takes minutes; a dead worker is noticed by heartbeat.
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: `${retry.heartbeatSeconds ?? 30} seconds`,
    // Bounded: a failure that never clears ends the campaign failed with its reason instead of "running" for ever.
    retry: { ...pacing, maximumAttempts: 10 },
  };
  const steps = proxyActivities<ReviewActivities>(options);
  // Removals retry throttling and outages until Graph answers (no attempt limit): the results recorded so far stay.
  const removals = proxyActivities<ReviewActivities>({ ...options, retry: pacing });
  // (The SDK's proxies have no own keys to spread: pick the apply batch out by name.)
  return new Proxy(steps, {
    get: (target, name: string) =>
      name === 'applyReviewBatch' ? removals.applyReviewBatch : target[name as keyof typeof target],
  });
}

export type ReviewSteps = ReturnType<typeof reviewActivities>;

export function show(state: ReviewState, line?: string): void {
  const { input } = state;
  upsertSearchAttributes([
    { key: ConnectorIdKey, value: input.connectorId },
    { key: StageKey, value: state.status },
  ]);
  const c = state.counts;
  const lines = [
    `**${state.status}** — access review "${input.name}" (campaign ${input.campaignId})`,
    `Due ${new Date(state.dueMs || 0).toISOString()}`,
    ...(c
      ? [`Items ${c.items}, reviewers ${c.reviewers}, decided ${c.decided} (keep ${c.keep}, remove ${c.remove})`]
      : []),
    ...(state.status === 'applying' || state.status === 'completed'
      ? [`Applied ${state.applied}${state.remaining === null ? '' : `, ${state.remaining} left`}`]
      : []),
    ...(c && state.status === 'completed'
      ? [
          `Removed ${c.removed}, already gone ${c.alreadyGone}, not applicable ${c.notApplicable}, refused ${c.refused}, failed ${c.failed}`,
        ]
      : []),
    ...(state.error ? [`Problem: ${state.error}`] : []),
    ...(line ? [line] : []),
  ];
  setCurrentDetails(lines.join('\n\n'));
}

/** Each grant's workflow revokes itself (actor review:<id>) and removes the access as it always does. */
export async function revokeJitGrants(state: ReviewState, grantIds: readonly string[]): Promise<void> {
  const request = {
    actorId: `review:${state.input.campaignId}`,
    actorRole: 'admin' as const,
    reason: `Removed by access review "${state.input.name}"`,
  };
  await Promise.all(
    grantIds.map(async (grantId) => {
      try {
        await getExternalWorkflowHandle(grantId).signal(revokeAccessSignal, request);
      } catch {
        // The grant's workflow has already closed: nothing left to revoke.
      }
    }),
  );
}

export function shouldContinueAsNew(input: ReviewCampaignInput): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength > (input.historyLimit ?? HISTORY_LIMIT);
}

/** Why the campaign stopped, as its owner reads it: the last failure of the activity that ran out of attempts. */
export function failureReason(err: unknown): string {
  if (err instanceof ApplicationFailure) return err.message;
  if (!(err instanceof ActivityFailure)) throw err;
  const cause = err.cause;
  const message = cause instanceof ApplicationFailure ? cause.message : (cause?.message ?? err.message);
  return `${err.activityType ?? 'A step'} failed: ${message}`;
}
