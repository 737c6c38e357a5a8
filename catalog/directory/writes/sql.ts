// Shared plumbing for the directory writers: chunked multi-row upserts, transactions that nest, text[] values.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { CatalogSchema } from '../../schema.js';

export type CatalogDb = Kysely<CatalogSchema>;

/** PostgreSQL's limit on bind parameters in one statement (a 16-bit count in the wire protocol). */
export const MAX_BIND_PARAMETERS = 65_535;
/** Rows per statement, whatever the width: bigger statements stop paying off and cost memory on both drivers. */
const MAX_ROWS_PER_STATEMENT = 4_000;

/** How many rows of `columns` columns fit in one statement. */
export function rowsPerStatement(columns: number): number {
  return Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_BIND_PARAMETERS / Math.max(1, columns))));
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/**
 * Keeps the last row for each key. PostgreSQL refuses an upsert that touches the same row twice in one statement, and
 * Graph pages (delta ones especially) can repeat an object.
 */
export function lastPerKey<T>(rows: Iterable<T>, key: (row: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const row of rows) byKey.set(key(row), row);
  return [...byKey.values()];
}

export interface UpsertSpec {
  table: keyof CatalogSchema & string;
  /** Primary-key columns. */
  conflict: readonly string[];
  /** Columns to overwrite when the row exists (everything else keeps its stored value, e.g. first_seen_at). */
  update: readonly string[];
  /** Columns whose new value is an expression over `excluded` and the stored row instead of the incoming value. */
  merge?: Readonly<Record<string, RawBuilder<unknown>>>;
}

/** `INSERT … ON CONFLICT … DO UPDATE` in chunks that stay under the bind-parameter limit. Returns rows written. */
export async function upsertRows(
  db: CatalogDb,
  spec: UpsertSpec,
  rows: readonly Record<string, unknown>[],
): Promise<number> {
  if (rows.length === 0) return 0;
  // Column names come from the callers' row builders, never from input, so the untyped builder is safe here.
  const untyped = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const size = rowsPerStatement(Object.keys(rows[0]!).length);
  for (const part of chunk(rows, size)) {
    await untyped
      .insertInto(spec.table)
      .values(part)
      .onConflict((oc) =>
        oc.columns(spec.conflict as string[]).doUpdateSet({
          ...Object.fromEntries(spec.update.map((column) => [column, sql.ref(`excluded.${column}`)])),
          ...spec.merge,
        }),
      )
      .execute();
  }
  return rows.length;
}

/** Runs `fn` in a transaction, or inside the caller's when `db` already is one (activities may compose writers). */
export async function inTransaction<T>(db: CatalogDb, fn: (trx: CatalogDb) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}

/** A text[] value sent as an array literal string, so PGlite and node-postgres send identical bytes. */
export function textArray(values: readonly string[]): RawBuilder<string[]> {
  const literal = `{${values.map((value) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
  return sql<string[]>`cast(${literal} as text[])`;
}

/** `= any(…)` for id lists of any length: one bind parameter instead of one per id. */
export function anyOf(values: readonly string[]): RawBuilder<string> {
  return sql<string>`any(${textArray(values)})`;
}
