// Removing Lantern's access at the grant's end: retried until Graph confirms, except when a removal guard refuses (last
// owner, last Global Administrator, protected account): that is final, visible and audited, and the access stays.
// Policy v2 revokeSessions then ends the user's sign-in sessions, so tokens issued while they held the access stop.
import { ActivityFailure, ApplicationFailure, proxyActivities, sleep } from '@temporalio/workflow';
import type { AccessActivities } from '../../activities/access/index.js';
import { ACCESS_FAILURES } from './messages.js';
import type { GrantState } from './state.js';
import { enter, failureMessage, target, type Note } from './steps.js';

// Few attempts: revoking sessions is best effort after the removal that matters has happened; a failure is audited.
const sessions = proxyActivities<AccessActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { maximumAttempts: 3, initialInterval: '1 second' },
});

/**
 * Removes Lantern's access, retrying with backoff until Graph confirms it is gone; each failed attempt is visible.
 * `unrecorded` are notes the catalog has not seen yet (what started the removal): they are written with the first
 * failure, or returned ahead of the outcome, so no catalog write stands between an expiry and its removal.
 */
export async function deprovisionUntilGone(state: GrantState, unrecorded: Note[]): Promise<Note[]> {
  let pending = unrecorded;
  if (state.preExisting) return [...pending, { actor: 'lantern', action: 'access.kept_pre_existing' }];
  const pacing = state.input.deprovisionRetry ?? { initialSeconds: 2, maximumSeconds: 60 };
  const attempt = proxyActivities<AccessActivities>({
    startToCloseTimeout: '20 seconds',
    retry: {
      maximumAttempts: 3,
      initialInterval: `${pacing.initialSeconds} seconds`,
      nonRetryableErrorTypes: [ACCESS_FAILURES.unsupported, ACCESS_FAILURES.guarded],
    },
  });
  let backoffSeconds = pacing.initialSeconds;
  for (;;) {
    state.deprovisionAttempts += 1;
    try {
      const { outcome, confirmedAt } = await attempt.deprovisionAccess(target(state));
      state.failure = null;
      return [
        ...pending,
        {
          actor: 'lantern',
          action: 'graph.access_removed',
          detail: { outcome, attempts: state.deprovisionAttempts, confirmedAt: confirmedAt ?? null },
        },
      ];
    } catch (error) {
      const refusal = guardRefusal(error);
      if (refusal !== null) {
        // Final: retrying cannot change a guard's answer. The grant ends with its reason; the access stays in Entra.
        state.removalRefused = refusal;
        return [...pending, { actor: 'lantern', action: 'access.removal_refused', detail: { message: refusal } }];
      }
      state.failure = failureMessage(error);
      const failed = {
        actor: 'lantern',
        action: 'graph.access_remove_failed',
        detail: { error: state.failure, attempts: state.deprovisionAttempts },
      };
      await enter(state, 'deprovisioning', ...pending, failed);
      pending = [];
      await sleep(backoffSeconds * 1000);
      backoffSeconds = Math.min(backoffSeconds * 2, pacing.maximumSeconds);
    }
  }
}

/** The guard's explanation when the removal failed because a guard refused it; null for any other failure. */
function guardRefusal(error: unknown): string | null {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return cause instanceof ApplicationFailure && cause.type === ACCESS_FAILURES.guarded ? cause.message : null;
}

/**
 * Policy v2 revokeSessions, after a removal Graph confirmed (not refused, not pre-existing access): the audit row of
 * the outcome, or of the failure (never retried further: the access is already gone).
 */
export async function revokeSessionsAfterRemoval(state: GrantState): Promise<Note | null> {
  if (!state.input.policy.revokeSessions || state.preExisting || state.removalRefused !== null) return null;
  try {
    const { outcome } = await sessions.revokeSignInSessions(target(state));
    return { actor: 'lantern', action: 'graph.sessions_revoked', detail: { outcome } };
  } catch (error) {
    return { actor: 'lantern', action: 'graph.sessions_revoke_failed', detail: { error: failureMessage(error) } };
  }
}
