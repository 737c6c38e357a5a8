// revokeAppConsents: deletes the chosen users' consents to one third-party app through Graph, durably. A plan (the
// grants to delete) is stored in the catalog first; batches then delete pending ones and record each result, so a
// retried or resumed run never deletes twice and history carries counts only.
import {
  ApplicationFailure,
  proxyActivities,
  setCurrentDetails,
  upsertSearchAttributes,
  ActivityFailure,
} from '@temporalio/workflow';
import type { ShadowAppActivities } from '../../activities/shadow-apps/index.js';
import { ConnectorIdKey, StageKey } from '../../temporal/search-attributes.js';
import { SHADOW_REVOKE_FAILURES, type RevokeAppConsentsInput, type RevokeAppConsentsResult } from './messages.js';

const DEFAULT_BATCH = 50;

const acts = proxyActivities<ShadowAppActivities>({
  startToCloseTimeout: '2 minutes',
  // Bounded, so a failure that never clears (e.g. credentials that stopped working) ends the run with its reason
  // instead of leaving the revocation "running" for ever.
  retry: {
    initialInterval: '1 second',
    maximumInterval: '30 seconds',
    maximumAttempts: 10,
    nonRetryableErrorTypes: Object.values(SHADOW_REVOKE_FAILURES),
  },
});

export async function revokeAppConsents(input: RevokeAppConsentsInput): Promise<RevokeAppConsentsResult> {
  const { revocationId } = input;
  show('planning', input, 'Listing the consents to revoke');
  let error: string | null = null;
  try {
    const { total } = await acts.planShadowRevocation(input);
    let done = 0;
    for (;;) {
      show('revoking', input, `Revoked ${done} of ${total} consents`);
      const batch = await acts.revokeConsentBatch({
        revocationId,
        connectorId: input.connectorId,
        batchSize: input.batchSize ?? DEFAULT_BATCH,
      });
      done += batch.processed;
      if (batch.remaining === 0) break;
    }
  } catch (err) {
    error = refusalOf(err);
  }
  const result = await acts.finishShadowRevocation({ revocationId, error });
  show(result.status, input, countsLine(result));
  return result;
}

function show(stage: string, input: RevokeAppConsentsInput, line: string): void {
  upsertSearchAttributes([
    { key: ConnectorIdKey, value: input.connectorId },
    { key: StageKey, value: stage },
  ]);
  const who = input.userIds ? `${input.userIds.length} chosen user(s)` : 'all users';
  setCurrentDetails(`**${stage}** — consents to ${input.appDisplayName} (${input.appId}) for ${who}\n\n${line}`);
}

function countsLine(r: RevokeAppConsentsResult): string {
  const base = `Removed ${r.removed}, already gone ${r.alreadyGone}, failed ${r.failed} of ${r.total}`;
  return r.error ? `${base}\n\nProblem: ${r.error}` : base;
}

/**
 * Why the run stopped early, as the administrator reads it: Graph's refusal, or the last failure of an activity that
 * ran out of attempts. Either way the revocation is finished (with what was done so far) rather than left running.
 */
function refusalOf(err: unknown): string {
  if (!(err instanceof ActivityFailure)) throw err;
  const cause = err.cause;
  return cause instanceof ApplicationFailure ? cause.message : (cause?.message ?? err.message);
}
