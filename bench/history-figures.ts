// Size figures of a workflow's history: event count and the largest payload any activity sent or returned.
import type { Client } from '@temporalio/client';

export async function historyFigures(client: Client, workflowId: string): Promise<{ events: number; maxPayloadBytes: number }> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  let maxPayloadBytes = 0;
  for (const event of history.events ?? []) {
    const payloads = [
      ...(event.activityTaskScheduledEventAttributes?.input?.payloads ?? []),
      ...(event.activityTaskCompletedEventAttributes?.result?.payloads ?? []),
      ...(event.workflowExecutionStartedEventAttributes?.input?.payloads ?? []),
      ...(event.workflowExecutionCompletedEventAttributes?.result?.payloads ?? []),
    ];
    for (const p of payloads) maxPayloadBytes = Math.max(maxPayloadBytes, p.data?.length ?? 0);
  }
  return { events: history.events?.length ?? 0, maxPayloadBytes };
}
