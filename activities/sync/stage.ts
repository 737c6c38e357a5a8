// The frame every sync stage runs in: the connector, a Graph client whose statistics belong to this activity, and a
// cursor that is heartbeated after each page so a retried activity resumes where the crashed one stopped.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Client } from '@microsoft/microsoft-graph-client';
import { classifyGraphError } from '../../entra/outcomes.js';
import type { GraphStats, GraphStatsSnapshot } from '../../entra/graph-stats.js';
import type { SyncCounts } from '../../workflows/sync/messages.js';
import type { ResolvedConnector } from '../../domain/connector.js';
import { FAILURES, type FailureType } from '../../domain/failures.js';
import type { GraphOutcome } from '../../entra/outcomes.js';
import type { SyncActivityDeps } from './deps.js';
import type { CatalogDb } from '../../catalog/directory/writes/index.js';

export interface StageInput {
  connectorId: string;
  syncRunId: string;
  generation: number;
  /** Delta stages: the link stored by the previous run. */
  deltaLink?: string;
}

export interface StageResult {
  counts: Partial<SyncCounts>;
  /** The link the next delta run starts from (null when this stage does not track deltas). */
  deltaLink: string | null;
  graph: Pick<GraphStatsSnapshot, 'requests' | 'resourceUnits' | 'throttled'>;
}

export interface StageContext {
  connector: ResolvedConnector;
  client: Client;
  stats: GraphStats;
  db: CatalogDb;
  generation: number;
  /** The cursor heartbeated by a previous attempt of this activity, if it crashed. */
  resumeFrom: unknown;
  checkpoint(cursor: unknown): void;
  signal: AbortSignal;
}

export async function runStage(
  deps: SyncActivityDeps,
  input: StageInput,
  work: (ctx: StageContext) => Promise<{ counts: Partial<SyncCounts>; deltaLink?: string | null }>,
): Promise<StageResult> {
  const activity = Context.current();
  const connector = await deps.loadConnector(input.connectorId);
  const { client, stats } = deps.tenantGraph.client({ tenantId: connector.tenantId, cloud: connector.cloud });
  // Heartbeat on a timer, not only per page: a page of a large tenant can take longer than the heartbeat timeout,
  // and the timeout is what tells Temporal a worker died. Each beat carries the latest cursor.
  let cursor: unknown = activity.info.heartbeatDetails;
  const ticker = setInterval(() => activity.heartbeat(cursor), HEARTBEAT_EVERY_MS);
  try {
    const { counts, deltaLink = null } = await work({
      connector,
      client,
      stats,
      db: deps.catalog.db,
      generation: input.generation,
      resumeFrom: activity.info.heartbeatDetails,
      checkpoint: (next) => {
        cursor = next;
        activity.heartbeat(next);
      },
      signal: activity.cancellationSignal,
    });
    const { requests, resourceUnits, throttled } = stats.snapshot();
    return { counts, deltaLink, graph: { requests, resourceUnits, throttled } };
  } catch (err) {
    // Cancelled (e.g. the heartbeat timed out): the abort is the cause, not anything Graph said.
    if (activity.cancellationSignal.aborted) throw err;
    throw asActivityFailure(err);
  } finally {
    clearInterval(ticker);
  }
}

const HEARTBEAT_EVERY_MS = 3_000;

/** Graph outcomes a retry cannot change, and the failure type each ends the stage with. */
const PERMANENT_FAILURE_OF: Partial<Record<GraphOutcome, FailureType>> = {
  [FAILURES.resyncRequired]: FAILURES.resyncRequired,
  [FAILURES.forbidden]: FAILURES.forbidden,
  [FAILURES.unauthenticated]: FAILURES.unauthenticated,
};

/** Graph errors become failures whose type says what happened; messages carry no tokens or URLs with secrets. */
function asActivityFailure(err: unknown): unknown {
  if (err instanceof ApplicationFailure) return err;
  const outcome = classifyGraphError(err);
  const status = (err as { statusCode?: number }).statusCode;
  if (status === undefined) return err;
  const message = `Graph answered ${status} (${outcome}): ${(err as Error).message}`.slice(0, 500);
  const permanent = PERMANENT_FAILURE_OF[outcome];
  return permanent
    ? ApplicationFailure.nonRetryable(message, permanent)
    : ApplicationFailure.retryable(message, outcome);
}
