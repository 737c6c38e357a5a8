// Small reads and writes the campaign workflow's activities need beside the catalog contract: audit rows written once
// per campaign (closing, completion, failure), and the pairs whose removal was handed to a just-in-time grant.
// (Owner: workflow helper.)
import type { CatalogDb } from '../directory/writes/sql.js';
import type { JsonObject } from '../column-types.js';
import { jsonb } from '../json.js';

/** Appends `action` on subject review:<campaignId> unless the campaign already has one (a retried activity). */
export async function auditCampaignOnce(
  db: CatalogDb,
  campaignId: string,
  entry: { actor: string; action: string; detail: JsonObject },
): Promise<void> {
  const subject = `review:${campaignId}`;
  const existing = await db
    .selectFrom('audit_log')
    .select('id')
    .where('subject', '=', subject)
    .where('action', '=', entry.action)
    .executeTakeFirst();
  if (existing) return;
  await db
    .insertInto('audit_log')
    .values({ actor: entry.actor, action: entry.action, subject, detail: jsonb(entry.detail) })
    .execute();
}

export const JIT_REVOKED_MESSAGE_PREFIX = 'Revoked the just-in-time grant ';

/** Pairs of items whose removal was the revocation of a just-in-time grant (their result message says so). */
export async function pairsRevokedThroughJit(
  db: CatalogDb,
  campaignId: string,
  limit: number,
): Promise<{ entitlementId: string; principalId: string }[]> {
  return db
    .selectFrom('review_items')
    .select(['entitlement_id as entitlementId', 'principal_id as principalId'])
    .where('campaign_id', '=', campaignId)
    .where('apply_result', '=', 'removed')
    .where('apply_message', 'like', `${JIT_REVOKED_MESSAGE_PREFIX}%`)
    .limit(limit)
    .execute();
}

/** apply_message of an item whose removal Lantern has asked Graph for, while it has no result yet. */
export const REMOVAL_REQUESTED = 'Removal requested';

/**
 * Marks the items as about to be removed and returns those an earlier attempt had marked already: if Graph now says
 * one is gone, that attempt (cut short by a crash before its result was written) most likely removed it.
 */
export async function markRemovalRequested(
  db: CatalogDb,
  campaignId: string,
  itemIds: readonly string[],
): Promise<Set<string>> {
  if (itemIds.length === 0) return new Set();
  const pending = db
    .selectFrom('review_items')
    .select('id')
    .where('campaign_id', '=', campaignId)
    .where('id', 'in', [...itemIds])
    .where('apply_result', 'is', null);
  const earlier = await pending.where('apply_message', '=', REMOVAL_REQUESTED).execute();
  await db
    .updateTable('review_items')
    .set({ apply_message: REMOVAL_REQUESTED })
    .where('campaign_id', '=', campaignId)
    .where('id', 'in', [...itemIds])
    .where('apply_result', 'is', null)
    .execute();
  return new Set(earlier.map((row) => String(row.id)));
}
