// "Full syncs remove what disappeared": every row a successful full sync saw carries its generation, so whatever
// still has an older one is gone from the tenant.
import { inTransaction, type CatalogDb } from './sql.js';
import { recomputeViaGroupGrants } from './via-groups.js';

export const SWEPT_TABLES = [
  'principals',
  'resources',
  'entitlements',
  'grants',
  'group_members',
  'discovered_apps',
] as const;
export type SweptTable = (typeof SWEPT_TABLES)[number];

export interface SweepInput {
  connectorId: string;
  /** The generation of the full sync that just succeeded. */
  generation: number;
  /** Tables the sync fully re-read (default: all). Leave one out when the run skipped that collection. */
  tables?: readonly SweptTable[];
}

/**
 * Deletes the connector's rows older than `generation`. Call only after a full sync wrote everything it saw: a
 * failed or partial run would otherwise delete live data. Idempotent. Returns rows deleted per table.
 */
export async function sweepStale(db: CatalogDb, input: SweepInput): Promise<Record<SweptTable, number>> {
  const counts = Object.fromEntries(SWEPT_TABLES.map((table) => [table, 0])) as Record<SweptTable, number>;
  await inTransaction(db, async (trx) => {
    for (const table of input.tables ?? SWEPT_TABLES) {
      const result = await trx
        .deleteFrom(table)
        .where('connector_id', '=', input.connectorId)
        .where('generation', '<', String(input.generation))
        .executeTakeFirst();
      counts[table] = Number(result.numDeletedRows);
    }
  });
  return counts;
}

export interface CompleteFullSyncResult {
  swept: Record<SweptTable, number>;
  viaGrants: number;
}

/**
 * The last catalog step of a successful full sync, in one transaction: sweep what the tenant no longer has, then
 * re-expand every group over the edges and direct grants that remain (stale edges must be gone before expanding, or a
 * removed member would keep inherited access). Idempotent.
 */
export async function completeFullSync(db: CatalogDb, input: SweepInput): Promise<CompleteFullSyncResult> {
  return inTransaction(db, async (trx) => {
    const swept = await sweepStale(trx, input);
    const { viaGrants } = await recomputeViaGroupGrants(trx, {
      connectorId: input.connectorId,
      generation: input.generation,
    });
    return { swept, viaGrants };
  });
}
