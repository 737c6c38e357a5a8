// reviewCampaign: staging → in_review → closing → [awaiting_apply] → applying → completed (or failed). The items live
// in the catalog; history carries ids and counts. Reminders and the due date are durable timers that re-arm when the
// owner extends; closing early, extending and applying are updates; long campaigns continue as new at safe points.
import { allHandlersFinished, ApplicationFailure, condition, continueAsNew, setHandler } from '@temporalio/workflow';
import {
  applyReviewUpdate,
  closeReviewUpdate,
  extendReviewUpdate,
  reviewStatusQuery,
  type ReviewCampaignInput,
  type ReviewStatus,
} from './messages.js';
import { ReviewState, type Closing } from './state.js';
import {
  failureReason,
  reviewActivities,
  revokeJitGrants,
  shouldContinueAsNew,
  show,
  type ReviewSteps,
} from './steps.js';

export async function reviewCampaign(input: ReviewCampaignInput): Promise<ReviewStatus> {
  const state = new ReviewState(input);
  const steps = reviewActivities(input);
  const { campaignId } = input;
  setHandler(reviewStatusQuery, () => state.snapshot());
  setHandler(
    closeReviewUpdate,
    async (request) => {
      state.closeRequest ??= request;
      await condition(() => state.closeSettled());
      return state.snapshot();
    },
    { validator: (request) => state.checkClose(request) },
  );
  setHandler(
    extendReviewUpdate,
    async (request) => {
      await condition(() => !state.extending);
      state.checkExtend(request); // again: another extension or the due date may have moved things meanwhile
      state.extending = true;
      try {
        await steps.extendReviewDueDate({ campaignId, dueAt: request.dueAt, actorId: request.actorId });
        state.moveDue(Date.parse(request.dueAt));
      } finally {
        state.extending = false;
      }
      return state.snapshot();
    },
    { validator: (request) => state.checkExtend(request) },
  );
  setHandler(
    applyReviewUpdate,
    async (request) => {
      state.applyRequest ??= request;
      await condition(() => state.status !== 'awaiting_apply');
      return state.snapshot();
    },
    { validator: (request) => state.checkApply(request) },
  );

  try {
    if (!input.resumePlan) state.load(await steps.loadCampaignPlan({ campaignId }));
    show(state);
    await runToEnd(state, steps);
  } catch (err) {
    state.error = failureReason(err);
    await steps.failReviewCampaign({ campaignId, error: state.error });
    state.status = 'failed';
  }
  show(state);
  await condition(allHandlersFinished);
  return state.snapshot();
}

/** Each step moves the status on; the catalog's status is where a resumed (continued or restarted) run picks up. */
async function runToEnd(state: ReviewState, steps: ReviewSteps): Promise<void> {
  const { campaignId, connectorId } = state.input;
  for (;;) {
    switch (state.status) {
      case 'staging': {
        const { signInKnown } = await steps.refreshSignInActivity({ campaignId, connectorId });
        await steps.stageReviewCampaign({ campaignId, signInKnown });
        state.status = 'in_review';
        state.counts = await steps.reviewCounts({ campaignId });
        break;
      }
      case 'in_review':
        if (state.input.resumeAt !== 'in_review') await steps.notifyReviewers({ campaignId, notice: 'start' });
        show(state);
        state.closing = await reviewWindow(state, steps);
        state.status = 'closing';
        break;
      case 'closing': {
        const closing: Closing = state.closing ?? { actorId: 'lantern', reason: 'due' };
        state.counts = await steps.closeReviewCampaign({ campaignId, ...closing });
        state.status = state.autoApply ? 'applying' : 'awaiting_apply';
        state.counts = await steps.setReviewStage({ campaignId, status: state.status });
        break;
      }
      case 'awaiting_apply':
        show(state, 'Waiting for the owner to apply the removals');
        await condition(() => state.applyRequest !== null);
        state.status = 'applying';
        await steps.setReviewStage({ campaignId, status: 'applying' });
        break;
      case 'applying':
        await applyRemovals(state, steps);
        state.counts = await steps.completeReviewCampaign({ campaignId });
        state.status = 'completed';
        break;
      case 'completed':
      case 'failed':
        return;
    }
    show(state);
  }
}

/**
 * The updatable timer: sleep until the next reminder or the due date, whichever comes first; wake early on a close
 * request or a moved due date (reminders are recomputed from it). Continues as new at the top of a round when the
 * history has grown long (a campaign of many weeks with daily reminders).
 */
async function reviewWindow(state: ReviewState, steps: ReviewSteps): Promise<Closing> {
  const { campaignId } = state.input;
  for (;;) {
    if (shouldContinueAsNew(state.input) && !state.closeRequest) {
      // A close update waits for this loop to settle it, so it must not be waited for here (it would never finish).
      await condition(() => allHandlersFinished() || state.closeRequest !== null);
    }
    if (shouldContinueAsNew(state.input) && !state.closeRequest) {
      await continueAsNew<typeof reviewCampaign>({
        ...state.input,
        resumeAt: 'in_review',
        resumePlan: state.plan(),
        lastReminderAtMs: state.lastReminderMs,
      });
    }
    const version = state.dueVersion;
    const reminder = state.nextReminder(Date.now());
    const wakeAt = reminder ?? state.dueMs;
    // At least 1 ms: the SDK reads `condition(fn, 0)` through an internal patch of its own, which would add a marker.
    const woke = await condition(
      () => state.closeRequest !== null || state.dueVersion !== version,
      Math.max(1, wakeAt - Date.now()),
    );
    if (state.closeRequest) {
      const { actorId, reason } = state.closeRequest;
      return { actorId, reason: 'early', ...(reason ? { comment: reason } : {}) };
    }
    if (woke || state.dueVersion !== version) continue;
    if (state.extending) {
      // An extension is being saved as the timer fires: let it land, then re-arm on the new due date.
      await condition(() => !state.extending);
      continue;
    }
    // The timer ran its full length with nothing moved: decided without reading the clock again (replay-safe).
    if (reminder === null) return { actorId: 'lantern', reason: 'due' };
    await steps.notifyReviewers({ campaignId, notice: `reminder:${reminder}` });
    state.lastReminderMs = reminder;
  }
}

/** Batches until nothing is left; each batch's just-in-time grants are revoked by signal before the next one. */
async function applyRemovals(state: ReviewState, steps: ReviewSteps): Promise<void> {
  const { campaignId, connectorId } = state.input;
  for (;;) {
    show(state);
    const batch = await steps.applyReviewBatch({ campaignId, connectorId });
    state.applied += batch.processed;
    state.remaining = batch.remaining;
    await revokeJitGrants(state, batch.jitGrantIds);
    if (batch.remaining === 0) break;
    if (batch.processed === 0)
      throw ApplicationFailure.nonRetryable(
        `Applying made no progress: ${batch.remaining} items left without a result.`,
      );
    if (shouldContinueAsNew(state.input)) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof reviewCampaign>({ ...state.input, resumeAt: 'applying', resumePlan: state.plan() });
    }
  }
  // A batch whose worker died after recording its results never returned their grants: sweep them now.
  await revokeJitGrants(state, await steps.unrevokedJitGrants({ campaignId, connectorId }));
}
