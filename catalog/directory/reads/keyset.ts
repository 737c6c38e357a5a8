// Keyset pagination over any sort key (mixed directions allowed): fetch limit + 1 rows after the cursor's key, in key
// order; the extra row only says whether there is a next page. Sort keys must be unique and never null.
import { sql, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import {
  decodeCursor,
  encodeCursor,
  listingScope,
  pageLimit,
  type KeyValue,
  type Page,
  type PageRequest,
} from './cursor.js';

export interface SortKey {
  /** Column reference, e.g. 'p.display_name'. */
  column: string;
  direction: 'asc' | 'desc';
  /** How the cursor's value is compared (the value travels as text or number). */
  cast?: 'timestamptz' | 'integer';
}

export interface Listing<Row, Item> {
  query: string;
  filters: Record<string, unknown>;
  request: PageRequest;
  keys: readonly SortKey[];
  /** The row's sort-key values, in `keys` order (timestamps as text selected by the database, for full precision). */
  keyOf: (row: Row) => KeyValue[];
  fetch: (
    page: <DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>) => SelectQueryBuilder<DB, TB, O>,
  ) => Promise<Row[]>;
  toItem: (row: Row) => Item;
}

export async function paginate<Row, Item>(listing: Listing<Row, Item>): Promise<Page<Item>> {
  const limit = pageLimit(listing.request.limit);
  const scope = listingScope(listing.query, listing.filters);
  const after = listing.request.cursor ? decodeCursor(scope, listing.request.cursor, listing.keys.length) : undefined;
  const rows = await listing.fetch((qb) => {
    let q = after ? qb.where(afterKey(listing.keys, after)) : qb;
    for (const key of listing.keys) q = q.orderBy(sql`${sql.ref(key.column)} ${sql.raw(key.direction)}`);
    return q.limit(limit + 1);
  });
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(listing.toItem),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(scope, listing.keyOf(last)) : null,
  };
}

/** (k1, k2, …) strictly after the cursor's values in the sort order: k1 ≻ v1 or (k1 = v1 and k2 ≻ v2) or … */
function afterKey(keys: readonly SortKey[], values: readonly KeyValue[]): RawBuilder<SqlBool> {
  const value = (i: number) => {
    const cast = keys[i]!.cast;
    return cast ? sql`cast(${values[i]} as ${sql.raw(cast)})` : sql`${values[i]}`;
  };
  const branches = keys.map((key, i) => {
    const equalities = keys.slice(0, i).map((k, j) => sql`${sql.ref(k.column)} = ${value(j)}`);
    const beyond = sql`${sql.ref(key.column)} ${sql.raw(key.direction === 'asc' ? '>' : '<')} ${value(i)}`;
    return sql.join([...equalities, beyond], sql` and `);
  });
  return sql<SqlBool>`(${sql.join(
    branches.map((b) => sql`(${b})`),
    sql` or `,
  )})`;
}

/** A LIKE pattern matching `text` literally, as a prefix or anywhere. */
export function likePattern(text: string, match: 'prefix' | 'contains' = 'contains'): string {
  const escaped = text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
  return match === 'prefix' ? `${escaped}%` : `%${escaped}%`;
}
