// Where expiry → removal time goes, read from a sample of grants' histories: how late the timer fired against the
// grant's expiry, how long until the removal activity started, and how long Graph took to confirm.
import type { Client } from '@temporalio/client';
import { eventMillis as millis } from './history-figures.js';

export interface ExpiryStep {
  timerStartedAfterProvisionMs: number;
  timerLateMs: number;
  removalStartedMs: number;
  graphMs: number;
}

/** `expiry` is the grant's recorded expiry and the moment Graph confirmed removal, both from the audit log. */
export async function expiryBreakdown(
  client: Client,
  workflowId: string,
  expiry: { expiresAtMs: number; confirmedAtMs: number; addedAtMs: number },
): Promise<ExpiryStep | null> {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const removal = events.find(
    (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'deprovisionAccess',
  );
  if (!removal) return null;
  const before = events.filter((e) => Number(e.eventId) < Number(removal.eventId));
  const fired = before.reverse().find((e) => e.timerFiredEventAttributes);
  const started =
    fired && events.find((e) => String(e.eventId) === String(fired.timerFiredEventAttributes!.startedEventId));
  const removalStarted = events.find(
    (e) => String(e.activityTaskStartedEventAttributes?.scheduledEventId) === String(removal.eventId),
  );
  if (!fired || !started || !removalStarted) return null;
  return {
    timerStartedAfterProvisionMs: millis(started) - expiry.addedAtMs,
    timerLateMs: millis(fired) - expiry.expiresAtMs,
    removalStartedMs: millis(removalStarted) - millis(fired),
    graphMs: expiry.confirmedAtMs - millis(removalStarted),
  };
}
