// The reviewer inbox's read: one keyset page of a campaign's items (all of them, or one reviewer's through
// review_assignments), filtered and sorted, with the total under the same filters and each item's reviewers.
//
// Two plans, picked so a page never costs more than the reviewer's own items (measured on PostgreSQL, 150k items):
// - walk the sort's index and probe each item's assignment until the page is full: a few ms when the reviewer holds
//   a fair share of the campaign, but a walk of the whole campaign when few of its items match;
// - start from the reviewer's assignments (primary key campaign, reviewer, item), join, sort: bounded by the
//   reviewer's item count, and it yields the total in the same pass.
// The walk is used only without item filters and for reviewers with many items; admins (every item) always walk.
import { sql, type RawBuilder } from 'kysely';
import { textArray, type CatalogDb } from '../directory/writes/sql.js';
import type { InboxQuery, ReviewItemView } from './decisions.js';
import { encodeCursor } from './inbox-cursor.js';
import { afterCursor, and, itemFilters, SORT_KEYS, type SortKey } from './inbox-query.js';
import { itemView, type ItemRow } from './inbox-view.js';

export { InvalidReviewCursor } from './inbox-cursor.js';

const MAX_PAGE = 500;
/** Below this many items, a reviewer's page starts from their assignments even without filters. */
const WALK_FROM_ITEMS = 2000;

type PageRow = ItemRow & Record<string, string | number>;

/** One page (keyset, ≤ 200 ms p95 for a 10k-item reviewer on PostgreSQL), and the total matching the filters. */
export async function listItems(
  db: CatalogDb,
  q: InboxQuery,
): Promise<{ items: ReviewItemView[]; nextCursor: string | null; total: number }> {
  const sort = q.sort ?? 'principal';
  const keys = SORT_KEYS[sort];
  const limit = Math.max(1, Math.min(MAX_PAGE, Math.floor(q.limit)));
  const filters = itemFilters(q);
  let rows: PageRow[];
  let total: number;
  if (q.reviewerId === null) {
    [rows, total] = await Promise.all([walkIndex(db, q, keys, filters, limit), countAll(db, q, filters)]);
  } else if (filters.length === 0 && (total = await countAssigned(db, q)) >= WALK_FROM_ITEMS) {
    rows = await walkIndex(db, q, keys, filters, limit);
  } else {
    ({ rows, total } = await fromAssignments(db, q, keys, filters, limit));
  }
  const page = rows.slice(0, limit);
  const reviewers = await reviewersOf(
    db,
    q.campaignId,
    page.map((row) => String(row.id)),
  );
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor({ sort, keys: keys.map((_, n) => last[`k${n}`]!), id: String(last.id) })
      : null;
  return { items: page.map((row) => itemView(row, reviewers.get(String(row.id)) ?? [])), nextCursor, total };
}

const keyValues = (keys: SortKey[]) => sql.join(keys.map((key, n) => sql`${key.value} as ${sql.ref(`k${n}`)}`));

async function walkIndex(
  db: CatalogDb,
  q: InboxQuery,
  keys: SortKey[],
  filters: RawBuilder<unknown>[],
  limit: number,
): Promise<PageRow[]> {
  // LATERAL with LIMIT is never flattened: each walked item costs one primary-key probe, whatever the statistics
  // say (a freshly staged campaign has none until autovacuum analyses it).
  const assigned =
    q.reviewerId === null
      ? sql``
      : sql`cross join lateral (select 1 from review_assignments a
          where a.campaign_id = i.campaign_id and a.reviewer_id = ${q.reviewerId} and a.item_id = i.id limit 1) mine`;
  const { rows } = await sql<PageRow>`
    select i.*, ${keyValues(keys)} from review_items i ${assigned}
    where i.campaign_id = ${q.campaignId} and ${and(filters)}
      and ${afterCursor(q.cursor, q.sort ?? 'principal', keys)}
    order by ${sql.join([...keys.map((key) => key.order), sql`i.id`])} limit ${limit + 1}`.execute(db);
  return rows;
}

