// The pieces of an inbox query: each sort's keys (ordered and compared as a row, so a keyset cursor resumes exactly
// where the last page stopped) and the filters a reviewer picks.
import { sql, type RawBuilder } from 'kysely';
import { sanitizeText } from '../../lib/safe-text.js';
import type { InboxQuery, InboxSort } from './decisions.js';
import { decodeCursor } from './inbox-cursor.js';

/** One sort key: the expression rows are ordered and compared by, and how a cursor carries its value. */
export interface SortKey {
  order: RawBuilder<unknown>;
  /** The value as the cursor stores it (text or an integer), exact: a sign-in time keeps its microseconds. */
  value: RawBuilder<unknown>;
  /** The cursor's value turned back into the order expression's type. */
  parse: (value: string | number) => RawBuilder<unknown>;
}

const text = (column: string): SortKey => ({
  order: sql.ref(`i.${column}`),
  value: sql.ref(`i.${column}`),
  parse: (value) => sql`${String(value)}`,
});
// Never signed in sorts first (-infinity); every key is non-null, so a row comparison orders exactly as ORDER BY does.
// Migration 0011 indexes each sort's keys (review_items_sort_*_idx), so a page can walk an index instead of sorting.
const SIGN_IN: SortKey = {
  order: sql`coalesce(i.last_sign_in_at, '-infinity'::timestamptz)`,
  value: sql`case when i.last_sign_in_at is null then '-infinity'
    else to_char(i.last_sign_in_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') end`,
  parse: (value) => sql`cast(${String(value)} as timestamptz)`,
};
const RANK = sql`(case i.recommendation when 'remove' then 0 when 'none' then 1 else 2 end)`;
const RECOMMENDATION: SortKey = { order: RANK, value: RANK, parse: (value) => sql`cast(${Number(value)} as int)` };

export const SORT_KEYS: Record<InboxSort, SortKey[]> = {
  principal: [text('principal_name'), text('resource_name')],
  resource: [text('resource_name'), text('principal_name')],
  lastSignIn: [SIGN_IN, text('principal_name')],
  recommendation: [RECOMMENDATION, text('principal_name')],
};

/** Filters on the item itself (not who reviews it); empty when the reviewer picked none. */
export function itemFilters(q: InboxQuery): RawBuilder<unknown>[] {
  const filters: RawBuilder<unknown>[] = [];
  if (q.decision === 'undecided') filters.push(sql`i.decision is null`);
  else if (q.decision === 'keep' || q.decision === 'remove') filters.push(sql`i.decision = ${q.decision}`);
  if (q.recommendation) filters.push(sql`i.recommendation = ${q.recommendation}`);
  const search = q.q?.trim();
  if (search) {
    // % and _ are wildcards to ILIKE: escaped, the reviewer's text matches only itself.
    const pattern = `%${sanitizeText(search).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filters.push(
      sql`(i.principal_name ilike ${pattern} or i.principal_upn ilike ${pattern} or i.resource_name ilike ${pattern})`,
    );
  }
  return filters;
}

/** `(keys…, id) > (cursor values…)`, or true on the first page. Throws InvalidReviewCursor. */
export function afterCursor(
  cursor: string | undefined,
  sort: InboxSort,
  keys: SortKey[],
  orderOf: (key: SortKey, n: number) => RawBuilder<unknown> = (key) => key.order,
  id: RawBuilder<unknown> = sql`i.id`,
): RawBuilder<unknown> {
  if (!cursor) return sql`true`;
  const decoded = decodeCursor(cursor, sort, keys.length);
  const values = decoded.keys.map((value, n) => keys[n]!.parse(value));
  return sql`(${sql.join([...keys.map(orderOf), id])}) > (${sql.join([...values, sql`cast(${decoded.id} as bigint)`])})`;
}

export const and = (parts: RawBuilder<unknown>[]): RawBuilder<unknown> =>
  parts.length === 0 ? sql`true` : sql.join(parts, sql` and `);
