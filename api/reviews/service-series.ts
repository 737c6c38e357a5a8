// A recurring campaign's series: its catalog row and its Temporal Schedule, made and unmade together so neither is
// left behind without the other.
import { randomUUID } from 'node:crypto';
import type { CatalogDb } from '../../catalog/directory/writes/sql.js';
import { createSeries, stopSeries as stopSeriesRow, type Series } from '../../catalog/reviews/series.js';
import type { CampaignDefinition, RecurrenceCadence } from '../../domain/reviews.js';
import type { ReviewsTemporal } from '../../temporal/clients/reviews.js';
import { reviewScheduleId } from '../../workflows/reviews/messages.js';

/** The series row, then its schedule; a schedule that cannot be made leaves the series stopped, not pending. */
export async function startSeries(
  db: CatalogDb,
  reviews: ReviewsTemporal,
  s: { definition: CampaignDefinition; cadence: RecurrenceCadence; createdBy: string },
): Promise<Series> {
  const id = randomUUID();
  const series = await createSeries(db, {
    id,
    definition: s.definition,
    cadence: s.cadence,
    scheduleId: reviewScheduleId(id),
    createdBy: s.createdBy,
  });
  try {
    await reviews.createSeriesSchedule({
      seriesId: id,
      connectorId: s.definition.connectorId,
      name: s.definition.name,
      cadence: s.cadence,
    });
  } catch (error) {
    await stopSeriesRow(db, id, 'lantern');
    throw error;
  }
  return series;
}

/** Undoes startSeries after a later step failed; the schedule's deletion is best effort (it may never have run). */
export async function stopStartedSeries(db: CatalogDb, reviews: ReviewsTemporal, seriesId: string) {
  await reviews.stopSeriesSchedule(seriesId).catch(() => undefined);
  await stopSeriesRow(db, seriesId, 'lantern');
}
