// Applying a closed campaign: claim the next batch of "remove" items not yet applied, record each item's result,
// settle every other item (kept, not applicable), and find live just-in-time grants on removed pairs.
// Results are written only where none exists yet, so a retried activity (or a worker killed mid-batch) never
// overwrites the first result or audits it twice.
import { sql } from 'kysely';
import type { CatalogDb } from '../directory/writes/sql.js';
import { jsonb } from '../json.js';
import { sanitizeText } from '../../lib/safe-text.js';
import type { ApplyResult } from '../../domain/reviews.js';

export interface ItemToApply {
  id: string;
  entitlementId: string;
  entitlementKind: string;
  resourceId: string;
  resourceType: string;
  principalId: string;
  principalKind: string;
}

/** The next `limit` items decided 'remove', applicable and without a result, in id order (no lock: one workflow applies). */
export async function itemsToApply(db: CatalogDb, campaignId: string, limit: number): Promise<ItemToApply[]> {
  const rows = await db
    .selectFrom('review_items')
    .select([
      'id',
      'entitlement_id as entitlementId',
      'entitlement_kind as entitlementKind',
      'resource_id as resourceId',
      'resource_type as resourceType',
      'principal_id as principalId',
      'principal_kind as principalKind',
    ])
    .where('campaign_id', '=', campaignId)
    .where('decision', '=', 'remove')
    .where('apply_result', 'is', null)
    .where('applicability', '=', 'applicable')
    .orderBy('id')
    .limit(Math.max(1, limit))
    .execute();
  return rows.map((row) => ({ ...row, id: String(row.id) }));
}

export interface ItemResult {
  itemId: string;
  result: ApplyResult;
  message: string | null;
}

/** Writes results (only where apply_result is still null, so a retry never overwrites) and one audit row per item. */
export async function recordApplyResults(
  db: CatalogDb,
  campaignId: string,
  results: readonly ItemResult[],
): Promise<void> {
  // The last result given for an item wins within one call; Graph messages may carry anything, so they are sanitised.
  const byItem = new Map(results.map((r) => [r.itemId, r]));
  const rows = [...byItem.values()]
    .filter((r) => /^[1-9][0-9]{0,17}$/.test(r.itemId))
    .map((r) => ({ id: r.itemId, result: r.result, message: r.message === null ? null : sanitizeText(r.message) }));
  if (rows.length === 0) return;
  // One statement: the UPDATE's returned rows (only those it changed) are exactly the rows audited.
  await sql`
    with results as (
      select * from jsonb_to_recordset(${jsonb(rows)}) as r(id bigint, result text, message text)
    ), written as (
      update review_items i set apply_result = r.result, apply_message = r.message, applied_at = now()
      from results r
      where i.campaign_id = ${campaignId} and i.id = r.id and i.apply_result is null
      returning i.id, i.entitlement_id, i.principal_id, r.result, r.message
    )
    insert into audit_log (actor, action, subject, detail)
    select 'lantern', 'review.applied', ${`review:${campaignId}:`} || w.id,
      jsonb_build_object('result', w.result, 'message', w.message,
        'entitlementId', w.entitlement_id, 'principalId', w.principal_id)
    from written w order by w.id`.execute(db);
}

/**
 * Items decided keep → 'kept'; remove decisions on via_group/immutable/unsupported items → 'not_applicable' with why.
 * Undecided items that could not be decided (via a group, unsupported) → 'not_applicable' too, so every item ends
 * with a result. Only items without one are touched: idempotent.
 */
export async function settleNonRemovals(db: CatalogDb, campaignId: string): Promise<void> {
  await sql`
    update review_items set
      apply_result = case when decision = 'keep' then 'kept' else 'not_applicable' end,
      apply_message = case when decision = 'keep' then null else coalesce(applicability_reason,
        case applicability
          when 'via_group' then 'Held through the group ' || coalesce(via_group_name, via_group_id) || ': decided on its group'
          when 'immutable' then 'Cannot be applied in Entra'
          else 'Lantern cannot change this kind of access' end) end,
      applied_at = now()
    where campaign_id = ${campaignId} and apply_result is null
      and (decision = 'keep' or applicability <> 'applicable')`.execute(db);
}

/** How many remove items still have no result (applicable ones: the others are settled, not applied). */
export async function remainingToApply(db: CatalogDb, campaignId: string): Promise<number> {
  const row = await db
    .selectFrom('review_items')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('campaign_id', '=', campaignId)
    .where('decision', '=', 'remove')
    .where('apply_result', 'is', null)
    .where('applicability', '=', 'applicable')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Live just-in-time grants (access_grants stage provisioning/active, not pre-existing) on these pairs: pair key
 * `${entitlementId}|${principalId}` → grant workflow id.
 */
export async function liveJitGrants(
  db: CatalogDb,
  connectorId: string,
  pairs: readonly { entitlementId: string; principalId: string }[],
): Promise<Map<string, string>> {
  const live = new Map<string, string>();
  if (pairs.length === 0) return live;
  const wanted = pairs.map((p) => ({ e: sanitizeText(p.entitlementId), p: sanitizeText(p.principalId) }));
  const { rows } = await sql<{ workflow_id: string; entitlement_id: string; principal_id: string }>`
    select g.workflow_id, g.entitlement_id, g.principal_id from access_grants g
    where g.connector_id = ${connectorId} and g.stage in ('provisioning', 'active') and not g.pre_existing
      and (g.entitlement_id, g.principal_id) in (select e, p from jsonb_to_recordset(${jsonb(wanted)}) as w(e text, p text))
    order by g.updated_at, g.workflow_id`.execute(db);
  // Newest last, so it wins when a pair somehow has two live grants.
  for (const row of rows) live.set(`${row.entitlement_id}|${row.principal_id}`, row.workflow_id);
  return live;
}
