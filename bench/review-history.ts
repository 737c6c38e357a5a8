// A campaign workflow's history across every run (continue-as-new makes several): events per run, and the largest
// payload anywhere in it — activity inputs and results, updates, signals, child workflows, continue-as-new input —
// found by walking each event for `payloads`, so no kind of event is missed.
import type { Client } from '@temporalio/client';

export interface RunFigures {
  runId: string;
  events: number;
  maxPayloadBytes: number;
  /** Where the largest payload sits: the event's type, e.g. 'ActivityTaskCompleted'. */
  maxPayloadAt: string;
}

export interface CampaignHistoryFigures {
  runs: RunFigures[];
  totalEvents: number;
  maxRunEvents: number;
  maxPayloadBytes: number;
  maxPayloadAt: string;
  /** Seconds per activity type summed over every run (scheduled → completed). */
  activitySeconds: Record<string, number>;
  /** First applyReviewBatch scheduled → last completed, epoch ms (null if none ran). */
  applyWindow: { fromMs: number; toMs: number; batches: number } | null;
}

function largestPayload(value: unknown): number {
  if (!value || typeof value !== 'object') return 0;
  let max = 0;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'payloads' && Array.isArray(child))
      for (const p of child as { data?: Uint8Array | null }[]) max = Math.max(max, p?.data?.length ?? 0);
    else if (typeof child === 'object' && !(child instanceof Uint8Array)) max = Math.max(max, largestPayload(child));
  }
  return max;
}

/** 'activityTaskCompleted' from the one `…EventAttributes` field an event has set. */
function eventKind(event: object): string {
  const key = Object.entries(event).find(([k, v]) => k.endsWith('EventAttributes') && v)?.[0];
  return key?.replace(/EventAttributes$/, '') ?? '?';
}

const millis = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  Number(t?.seconds ?? 0) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6);

export async function campaignHistoryFigures(client: Client, workflowId: string): Promise<CampaignHistoryFigures> {
  const runIds: string[] = [];
  for await (const execution of client.workflow.list({ query: `WorkflowId = '${workflowId}'` }))
    runIds.push(execution.runId);
  const figures: CampaignHistoryFigures = {
    runs: [],
    totalEvents: 0,
    maxRunEvents: 0,
    maxPayloadBytes: 0,
    maxPayloadAt: '',
    activitySeconds: {},
    applyWindow: null,
  };
  for (const runId of runIds) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const run: RunFigures = { runId, events: history.events?.length ?? 0, maxPayloadBytes: 0, maxPayloadAt: '' };
    const scheduled = new Map<string, { type: string; at: number }>();
    for (const event of history.events ?? []) {
      const size = largestPayload(event);
      if (size > run.maxPayloadBytes) {
        run.maxPayloadBytes = size;
        run.maxPayloadAt = eventKind(event);
      }
      const at = millis(event.eventTime);
      const attrs = event.activityTaskScheduledEventAttributes;
      if (attrs) scheduled.set(String(event.eventId), { type: attrs.activityType?.name ?? '?', at });
      const done = event.activityTaskCompletedEventAttributes;
      const start = done && scheduled.get(String(done.scheduledEventId));
      if (!start) continue;
      figures.activitySeconds[start.type] =
        Math.round(((figures.activitySeconds[start.type] ?? 0) + (at - start.at) / 1000) * 10) / 10;
      if (start.type === 'applyReviewBatch') {
        const w = figures.applyWindow ?? { fromMs: start.at, toMs: at, batches: 0 };
        figures.applyWindow = {
          fromMs: Math.min(w.fromMs, start.at),
          toMs: Math.max(w.toMs, at),
          batches: w.batches + 1,
        };
      }
    }
    figures.runs.push(run);
    figures.totalEvents += run.events;
    figures.maxRunEvents = Math.max(figures.maxRunEvents, run.events);
    if (run.maxPayloadBytes > figures.maxPayloadBytes) {
      figures.maxPayloadBytes = run.maxPayloadBytes;
      figures.maxPayloadAt = run.maxPayloadAt;
    }
  }
  return figures;
}
