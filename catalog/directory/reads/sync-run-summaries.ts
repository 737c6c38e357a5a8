// Each connector's newest sync run and first sync time, for many connectors in two queries (the admin Connectors list
// shows them for every connector at once).
import type { Kysely } from 'kysely';
import type { SyncStatus } from '../schema.js';
import type { CatalogSchema } from '../../schema.js';

export interface LatestRun {
  status: SyncStatus;
  startedAt: Date;
  finishedAt: Date | null;
  counts: Record<string, number>;
  error: string | null;
  workflowId: string | null;
}

export interface SyncRunSummary {
  latest: LatestRun | undefined;
  /** When the first sync started: the day the connector began governing its tenant. */
  firstSyncAt: Date | undefined;
}

export async function syncRunSummaries(
  db: Kysely<CatalogSchema>,
  connectorIds: string[],
): Promise<Map<string, SyncRunSummary>> {
  const out = new Map<string, SyncRunSummary>();
  if (connectorIds.length === 0) return out;
  const [latest, first] = await Promise.all([
    db
      .selectFrom('sync_runs')
      .select(['connector_id', 'status', 'started_at', 'finished_at', 'counts', 'error', 'workflow_id'])
      .distinctOn('connector_id')
      .where('connector_id', 'in', connectorIds)
      .orderBy('connector_id')
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .execute(),
    db
      .selectFrom('sync_runs')
      .select(['connector_id', (eb) => eb.fn.min('started_at').as('first')])
      .where('connector_id', 'in', connectorIds)
      .groupBy('connector_id')
      .execute(),
  ]);
  for (const id of connectorIds) out.set(id, { latest: undefined, firstSyncAt: undefined });
  for (const row of latest) {
    out.get(row.connector_id)!.latest = {
      status: row.status,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      counts: row.counts,
      error: row.error,
      workflowId: row.workflow_id,
    };
  }
  for (const row of first) out.get(row.connector_id)!.firstSyncAt = new Date(row.first as unknown as string);
  return out;
}
