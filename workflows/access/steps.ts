// The grant's side effects, one activity each with its own retry policy, and how the workflow shows itself to
// operators (search attributes Stage/ExpiresAt, current details).
import {
  ActivityFailure,
  ApplicationFailure,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { AccessActivities } from '../../activities/access/index.js';
import { ExpiresAtKey, StageKey } from '../../temporal/search-attributes.js';
import { ACCESS_FAILURES, type GrantStage } from './messages.js';
import type { GrantState } from './state.js';

const NON_RETRYABLE = [ACCESS_FAILURES.refused, ACCESS_FAILURES.unsupported];

// Short start-to-close timeouts: they are how a crashed worker's activity is noticed and retried elsewhere.
// Catalog writes are local activities (no task-queue round trip: bench:jit's provision p99 fell from 20 s to 3 s at
// 1,000 grants) and retry until they work (the catalog being down must not lose an audit row).
const records = proxyLocalActivities<AccessActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
const graph = proxyActivities<AccessActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', nonRetryableErrorTypes: NON_RETRYABLE },
});

// Few attempts: the expiry loop waits on this update, and must get back to its timer and to revokes if Graph is down.
const scheduleUpdate = proxyActivities<AccessActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { maximumAttempts: 4, initialInterval: '1 second', nonRetryableErrorTypes: NON_RETRYABLE },
});

export const target = (state: GrantState) => {
  const { connectorId, entitlementId, principalId } = state.input;
  return { connectorId, entitlementId, principalId, workflowId: workflowInfo().workflowId };
};

function event(state: GrantState) {
  const { principalUpn, request } = state.input;
  const { stage, endReason, expiresAt, preExisting, stages } = state.status();
  return {
    ...target(state),
    principalUpn,
    requesterId: request.requesterId,
    stage,
    endReason,
    expiresAt,
    preExisting,
    approverIds: state.approverIdsNow(),
    // Policy v2 columns, only when they apply (absent leaves the row's value as it is).
    ...(state.input.breakGlass ? { breakGlass: true } : {}),
    ...(request.startAt ? { startAt: request.startAt } : {}),
    ...(state.removalRefused ? { removalRefused: state.removalRefused } : {}),
    // Each stage's progress, rewritten with every decision: the inbox and pages read it from the row, not the workflow.
    ...(stages?.length ? { approvalStages: stages } : {}),
  };
}

/** What caused a step, for its audit row: who, what, and the specifics. */
export interface Note {
  actor: string;
  action: string;
  detail?: Record<string, unknown>;
}

export const auditOf = (state: GrantState, note: Note) => ({
  actor: note.actor,
  action: note.action,
  detail: note.detail ?? {},
  requestId: state.input.request.requestId,
});

export async function audit(
  state: GrantState,
  actor: string,
  action: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await records.recordGrantEvent({ ...event(state), audit: [auditOf(state, { actor, action, detail })] });
}

/** Moves to `stage` and makes it visible (search attributes, UI details, the catalog's row) with its causes' audit rows. */
export async function enter(state: GrantState, stage: GrantStage, ...notes: Note[]): Promise<void> {
  show(state, stage);
  await records.recordGrantEvent({ ...event(state), audit: notes.map((note) => auditOf(state, note)) });
}

/** Moves to `stage` in Temporal only (search attributes, UI details): no I/O, so nothing waits for it. */
export function show(state: GrantState, stage: GrantStage): void {
  state.stage = stage;
  publish(state);
}

export function publish(state: GrantState): void {
  const { stage, endReason, expiresAt, deprovisionAttempts, failure } = state.status();
  upsertSearchAttributes([
    { key: StageKey, value: stage },
    { key: ExpiresAtKey, value: expiresAt ? new Date(expiresAt) : null },
  ]);
  const lines = [
    `**${stage}**${endReason ? ` (${endReason})` : ''} — ${state.input.entitlementId} for ${state.input.principalUpn}`,
  ];
  if (state.approval) lines.push(...state.approval.details());
  if (stage === 'scheduled') lines.push(`Starts ${state.input.request.startAt}`);
  if (expiresAt) lines.push(`Expires ${expiresAt}`);
  if (state.preExisting) lines.push('Access existed before the request: Lantern will not remove it.');
  if (deprovisionAttempts > 0) lines.push(`Removal attempts: ${deprovisionAttempts}`);
  if (failure) lines.push(`Last problem: ${failure}`);
  if (state.removalRefused) lines.push(`Removal refused by a guard (the access stays): ${state.removalRefused}`);
  setCurrentDetails(lines.join('\n\n'));
}

