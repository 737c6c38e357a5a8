// The connector's first sync as the "Connected" page shows it: status, what it found, when it started and ended.
import type { Kysely } from 'kysely';
import { firstSyncRun } from '../../catalog/directory/reads/index.js';
import type { CatalogSchema } from '../../catalog/schema.js';

export type FirstSync = Pick<
  NonNullable<Awaited<ReturnType<typeof firstSyncRun>>>,
  'status' | 'startedAt' | 'finishedAt' | 'counts' | 'error'
>;

export async function firstSyncOf(db: Kysely<CatalogSchema>, connectorId: string): Promise<FirstSync | null> {
  const run = await firstSyncRun(db, connectorId);
  return run
    ? { status: run.status, startedAt: run.startedAt, finishedAt: run.finishedAt, counts: run.counts, error: run.error }
    : null;
}
