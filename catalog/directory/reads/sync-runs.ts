// Sync runs, newest first: status, counts, duration, Graph requests, resource units, throttled responses.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { SyncMode, SyncRunsTable, SyncStatus } from '../schema.js';
import type { CatalogSchema } from '../../schema.js';
import type { Page, PageRequest } from './cursor.js';
import { iso, oneOf, requiredId } from './filters.js';
import { paginate } from './keyset.js';

export interface SyncRunQuery extends PageRequest {
  connectorId: string;
  status?: SyncStatus | undefined;
  mode?: SyncMode | undefined;
}

export interface SyncRunItem {
  id: string;
  connectorId: string;
  generation: number;
  workflowId: string | null;
  runId: string | null;
  mode: SyncMode;
  status: SyncStatus;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  counts: Record<string, number>;
  requests: number;
  resourceUnits: number;
  throttled: number;
  error: string | null;
}

export async function listSyncRuns(db: Kysely<CatalogSchema>, query: SyncRunQuery): Promise<Page<SyncRunItem>> {
  const connectorId = requiredId('connectorId', query.connectorId);
  const status = oneOf('status', query.status, ['running', 'succeeded', 'failed']);
  const mode = oneOf('mode', query.mode, ['full', 'delta']);
  return paginate({
    query: 'syncRuns',
    filters: { connectorId, status, mode },
    request: query,
    keys: [
      { column: 'started_at', direction: 'desc', cast: 'timestamptz' },
      { column: 'id', direction: 'desc' },
    ],
    fetch: (page) => {
      // started_at travels in the cursor as the database's own text, so microseconds survive the round trip.
      let q = db
        .selectFrom('sync_runs')
        .selectAll()
        .select(sql<string>`cast(started_at as text)`.as('started_key'))
        .where('connector_id', '=', connectorId);
      if (status) q = q.where('status', '=', status);
      if (mode) q = q.where('mode', '=', mode);
      return page(q).execute();
    },
    keyOf: (row) => [row.started_key, row.id],
    toItem: syncRunItem,
  });
}

/** The newest run of a connector matching the filter (e.g. the last succeeded full sync), if any. */
export async function latestSyncRun(
  db: Kysely<CatalogSchema>,
  query: Omit<SyncRunQuery, 'limit' | 'cursor'>,
): Promise<SyncRunItem | undefined> {
  return (await listSyncRuns(db, { ...query, limit: 1 })).items[0];
}

/** The connector's first run (the onboarding's "Connected" page shows its result), if any. */
export async function firstSyncRun(db: Kysely<CatalogSchema>, connectorId: string): Promise<SyncRunItem | undefined> {
  const row = await db
    .selectFrom('sync_runs')
    .selectAll()
    .where('connector_id', '=', requiredId('connectorId', connectorId))
    .orderBy('started_at', 'asc')
    .orderBy('id', 'asc')
    .limit(1)
    .executeTakeFirst();
  return row && syncRunItem(row);
}

export async function getSyncRun(db: Kysely<CatalogSchema>, id: string): Promise<SyncRunItem | undefined> {
  const row = await db.selectFrom('sync_runs').selectAll().where('id', '=', id).executeTakeFirst();
  return row && syncRunItem(row);
}

function syncRunItem(row: Selectable<SyncRunsTable>): SyncRunItem {
  return {
    id: row.id,
    connectorId: row.connector_id,
    generation: Number(row.generation),
    workflowId: row.workflow_id,
    runId: row.run_id,
    mode: row.mode,
    status: row.status,
    startedAt: row.started_at.toISOString(),
    finishedAt: iso(row.finished_at),
    durationMs: row.finished_at ? row.finished_at.getTime() - row.started_at.getTime() : null,
    counts: row.counts,
    requests: row.requests,
    resourceUnits: row.resource_units,
    throttled: row.throttled,
    error: row.error,
  };
}
