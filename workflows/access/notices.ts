// The grant's emails: approvers get the request and each extension that needs their approval; the requester is warned
// before expiry (once per expiry value: an extension that moves the expiry re-arms it) and told when the access (or
// request) ends. Mail never holds the grant: few attempts, failures ignored (approvers can decide through the API).
import { CancellationScope, condition, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { AccessActivities } from '../../activities/access/index.js';
import { DEFAULT_EXPIRY_WARNING_SECONDS } from './messages.js';
import type { GrantState } from './state.js';

const mail = proxyActivities<AccessActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3, initialInterval: '2 seconds' },
});

export function grantOf(state: GrantState) {
  const { connectorId, entitlementId, principalId, principalUpn, request } = state.input;
  return {
    workflowId: workflowInfo().workflowId,
    connectorId,
    entitlementId,
    principalId,
    principalUpn,
    requesterId: request.requesterId,
  };
}

/**
 * Sends the approval emails before waiting for a decision (a decision arriving meanwhile is kept and acted on next).
 * Awaited, not run alongside: a workflow completing (e.g. a quick denial) while the activity's result arrives fails
 * its workflow task (UnhandledCommand), and the server then fails the deny update that was in that task.
 */
export async function emailApprovers(state: GrantState): Promise<void> {
  const { policy } = state.input;
  await mailApprovers(state, policy.approverIds, Date.now() + policy.requestTimeoutSeconds * 1000);
}

/**
 * Policy v2: emails who may decide now, the current stage's approvers, when the stage starts and again (its
 * fallbacks) when it escalates; the links expire with the stage. Awaited like emailApprovers, for the same reason.
 */
export async function emailStageApprovers(state: GrantState): Promise<void> {
  const approval = state.approval!;
  await mailApprovers(state, approval.approversNow(), approval.deadlineMs);
}

async function mailApprovers(state: GrantState, approverIds: string[], decideByMs: number): Promise<void> {
  const { request } = state.input;
  await mail
    .notifyApprovers({
      ...grantOf(state),
      approverIds,
      durationSeconds: request.durationSeconds,
      justification: request.justification,
      ticket: request.ticket,
      decideBy: new Date(decideByMs).toISOString(),
      requestId: request.requestId,
    })
    .catch(() => undefined);
}

/** After the grant entered `ended`: what ended, why, when (and the recorded problem when it failed). */
export async function emailAccessEnded(state: GrantState): Promise<void> {
  await mail
    .notifyAccessEnded({
      ...grantOf(state),
      reason: state.endReason ?? 'failed',
      endedAt: new Date(Date.now()).toISOString(),
      failure: state.endReason === 'failed' ? state.failure : null,
      preExisting: state.preExisting,
    })
    .catch(() => undefined);
}

/** Mail sent while the grant is active. Stop it when the hold ends; await `finished` before the workflow completes. */
export interface ActiveStageMail {
  stop(): void;
  finished: Promise<void>;
}

export function startActiveStageMail(state: GrantState): ActiveStageMail {
  let stopped = false;
  const isStopped = () => stopped;
  // Its own scope, cancelled on stop: a send still retrying against a dead mail server must not hold the grant's end.
  const scope = new CancellationScope();
  const finished = scope
    .run(() => Promise.all([warnBeforeExpiry(state, isStopped), emailExtensionApprovers(state, isStopped)]))
    .then(
      () => undefined,
      () => undefined,
    );
  return {
    stop: () => {
      stopped = true;
      scope.cancel();
    },
    finished,
  };
}

async function warnBeforeExpiry(state: GrantState, stopped: () => boolean): Promise<void> {
  const leadMs = (state.input.policy.expiryWarningSeconds ?? DEFAULT_EXPIRY_WARNING_SECONDS) * 1000;
  if (leadMs <= 0) return;
  while (!stopped()) {
    const expiry = state.expiresAtMs!;
    const moved = () => stopped() || state.expiresAtMs !== expiry;
    // Checked when this expiry was set (the loop wakes in that same activation): a grant no longer than the lead
    // time gets no warning, it would arrive as soon as the access does.
    if (expiry - Date.now() > leadMs && !(await condition(moved, expiry - leadMs - Date.now()))) {
      await mail
        .notifyExpiryWarning({
          ...grantOf(state),
          expiresAt: new Date(expiry).toISOString(),
          extensionSeconds: state.input.request.durationSeconds,
        })
        .catch(() => undefined);
    }
    await condition(moved);
  }
}

async function emailExtensionApprovers(state: GrantState, stopped: () => boolean): Promise<void> {
  const { policy } = state.input;
  let mailed: string | null = null;
  for (;;) {
    await condition(
      () => stopped() || (state.pendingExtension !== null && state.pendingExtension.requestId !== mailed),
    );
    if (stopped()) return;
    const extension = state.pendingExtension!;
    mailed = extension.requestId;
    await mail
      .notifyApprovers({
        ...grantOf(state),
        requesterId: extension.requesterId,
        approverIds: policy.approverIds,
        durationSeconds: extension.durationSeconds,
        justification: extension.justification,
        ticket: extension.ticket,
        requestId: extension.requestId,
        // The links work while the current access lasts: an extension of ended access is moot.
        decideBy: new Date(state.expiresAtMs!).toISOString(),
        extensionUntil: new Date(Date.now() + extension.durationSeconds * 1000).toISOString(),
      })
      .catch(() => undefined);
  }
}
