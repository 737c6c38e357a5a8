// Applying a closed campaign: claim the next batch of "remove" items not yet applied, record each item's result,
// settle every other item (kept, not applicable), and find live just-in-time grants on removed pairs.
// (Owner: catalog-decisions helper. Stubs until implemented.)
import type { CatalogDb } from '../directory/writes/sql.js';
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
export async function itemsToApply(_db: CatalogDb, _campaignId: string, _limit: number): Promise<ItemToApply[]> {
  throw new Error('not implemented');
}

export interface ItemResult {
  itemId: string;
  result: ApplyResult;
  message: string | null;
}

/** Writes results (only where apply_result is still null, so a retry never overwrites) and one audit row per item. */
export async function recordApplyResults(
  _db: CatalogDb,
  _campaignId: string,
  _results: readonly ItemResult[],
): Promise<void> {
  throw new Error('not implemented');
}

/** Items decided keep → 'kept'; remove decisions on via_group/immutable/unsupported items → 'not_applicable' with why. */
export async function settleNonRemovals(_db: CatalogDb, _campaignId: string): Promise<void> {
  throw new Error('not implemented');
}

/** How many remove items still have no result. */
export async function remainingToApply(_db: CatalogDb, _campaignId: string): Promise<number> {
  throw new Error('not implemented');
}

/**
 * Live just-in-time grants (access_grants stage provisioning/active, not pre-existing) on these pairs: pair key
 * `${entitlementId}|${principalId}` → grant workflow id.
 */
export async function liveJitGrants(
  _db: CatalogDb,
  _connectorId: string,
  _pairs: readonly { entitlementId: string; principalId: string }[],
): Promise<Map<string, string>> {
  throw new Error('not implemented');
}
