// Applying a closed campaign's removals, one batch (≤ 100 items) per activity. Each item takes Lantern's one removal
// path (activities/access/removal.ts) and its result is recorded the moment it lands, so a retried or resumed batch
// only touches items still without one and nothing is removed twice. A live just-in-time grant on the pair is not
// removed here: its own workflow is revoked (the review workflow signals it) and removes the access as it always does.
import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import { applyDirectGrantChange } from '../../catalog/access/grants.js';
import {
  itemsToApply,
  liveJitGrants,
  recordApplyResults,
  remainingToApply,
  type ItemResult,
  type ItemToApply,
} from '../../catalog/reviews/apply.js';
import { parseEntitlementId } from '../../domain/entitlement-id.js';
import { JIT_REVOKED_MESSAGE_PREFIX, markRemovalRequested } from '../../catalog/reviews/workflow-records.js';
import { ACCESS_FAILURES } from '../../workflows/access/messages.js';
import type { ApplyBatchResult } from '../../workflows/reviews/messages.js';
import { reachConnector, removeGrantedAccess } from '../access/removal.js';
import type { SyncActivityDeps } from '../sync/deps.js';
import { isGuarded } from './guards.js';
import { removalRefusal, removeUnlessGuarded } from '../../catalog/access/guards.js';
import type { CatalogDb } from '../../catalog/directory/writes/sql.js';

export const APPLY_BATCH_SIZE = 100;
/** Graph requests in flight per batch; the tenant's request budget paces them further. */
const CONCURRENCY = 8;

export interface ApplyBatchInput {
  campaignId: string;
  connectorId: string;
}

const INTERRUPTED_REMOVAL = 'Removed by an earlier attempt that was interrupted (the retry found it gone)';

const pairKey = (i: { entitlementId: string; principalId: string }): string => `${i.entitlementId}|${i.principalId}`;

export async function applyReviewBatch(deps: SyncActivityDeps, input: ApplyBatchInput): Promise<ApplyBatchResult> {
  const { db } = deps.catalog;
  const items = await itemsToApply(db, input.campaignId, APPLY_BATCH_SIZE);
  const jitGrantIds: string[] = [];
  if (items.length > 0) {
    const live = await liveJitGrants(db, input.connectorId, items);
    const reach = await reachConnector(deps, input.connectorId);
    const requestedBefore = await markRemovalRequested(
      db,
      input.campaignId,
      items.map((i) => i.id),
    );
    const applyOne = async (item: ItemToApply): Promise<void> => {
      const grantId = live.get(pairKey(item));
      // A live grant's own workflow removes the access, through the guards too; a refused pair's grant is left alone.
      const refusal = grantId ? await refusalOf(db, input.connectorId, item) : null;
      const result: ItemResult = grantId
        ? (refusal ?? {
            itemId: item.id,
            result: 'removed',
            message: `${JIT_REVOKED_MESSAGE_PREFIX}${grantId}; its workflow removes the access`,
          })
        : await removeItem(deps, reach, input.connectorId, item, requestedBefore.has(item.id));
      await recordApplyResults(db, input.campaignId, [result]);
      if (grantId && !refusal) jitGrantIds.push(grantId);
      Context.current().heartbeat();
    };
    // Guarded items one by one (each guard counts what the previous removals left), the rest in parallel.
    for (const item of items.filter(isGuarded)) await applyOne(item);
    await inParallel(
      items.filter((i) => !isGuarded(i)),
      CONCURRENCY,
      applyOne,
    );
  }
  return { processed: items.length, remaining: await remainingToApply(db, input.campaignId), jitGrantIds };
}

/** The item's `refused` result when a removal guard refuses it. */
async function refusalOf(db: CatalogDb, connectorId: string, item: ItemToApply): Promise<ItemResult | null> {
  const message = await removalRefusal(db, connectorId, item);
  return message ? { itemId: item.id, result: 'refused', message } : null;
}

async function removeItem(
  deps: SyncActivityDeps,
  reach: Awaited<ReturnType<typeof reachConnector>>,
  connectorId: string,
  item: ItemToApply,
  requestedBefore: boolean,
): Promise<ItemResult> {
  const entitlement = parseEntitlementId(item.entitlementId);
  if (!entitlement)
    return { itemId: item.id, result: 'not_applicable', message: `Lantern cannot remove ${item.entitlementId}.` };
  try {
    const applied = await removeUnlessGuarded(deps.catalog.db, connectorId, item, async (db) => {
      const { outcome } = await removeGrantedAccess(reach.graph, reach.pim, entitlement, item.principalId);
      const change = { connectorId, entitlementId: item.entitlementId, principalId: item.principalId };
      await applyDirectGrantChange(db, { ...change, present: false });
      return outcome;
    });
    if ('refused' in applied) return { itemId: item.id, result: 'refused', message: applied.refused };
    if (applied.removed === 'changed') return { itemId: item.id, result: 'removed', message: null };
    // Gone: before Lantern got to it, or removed by Lantern's own earlier attempt that a crash cut short.
    return requestedBefore
      ? { itemId: item.id, result: 'removed', message: INTERRUPTED_REMOVAL }
      : { itemId: item.id, result: 'already_gone', message: null };
  } catch (error) {
    // Graph's permanent refusal is the item's result; throttling and outages go to Temporal's retry.
    if (error instanceof ApplicationFailure && error.type === ACCESS_FAILURES.refused)
      return { itemId: item.id, result: 'failed', message: error.message };
    throw error;
  }
}

/** Runs `work` over `items`, at most `limit` at once; waits for every started item before rethrowing a failure. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const lane = async (): Promise<void> => {
    while (next < items.length && failures.length === 0) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failures.length > 0) throw failures[0];
}
