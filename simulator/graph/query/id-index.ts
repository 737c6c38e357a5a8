// Sorted id arrays per tenant collection, rebuilt only when objects were created or deleted (read from the change
// log incrementally), so paging resumes by binary search instead of re-walking the tenant for every page.
import type { Tenant } from '../../model/tenant.js';
import type { DeltaCollection } from '../../model/types.js';

interface Entry {
  ids: string[];
  seenSeq: number;
}

const indexes = new WeakMap<Tenant, Map<string, Entry>>();

export function sortedIds(
  tenant: Tenant,
  collection: DeltaCollection,
  map: ReadonlyMap<string, unknown>,
): readonly string[] {
  let perTenant = indexes.get(tenant);
  if (!perTenant) {
    perTenant = new Map();
    indexes.set(tenant, perTenant);
  }
  const entry = perTenant.get(collection);
  if (entry && entry.ids.length === map.size && !keySetChanged(tenant, collection, entry.seenSeq)) {
    entry.seenSeq = tenant.lastSeq;
    return entry.ids;
  }
  const ids = [...map.keys()].sort();
  perTenant.set(collection, { ids, seenSeq: tenant.lastSeq });
  return ids;
}

function keySetChanged(tenant: Tenant, collection: DeltaCollection, seenSeq: number): boolean {
  const changes = tenant.changes;
  for (let i = changes.length - 1; i >= 0; i--) {
    const c = changes[i]!;
    if (c.seq <= seenSeq) return false;
    if (c.collection === collection && (c.kind === 'delete' || c.changedProps === undefined)) return true;
  }
  // The log was trimmed past what we saw: be safe.
  return changes.length > 0 && changes[0]!.seq > seenSeq + 1;
}

/** Index of the first id strictly greater than `after` in a sorted array. */
export function upperBound(ids: readonly string[], after: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
