// Figures from a workflow's history: event count, the largest payload any activity sent or returned, and how long
// each activity took from scheduling to completion (where a sync spends its time).
import type { Client } from '@temporalio/client';

type HistoryEvent = NonNullable<
  Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>['events']
>[number];

/** An event's server time in epoch milliseconds. */
export const eventMillis = (event: HistoryEvent) =>
  Number(event.eventTime?.seconds ?? 0) * 1000 + Math.floor((event.eventTime?.nanos ?? 0) / 1e6);

export interface HistoryFigures {
  events: number;
  maxPayloadBytes: number;
  activitySeconds: Record<string, number>;
}

export async function historyFigures(client: Client, workflowId: string): Promise<HistoryFigures> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  let maxPayloadBytes = 0;
  const scheduled = new Map<string, { type: string; at: number }>();
  const activitySeconds: Record<string, number> = {};
  for (const event of history.events ?? []) {
    const payloads = [
      ...(event.activityTaskScheduledEventAttributes?.input?.payloads ?? []),
      ...(event.activityTaskCompletedEventAttributes?.result?.payloads ?? []),
      ...(event.workflowExecutionStartedEventAttributes?.input?.payloads ?? []),
      ...(event.workflowExecutionCompletedEventAttributes?.result?.payloads ?? []),
    ];
    for (const p of payloads) maxPayloadBytes = Math.max(maxPayloadBytes, p.data?.length ?? 0);
    const at = eventMillis(event);
    const attrs = event.activityTaskScheduledEventAttributes;
    if (attrs) scheduled.set(String(event.eventId), { type: attrs.activityType?.name ?? '?', at });
    const done = event.activityTaskCompletedEventAttributes;
    const start = done && scheduled.get(String(done.scheduledEventId));
    if (start)
      activitySeconds[start.type] = Math.round(((activitySeconds[start.type] ?? 0) + (at - start.at) / 1000) * 10) / 10;
  }
  return { events: history.events?.length ?? 0, maxPayloadBytes, activitySeconds };
}
