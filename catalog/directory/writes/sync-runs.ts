// Sync runs (one per syncTenant execution, one catalog generation each) and the delta links that let the next run be
// incremental. Delta links are not secrets, but they are opaque: store and hand back, never parse.
import { sql } from 'kysely';
import { jsonb } from '../../json.js';
import type { SyncMode, SyncRun } from '../schema.js';
import type { CatalogDb } from './sql.js';

export interface StartSyncRunInput {
  /** Caller-chosen and stable across activity retries (e.g. the workflow's run id). */
  id: string;
  connectorId: string;
  mode: SyncMode;
  workflowId?: string | null;
  runId?: string | null;
}

/**
 * Records a running sync and allocates its generation (the connector's previous highest + 1). Idempotent: a retry with
 * the same id returns the run already recorded, generation included.
 */
export async function startSyncRun(db: CatalogDb, input: StartSyncRunInput): Promise<SyncRun> {
  await sql`insert into sync_runs (id, connector_id, generation, workflow_id, run_id, mode)
    select ${input.id}, ${input.connectorId}, coalesce(max(generation), 0) + 1, ${input.workflowId ?? null}, ${input.runId ?? null}, ${input.mode}
    from sync_runs where connector_id = ${input.connectorId}
    on conflict (id) do nothing`.execute(db);
  return db.selectFrom('sync_runs').selectAll().where('id', '=', input.id).executeTakeFirstOrThrow();
}

export interface FinishSyncRunInput {
  id: string;
  status: 'succeeded' | 'failed';
  counts?: Record<string, number>;
  requests?: number;
  resourceUnits?: number;
  throttled?: number;
  /** A summary for operators; must not contain tokens or secrets. Truncated to 2,000 characters. */
  error?: string | null;
}

/** Marks a run finished. Idempotent: a retry keeps the first finish time. Returns the run. */
export async function finishSyncRun(db: CatalogDb, input: FinishSyncRunInput): Promise<SyncRun> {
  return db
    .updateTable('sync_runs')
    .set({
      status: input.status,
      finished_at: sql<Date>`coalesce(finished_at, now())`,
      counts: jsonb(input.counts ?? {}),
      requests: input.requests ?? 0,
      resource_units: input.resourceUnits ?? 0,
      throttled: input.throttled ?? 0,
      error: input.error ? input.error.slice(0, 2_000) : null,
    })
    .where('id', '=', input.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface CursorKey {
  connectorId: string;
  /** e.g. 'users', 'groups', 'servicePrincipals', 'directoryRoles'. */
  collection: string;
}

export async function getSyncCursor(db: CatalogDb, key: CursorKey): Promise<string | null> {
  const row = await db
    .selectFrom('sync_cursors')
    .select('delta_link')
    .where('connector_id', '=', key.connectorId)
    .where('collection', '=', key.collection)
    .executeTakeFirst();
  return row?.delta_link ?? null;
}

/** Every stored delta link of a connector, by collection. */
export async function getSyncCursors(db: CatalogDb, connectorId: string): Promise<Record<string, string>> {
  const rows = await db
    .selectFrom('sync_cursors')
    .select(['collection', 'delta_link'])
    .where('connector_id', '=', connectorId)
    .execute();
  return Object.fromEntries(rows.map((row) => [row.collection, row.delta_link]));
}

export async function putSyncCursor(db: CatalogDb, input: CursorKey & { deltaLink: string }): Promise<void> {
  await db
    .insertInto('sync_cursors')
    .values({ connector_id: input.connectorId, collection: input.collection, delta_link: input.deltaLink })
    .onConflict((oc) =>
      oc.columns(['connector_id', 'collection']).doUpdateSet({ delta_link: input.deltaLink, updated_at: sql`now()` }),
    )
    .execute();
}

/** Forgets a connector's delta links (a 410 / expired token): the next run must be full. */
export async function clearSyncCursors(db: CatalogDb, connectorId: string): Promise<void> {
  await db.deleteFrom('sync_cursors').where('connector_id', '=', connectorId).execute();
}
