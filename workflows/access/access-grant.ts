// accessGrant: pending_approval → (scheduled) → provisioning → active → deprovisioning → ended. Humans act through
// updates (request again = extend, approve, deny, revoke); expiry is an updatable durable timer; removal cannot be
// cancelled and retries until Graph confirms (or a removal guard refuses, for good). Access the principal held before
// the request is recorded as pre-existing and never removed. Policy v2 (stages, scheduled start, break-glass) runs
// behind patch `policy-v2-stages`; runs started before it replay the v1 approval path.
import { allHandlersFinished, CancellationScope, condition, patched, setHandler } from '@temporalio/workflow';
import { awaitDecision, awaitStages, type Decided } from './approval.js';
import { breakGlassNote, openReview, startBreakGlassNotice } from './break-glass.js';
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
import { deprovisionUntilGone, revokeSessionsAfterRemoval } from './removal.js';
import { GrantState } from './state.js';
import { applyQueuedExtensions, audit, enter, expiryMoved, provision, show, type Note } from './steps.js';

/** Work beside the grant (break-glass notice and review) that must settle before it ends; may yield a late audit row. */
type FollowUp = Promise<Note | null | void>;

export async function accessGrant(input: AccessGrantInput): Promise<GrantStatus> {
  // Once, before any other command: a new run records the marker, a run started before v2 replays without it.
  const state = new GrantState(input, patched('policy-v2-stages'));
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
    validator: (d) => state.checkDecision(d, true),
  });
  setHandler(denyAccessUpdate, (decision) => state.decide(false, decision), {
    validator: (d) => state.checkDecision(d, false),
  });
  setHandler(revokeAccessUpdate, (request) => state.revoke(request), { validator: (r) => state.checkRevoke(r) });
  setHandler(revokeAccessSignal, (request) => {
    // `scheduled`: a review removing a pair whose access waits to start ends it before it is ever added.
    if (state.stage === 'scheduled' || state.stage === 'provisioning' || state.stage === 'active')
      state.revoke(request);
  });

  // Each stage change carries the audit row of what caused it: one catalog write per step.
  await enter(
    state,
    state.stage,
    {
      actor: input.request.requesterId,
      action: 'access.requested',
      detail: {
        ...input.request,
        autoApprovedBy: input.autoApprovedBy ?? (input.policy.approvalRequired ? null : 'approval_not_required'),
      },
    },
    ...(input.breakGlass ? [breakGlassNote(state)] : []),
  );
  state.recorded = true;
  const decided = state.approval ? await awaitStages(state) : await awaitV1Decision(state);
  if (decided.reason) return finish(state, decided.reason, decided.notes);
  // Break-glass: approvers and admins hear of it while the access is being added, not after.
  const followUps: FollowUp[] = input.breakGlass ? [startBreakGlassNotice(state)] : [];
  const startMs = input.request.startAt ? Date.parse(input.request.startAt) : null;
  if (state.v2 && startMs !== null && startMs > Date.now()) {
    const revoked = await waitForStart(state, startMs, decided.notes);
    if (revoked) return finish(state, 'revoked', [revoked], followUps);
  } else if (decided.notes.length > 0) await enter(state, 'provisioning', ...decided.notes);

  const provisioned = await provision(state);
  if (!provisioned.ok) return finish(state, 'failed', [provisioned.note], followUps);
  // The time box starts once access exists; in PIM mode it ends exactly when the tenant's schedule does.
  state.expiresAtMs = provisioned.expiresAtMs ?? Date.now() + input.request.durationSeconds * 1000;
  // The add activity recorded the grant as active, so the timer starts in this task with no write before it; access
  // found pre-existing was not added, so it is recorded here.
  if (provisioned.recorded) show(state, 'active');
  else await enter(state, 'active', provisioned.note);
  if (input.breakGlass) followUps.push(openReview(state));
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
    const notes = await deprovisionUntilGone(state, [ending.note]);
    const sessions = await revokeSessionsAfterRemoval(state);
    return sessions ? [...notes, sessions] : notes;
  });
  await activeMail.finished;
  return finish(state, ending.reason, removed, followUps);
}

/** Runs started before policy v2: approvers are emailed, then any one of them decides. */
async function awaitV1Decision(state: GrantState): Promise<Decided> {
  if (state.stage === 'pending_approval') await emailApprovers(state);
  return awaitDecision(state);
}

/**
 * Scheduled start: approved, the grant waits (durable timer) in stage `scheduled` until the start time; a revoke
 * meanwhile ends it without touching Graph (the returned note). The time box starts when access exists.
 */
async function waitForStart(state: GrantState, startMs: number, notes: Note[]): Promise<Note | null> {
  const startAt = state.input.request.startAt!;
  await enter(state, 'scheduled', ...notes, { actor: 'lantern', action: 'access.scheduled', detail: { startAt } });
  const revoked = await condition(() => state.revoked !== null, Math.max(1, startMs - Date.now()));
  if (revoked) {
    const { actorId, reason, actorRole } = state.revoked!;
    return {
      actor: actorId,
      action: 'access.revoked',
      detail: { reason: reason ?? null, role: actorRole, scheduled: true },
    };
  }
  await enter(state, 'provisioning');
  return null;
}

interface Outcome {
  reason: EndReason;
  note: Note;
}

/** The updatable timer: wait until the (movable) expiry or a revoke, re-arming whenever an extension moves it. */
async function holdUntilExpiryOrRevoke(state: GrantState): Promise<Outcome> {
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

async function finish(
  state: GrantState,
  reason: EndReason,
  notes: Note[],
  followUps: FollowUp[] = [],
): Promise<GrantStatus> {
  // Follow-ups that outlived the hold add their audit rows to the final write; none may outlive the workflow.
  const late = (await Promise.all(followUps)).filter((note): note is Note => Boolean(note));
  state.endReason = reason;
  await enter(state, 'ended', ...notes, ...late);
  await emailAccessEnded(state);
  // An extension request may still be writing its audit row: let it finish before the workflow closes.
  await condition(allHandlersFinished);
  return state.status();
}