/** The reviewer's matching items, sorted; `offset 0` keeps the planner from turning it back into an index walk. */
async function fromAssignments(
  db: CatalogDb,
  q: InboxQuery,
  keys: SortKey[],
  filters: RawBuilder<unknown>[],
  limit: number,
): Promise<{ rows: PageRow[]; total: number }> {
  const orders = sql.join(keys.map((key, n) => sql`${key.order} as ${sql.ref(`o${n}`)}`));
  const ordered = sql.join([...keys.map((_, n) => sql.ref(`s.o${n}`)), sql`s.id`]);
  // Sorting narrow rows (id and keys) keeps the sort in memory; only the page's rows are read whole.
  const { rows } = await sql<PageRow & { total: string | number }>`
    with page as (
      select * from (
        select i.id, ${keyValues(keys)}, ${orders}, count(*) over () as total
        from ${reviewersItems(q, filters)}
        offset 0
      ) s
      where ${afterCursor(q.cursor, q.sort ?? 'principal', keys, (_, n) => sql.ref(`s.o${n}`), sql`s.id`)}
      order by ${ordered} limit ${limit + 1}
    )
    select i.*, ${sql.join(keys.map((_, n) => sql.ref(`s.k${n}`)))}, s.total
    from page s join review_items i on i.campaign_id = ${q.campaignId} and i.id = s.id
    order by ${ordered}`.execute(db);
  // A cursor past the last item leaves no row to carry the total: count it on its own then.
  const total = rows[0] ? Number(rows[0].total) : q.cursor ? await countAssigned(db, q, filters) : 0;
  return { rows, total };
}

async function countAll(db: CatalogDb, q: InboxQuery, filters: RawBuilder<unknown>[]): Promise<number> {
  const { rows } = await sql<{ total: string | number }>`
    select count(*) as total from review_items i where i.campaign_id = ${q.campaignId} and ${and(filters)}`.execute(db);
  return Number(rows[0]?.total ?? 0);
}

/** Without filters an index-only count of the reviewer's assignments; with them, each item probed by primary key. */
async function countAssigned(db: CatalogDb, q: InboxQuery, filters: RawBuilder<unknown>[] = []): Promise<number> {
  const query =
    filters.length === 0
      ? sql`select count(*) as total from review_assignments a
          where a.campaign_id = ${q.campaignId} and a.reviewer_id = ${q.reviewerId}`
      : sql`select count(*) as total from ${reviewersItems(q, filters)}`;
  const { rows } = await query.execute(db);
  return Number((rows[0] as { total: string | number } | undefined)?.total ?? 0);
}

/**
 * `from` for the reviewer's matching items as `i`: their assignments (primary key prefix campaign, reviewer), each item fetched by its
 * primary key. `offset 0` keeps the planner from flattening the LATERAL into a hash join over the whole campaign.
 */
function reviewersItems(q: InboxQuery, filters: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return sql`review_assignments a cross join lateral (
    select * from review_items i0 where i0.campaign_id = a.campaign_id and i0.id = a.item_id offset 0) i
    where a.campaign_id = ${q.campaignId} and a.reviewer_id = ${q.reviewerId} and ${and(filters)}`;
}

/** Each item's reviewers (sorted), for this page's items only. */
async function reviewersOf(db: CatalogDb, campaignId: string, itemIds: string[]): Promise<Map<string, string[]>> {
  const byItem = new Map<string, string[]>();
  if (itemIds.length === 0) return byItem;
  const { rows } = await sql<{ item_id: string; reviewer_id: string }>`
    select item_id::text as item_id, reviewer_id from review_assignments
    where campaign_id = ${campaignId} and item_id = any(cast(${textArray(itemIds)} as bigint[]))
    order by item_id, reviewer_id`.execute(db);
  for (const row of rows) byItem.set(row.item_id, [...(byItem.get(row.item_id) ?? []), row.reviewer_id]);
  return byItem;
}
