// accessGrant: pending_approval → provisioning → active → deprovisioning → ended. Humans act through updates (request
// again = extend, approve, deny, revoke); expiry is an updatable durable timer; removal cannot be cancelled and retries
// until Graph confirms. Access the principal held before the request is recorded as pre-existing and never removed.
import { allHandlersFinished, CancellationScope, condition, setHandler } from '@temporalio/workflow';
import {
  approveAccessUpdate,
  denyAccessUpdate,
  grantStatusQuery,
  requestAccessUpdate,
  revokeAccessSignal,
  revokeAccessUpdate,
  type AccessGrantInput,
  type EndReason,
  type GrantStatus,
} from './messages.js';
import { emailAccessEnded, emailApprovers, startActiveStageMail } from './notices.js';
import { GrantState } from './state.js';
import {
  applyQueuedExtensions,
  audit,
  deprovisionUntilGone,
  enter,
  expiryMoved,
  provision,
  show,
  type Note,
} from './steps.js';

export async function accessGrant(input: AccessGrantInput): Promise<GrantStatus> {
  const state = new GrantState(input);
  setHandler(grantStatusQuery, () => state.status());
  setHandler(
    requestAccessUpdate,
    async (request) => {
      const { outcome, audit: action } = state.applyRequest(request);
      // The caller may look the request up as soon as this returns: answer once the catalog has its row.
      if (outcome.kind === 'created') await condition(() => state.recorded);
      else if (action) await audit(state, request.requesterId, action, { ...request });
      return outcome.kind === 'created' ? { ...outcome, status: state.status() } : outcome;
    },
    { validator: (request) => state.checkRequest(request) },
  );
  setHandler(approveAccessUpdate, (decision) => state.decide(true, decision), {
    validator: (d) => state.checkDecision(d),
  });
  setHandler(denyAccessUpdate, (decision) => state.decide(false, decision), {
    validator: (d) => state.checkDecision(d),
  });
  setHandler(revokeAccessUpdate, (request) => state.revoke(request), { validator: (r) => state.checkRevoke(r) });
  setHandler(revokeAccessSignal, (request) => {
    if (state.stage === 'provisioning' || state.stage === 'active') state.revoke(request);
  });

  // Each stage change carries the audit row of what caused it: one catalog write per step.
  await enter(state, state.stage, {
    actor: input.request.requesterId,
    action: 'access.requested',
    detail: {
      ...input.request,
      autoApprovedBy: input.autoApprovedBy ?? (input.policy.approvalRequired ? null : 'approval_not_required'),
    },
  });
  state.recorded = true;
  if (state.stage === 'pending_approval') await emailApprovers(state);
  const decided = await awaitDecision(state);
  if (decided.reason) return finish(state, decided.reason, ...(decided.note ? [decided.note] : []));
  if (decided.note) await enter(state, 'provisioning', decided.note);

  const provisioned = await provision(state);
  if (!provisioned.ok) return finish(state, 'failed', provisioned.note);
  // The time box starts once access exists; in PIM mode it ends exactly when the tenant's schedule does.
  state.expiresAtMs = provisioned.expiresAtMs ?? Date.now() + input.request.durationSeconds * 1000;
  // The add activity recorded the grant as active, so the timer starts in this task with no write before it; access
  // found pre-existing was not added, so it is recorded here.
  if (provisioned.recorded) show(state, 'active');
  else await enter(state, 'active', provisioned.note);
  if (state.queued.length > 0) await applyQueuedExtensions(state);
  // Expiry warning and extension approval emails run beside the hold; they never delay expiry or removal.
  const activeMail = startActiveStageMail(state);
  const ending = await holdUntilExpiryOrRevoke(state);
  activeMail.stop();

  // Once removal starts nothing may interrupt it: not a cancel request, not a revoke racing the timer. Graph is asked
  // in the task that saw the expiry; the catalog learns why with the outcome (bench:jit, 1,000 grants: expiry →
  // removed p50 1.3 s → 0.9 s, most of it was this write queueing behind other grants' writes).
  const removed = await CancellationScope.nonCancellable(async () => {
    show(state, 'deprovisioning');
    return deprovisionUntilGone(state, [ending.note]);
  });
  await activeMail.finished;
  return finish(state, ending.reason, ...removed);
}

interface Outcome {
  reason: EndReason | null;
  note: Note | null;
}

async function awaitDecision(state: GrantState): Promise<Outcome> {
  if (state.stage !== 'pending_approval') return { reason: null, note: null };
  const decided = await condition(
    () => state.decision !== null || state.revoked !== null,
    state.input.policy.requestTimeoutSeconds * 1000,
  );
  if (state.revoked) {
    return {
      reason: 'revoked',
      note: {
        actor: state.revoked.actorId,
        action: 'access.request_withdrawn',
        detail: { reason: state.revoked.reason ?? null },
      },
    };
  }
  if (!decided) {
    return {
      reason: 'request_expired',
      note: {
        actor: 'lantern',
        action: 'access.request_expired',
        detail: { timeoutSeconds: state.input.policy.requestTimeoutSeconds },
      },
    };
  }
  const { approved, by } = state.decision!;
  const note = {
    actor: by.approverId,
    action: approved ? 'access.approved' : 'access.denied',
    detail: { comment: by.comment ?? null },
  };
  return { reason: approved ? null : 'denied', note };
}

/** The updatable timer: wait until the (movable) expiry or a revoke, re-arming whenever an extension moves it. */
async function holdUntilExpiryOrRevoke(state: GrantState): Promise<{ reason: EndReason; note: Note }> {
  for (;;) {
    const version = state.expiryVersion;
    // At least 1 ms: the SDK reads `condition(fn, 0)` through an internal patch of its own, which would add a marker.
    const remaining = Math.max(1, state.expiresAtMs! - Date.now());
    const woke = await condition(() => state.revoked !== null || state.expiryVersion !== version, remaining);
    if (state.revoked) {
      const { actorId, reason, actorRole } = state.revoked;
      return {
        reason: 'revoked',
        note: { actor: actorId, action: 'access.revoked', detail: { reason: reason ?? null, role: actorRole } },
      };
    }
    if (woke || state.expiryVersion !== version) {
      await expiryMoved(state);
      continue;
    }
    // The timer ran its full length and the expiry did not move: it is due. Decided without reading the clock again,
    // so a replay (on another worker, after a crash) takes the same branch whatever time its activation carries.
    return {
      reason: 'expired',
      note: {
        actor: 'lantern',
        action: 'access.expired',
        detail: { expiresAt: new Date(state.expiresAtMs!).toISOString() },
      },
    };
  }
}

async function finish(state: GrantState, reason: EndReason, ...notes: Note[]): Promise<GrantStatus> {
  state.endReason = reason;
  await enter(state, 'ended', ...notes);
  await emailAccessEnded(state);
  // An extension request may still be writing its audit row: let it finish before the workflow closes.
  await condition(allHandlersFinished);
  return state.status();
}
