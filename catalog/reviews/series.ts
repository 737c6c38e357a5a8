// Series: a recurring campaign definition (a Temporal Schedule starts each occurrence), and the campaign each
// occurrence creates.
import { createHash } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { CatalogDb } from '../directory/writes/sql.js';
import type { JsonObject } from '../column-types.js';
import { jsonb } from '../json.js';
import type { CampaignDefinition, RecurrenceCadence } from '../../domain/reviews.js';
import { createCampaign, type Campaign } from './campaigns.js';
import type { ReviewSeriesTable, StoredDefinition } from './schema.js';
import { appendReviewAudit, seriesSubject } from './staging-audit.js';

export interface NewSeries {
  id: string;
  definition: CampaignDefinition;
  cadence: RecurrenceCadence;
  scheduleId: string;
  createdBy: string;
}

export interface Series {
  id: string;
  connectorId: string;
  name: string;
  definition: CampaignDefinition;
  cadence: RecurrenceCadence;
  scheduleId: string;
  createdBy: string;
  createdAt: string;
  stoppedAt: string | null;
}

function seriesOf(row: Selectable<ReviewSeriesTable>): Series {
  return {
    id: row.id,
    connectorId: row.connector_id,
    name: row.name,
    definition: row.definition,
    cadence: row.cadence,
    scheduleId: row.schedule_id,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    stoppedAt: row.stopped_at ? new Date(row.stopped_at).toISOString() : null,
  };
}

/** Inserts the series and audits 'review.series_created' (actor createdBy); a second call changes nothing. */
export async function createSeries(db: CatalogDb, s: NewSeries): Promise<Series> {
  const inserted = await db
    .insertInto('review_series')
    .values({
      id: s.id,
      connector_id: s.definition.connectorId,
      name: s.definition.name,
      definition: jsonb(s.definition as unknown as JsonObject),
      cadence: s.cadence,
      schedule_id: s.scheduleId,
      created_by: s.createdBy,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted)
    await appendReviewAudit(db, [
      {
        actor: s.createdBy,
        action: 'review.series_created',
        subject: seriesSubject(s.id),
        detail: { name: s.definition.name, connectorId: s.definition.connectorId, cadence: s.cadence },
      },
    ]);
  const series = await getSeries(db, s.id);
  if (!series) throw new Error(`Review series ${s.id} does not exist`);
  return series;
}

export async function getSeries(db: CatalogDb, id: string): Promise<Series | null> {
  const row = await db.selectFrom('review_series').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? seriesOf(row) : null;
}

/** Newest first. */
export async function listSeries(db: CatalogDb, connectorId?: string): Promise<Series[]> {
  let query = db.selectFrom('review_series').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc');
  if (connectorId) query = query.where('connector_id', '=', connectorId);
  return (await query.execute()).map(seriesOf);
}

/** Stamps stopped_at and audits 'review.series_stopped' once; campaigns already started run to their end. */
export async function stopSeries(db: CatalogDb, id: string, actor: string): Promise<void> {
  const stopped = await db
    .updateTable('review_series')
    .set({ stopped_at: sql`now()` })
    .where('id', '=', id)
    .where('stopped_at', 'is', null)
    .returning('name')
    .executeTakeFirst();
  if (stopped)
    await appendReviewAudit(db, [
      { actor, action: 'review.series_stopped', subject: seriesSubject(id), detail: { name: stopped.name } },
    ]);
}

/**
 * A schedule occurrence's campaign: created once per occurrence workflow id (unique index), with a fresh id and the
 * series' definition; returns the existing one on a retry.
 */
export async function createOccurrence(
  db: CatalogDb,
  seriesId: string,
  occurrenceWorkflowId: string,
  now: Date,
): Promise<Campaign> {
  const series = await getSeries(db, seriesId);
  if (!series) throw new Error(`Review series ${seriesId} does not exist`);
  // The id is derived from the occurrence (not random), so a retried activity finds the campaign it created.
  const id = occurrenceCampaignId(seriesId, occurrenceWorkflowId);
  return createCampaign(db, {
    id,
    definition: series.definition as StoredDefinition,
    workflowId: `review:${id}`,
    ownerId: `schedule:${seriesId}`,
    ownerSubject: null,
    seriesId,
    startedAt: now,
    dueAt: new Date(now.getTime() + series.definition.durationSeconds * 1000),
  });
}

/** A UUID-shaped id that is a function of the occurrence. */
export function occurrenceCampaignId(seriesId: string, occurrenceWorkflowId: string): string {
  const h = createHash('sha256').update(`${seriesId}\n${occurrenceWorkflowId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
