// Waiting for the request's approval. Runs started before policy v2 replay `awaitDecision` (one decision by any
// approver within requestTimeoutSeconds); newer runs go stage by stage (`awaitStages`), with durable stage timers.
import { condition } from '@temporalio/workflow';
import type { EndReason } from './messages.js';
import { emailStageApprovers } from './notices.js';
import type { GrantState } from './state.js';
import { enter, type Note } from './steps.js';

/** How the approval ended: a reason ends the grant; no reason goes on to provision. Notes are still to be recorded. */
export interface Decided {
  reason: EndReason | null;
  notes: Note[];
}

const withdrawn = (state: GrantState): Note => ({
  actor: state.revoked!.actorId,
  action: 'access.request_withdrawn',
  detail: { reason: state.revoked!.reason ?? null },
});

/** Before policy v2 (kept unchanged so those runs replay): any one approver decides within the request timeout. */
export async function awaitDecision(state: GrantState): Promise<Decided> {
  if (state.stage !== 'pending_approval') return { reason: null, notes: [] };
  const decided = await condition(
    () => state.decision !== null || state.revoked !== null,
    state.input.policy.requestTimeoutSeconds * 1000,
  );
  if (state.revoked) return { reason: 'revoked', notes: [withdrawn(state)] };
  if (!decided) {
    return {
      reason: 'request_expired',
      notes: [
        {
          actor: 'lantern',
          action: 'access.request_expired',
          detail: { timeoutSeconds: state.input.policy.requestTimeoutSeconds },
        },
      ],
    };
  }
  const { approved, by } = state.decision!;
  const note = {
    actor: by.approverId,
    action: approved ? 'access.approved' : 'access.denied',
    detail: { comment: by.comment ?? null },
  };
  return { reason: approved ? null : 'denied', notes: [note] };
}

/**
 * Policy v2: stage by stage until the last one reaches its quorum, one denial, a withdrawal, or a stage that times
 * out (after its escalation, if it has one). Decisions arrive through the updates (ApprovalStages.record); this loop
 * writes their audit rows, moves the catalog's approver list at each stage change, and emails each new stage.
 */
export async function awaitStages(state: GrantState): Promise<Decided> {
  const approval = state.approval;
  if (state.stage !== 'pending_approval' || !approval) return { reason: null, notes: [] };
  await emailStageApprovers(state);
  for (;;) {
    const stage = approval.current;
    // The stage's deadline is fixed when it starts (or escalates); decisions wake the loop without moving it.
    const woke = await condition(
      () => approval.hasUnrecorded() || state.revoked !== null,
      Math.max(1, approval.deadlineMs - Date.now()),
    );
    const notes = approval.drain();
    if (state.revoked) return { reason: 'revoked', notes: [...notes, withdrawn(state)] };
    if (approval.final) return { reason: approval.final.approved ? null : 'denied', notes };
    // A decision that arrived with the timer counts: it was taken before the workflow saw the time run out.
    if (!woke && notes.length === 0) {
      const escalated = approval.escalate(Date.now());
      if (!escalated) return { reason: 'request_expired', notes: [approval.timeOut()] };
      await enter(state, 'pending_approval', escalated);
      await emailStageApprovers(state);
      continue;
    }
    await enter(state, 'pending_approval', ...notes);
    if (approval.current !== stage) await emailStageApprovers(state);
  }
}
