// Break-glass follow-up (policy v2): approvers and admins are told at once, beside provisioning (never delaying it), and
// once the access exists an access review of this one grant opens. Neither can end the grant: failures are audited.
import { proxyActivities } from '@temporalio/workflow';
import type { AccessActivities } from '../../activities/access/index.js';
import type { GrantState } from './state.js';
import { audit, failureMessage, target, type Note } from './steps.js';

// Few attempts: the notice is mail; provisioning goes on without it.
const notice = proxyActivities<AccessActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3, initialInterval: '2 seconds' },
});
// Retried for a few minutes (catalog or Temporal briefly unavailable); then the failure is audited for an admin.
const review = proxyActivities<AccessActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 8, initialInterval: '2 seconds', maximumInterval: '60 seconds' },
});

/** The audit row of the break-glass itself, written with the request's row. */
export const breakGlassNote = (state: GrantState): Note => ({
  actor: state.input.request.requesterId,
  action: 'access.break_glass',
  detail: { reason: state.input.request.justification },
});

/** Starts the notice; await the result before the workflow completes (an activity must not outlive its workflow). */
export function startBreakGlassNotice(state: GrantState): Promise<void> {
  const { principalUpn, request, policy } = state.input;
  return notice
    .notifyBreakGlass({
      ...target(state),
      principalUpn,
      requesterId: request.requesterId,
      // With the request id the notice links approvers to the review this grant opens (same derived campaign id).
      requestId: request.requestId,
      reason: request.justification,
      durationSeconds: request.durationSeconds,
      approverIds: policy.approverIds,
    })
    .then(
      () => undefined,
      () => undefined,
    );
}

/**
 * Opens the review of this grant beside the active hold. Its audit row is written at once while the grant is still
 * active; if the grant has moved on meanwhile, `finished` yields the row for the grant's final write instead.
 */
export async function openReview(state: GrantState): Promise<Note | null> {
  const plan = state.input.breakGlass!;
  const { request } = state.input;
  let note: Note;
  try {
    const { campaignId, items } = await review.openBreakGlassReview({
      ...target(state),
      requesterId: request.requesterId,
      requestId: request.requestId,
      reason: request.justification,
      reviewerIds: plan.reviewerIds,
      reviewWithinSeconds: plan.reviewWithinSeconds,
    });
    note = { actor: 'lantern', action: 'access.break_glass_review_opened', detail: { campaignId, items } };
  } catch (error) {
    note = { actor: 'lantern', action: 'access.break_glass_review_failed', detail: { error: failureMessage(error) } };
  }
  if (state.stage !== 'active') return note;
  await audit(state, note.actor, note.action, note.detail ?? {});
  return null;
}
