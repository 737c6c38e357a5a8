// What the review API checks a campaign definition and a caller against: people named by object id or UPN, resources
// named by id, whether someone reviews anything in a campaign. (Owner: API helper; reads only.)
import type { CatalogDb } from '../directory/writes/sql.js';

/** Enabled users of the connector matching these object ids or UPNs (UPNs case-insensitive): ref → object id. */
export async function resolveEnabledUsers(
  db: CatalogDb,
  connectorId: string,
  refs: readonly string[],
): Promise<Map<string, string>> {
  const resolved = new Map<string, string>();
  if (refs.length === 0) return resolved;
  const lowered = refs.map((ref) => ref.toLowerCase());
  const rows = await db
    .selectFrom('principals')
    .select(['id', 'upn'])
    .where('connector_id', '=', connectorId)
    .where('kind', '=', 'user')
    .where('account_enabled', '=', true)
    .where((eb) => eb.or([eb('id', 'in', [...refs]), eb(eb.fn('lower', ['upn']), 'in', lowered)]))
    .execute();
  const byKey = new Map<string, string>();
  for (const row of rows) {
    byKey.set(row.id, row.id);
    if (row.upn) byKey.set(row.upn.toLowerCase(), row.id);
  }
  for (const ref of refs) {
    const id = byKey.get(ref) ?? byKey.get(ref.toLowerCase());
    if (id) resolved.set(ref, id);
  }
  return resolved;
}

/** Which of these resource ids exist in the connector's catalog (only groups when `type` says so). */
export async function existingResourceIds(
  db: CatalogDb,
  connectorId: string,
  ids: readonly string[],
  type?: 'group',
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  let query = db
    .selectFrom('resources')
    .select('id')
    .where('connector_id', '=', connectorId)
    .where('id', 'in', [...ids]);
  if (type) query = query.where('type', '=', type);
  return new Set((await query.execute()).map((row) => row.id));
}

/** Whether this person has at least one item to review in the campaign. */
export async function isReviewerOf(db: CatalogDb, campaignId: string, reviewerId: string): Promise<boolean> {
  const row = await db
    .selectFrom('review_assignments')
    .select('item_id')
    .where('campaign_id', '=', campaignId)
    .where('reviewer_id', '=', reviewerId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