/** The grant's end as the tenant's PIM schedule carries it (PIM mode), with the request's reasons. */
function scheduleOf(state: GrantState, expiresAtMs: number) {
  const { justification, ticket } = state.input.request;
  return { expiresAt: new Date(expiresAtMs).toISOString(), justification, ticket };
}

/**
 * After an extension moved the expiry: the extension's own audit row already carries it; the search attributes need
 * it, and in PIM mode the tenant's schedule must end later too, or Entra would remove the access at the old expiry.
 */
export async function expiryMoved(state: GrantState): Promise<void> {
  publish(state);
  // Pre-existing access is someone else's assignment: its schedule is not Lantern's to move.
  if (state.preExisting) return;
  try {
    const { outcome } = await scheduleUpdate.updateTenantExpiry({
      ...target(state),
      schedule: scheduleOf(state, state.expiresAtMs!),
    });
    if (outcome !== 'not_needed')
      await audit(state, 'lantern', 'graph.schedule_updated', {
        outcome,
        expiresAt: new Date(state.expiresAtMs!).toISOString(),
      });
  } catch (error) {
    // Lantern's own timer still holds the new expiry; Entra may end the access at the old one, and that is visible.
    state.failure = failureMessage(error);
    publish(state);
    await audit(state, 'lantern', 'graph.schedule_update_failed', { error: state.failure });
  }
}

/** Extensions asked for before the grant was active, applied now that it is: their audit rows, then the moved expiry. */
export async function applyQueuedExtensions(state: GrantState): Promise<void> {
  const before = state.expiresAtMs;
  const applied = state.applyQueued();
  const notes = applied.map(({ request, action }) => ({
    actor: request.requesterId,
    action,
    detail: { ...request, queued: true },
  }));
  await enter(state, 'active', ...notes);
  if (state.expiresAtMs !== before) await expiryMoved(state);
}

/**
 * Records pre-existing access (never removed later), else adds it; ok false when Graph refuses for good. The add
 * activity records the grant as active itself (`recorded`), so no catalog write delays the expiry timer;
 * `expiresAtMs` is then the expiry it recorded, and in PIM mode always the tenant's schedule end.
 */
export async function provision(
  state: GrantState,
): Promise<{ ok: boolean; note: Note; expiresAtMs?: number; recorded?: boolean }> {
  try {
    // Asked before adding, and kept in history: after a crash mid-add, "already exists" must not look pre-existing.
    // Access an earlier, terminated run of this grant left behind is Lantern's: this run adds (finds) and removes it.
    const { present, leftByEarlierRun } = await graph.checkExistingAccess(target(state));
    if (present && !leftByEarlierRun) {
      state.preExisting = true;
      return { ok: true, note: { actor: 'lantern', action: 'access.pre_existing' } };
    }
    const { durationSeconds } = state.input.request;
    const expiresAtMs = Date.now() + durationSeconds * 1000;
    const added = { actor: 'lantern', action: 'graph.access_added' };
    const recordActive = {
      event: { ...event(state), stage: 'active' as const, audit: [auditOf(state, added)] },
      durationSeconds,
    };
    const { outcome, confirmedAt, scheduledUntil, expiresAt } = await graph.provisionAccess({
      ...target(state),
      schedule: scheduleOf(state, expiresAtMs),
      recordActive,
    });
    const note = { ...added, detail: { outcome, confirmedAt: confirmedAt ?? null } };
    const until = expiresAt ?? scheduledUntil;
    return { ok: true, note, recorded: true, ...(until ? { expiresAtMs: Date.parse(until) } : {}) };
  } catch (error) {
    state.failure = failureMessage(error);
    return {
      ok: false,
      note: { actor: 'lantern', action: 'graph.access_add_failed', detail: { error: state.failure } },
    };
  }
}

export function failureMessage(error: unknown): string {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure) return `${cause.type ?? 'Error'}: ${cause.message}`;
  return cause instanceof Error ? cause.message : String(cause);
}
