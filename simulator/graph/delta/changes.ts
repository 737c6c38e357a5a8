// Folds the tenant's change log between two sequence numbers into one pending entry per object, in order of first
// change: was it created, is it gone, which properties changed, which related objects were added or removed.
import type { Tenant } from '../../model/tenant.js';
import type { ChangeEntry, DeltaCollection, ObjectKind } from '../../model/types.js';

export interface FoldedChange {
  id: string;
  created: boolean;
  deleted: boolean;
  props: Set<string>;
  /** Related object id → last state in the window. */
  related: Map<string, { kind: ObjectKind; removed: boolean }>;
}

/** undefined when the log no longer reaches back to `fromSeq` (trimmed or reset): the client must resync. */
export function foldChanges(
  tenant: Tenant,
  collection: DeltaCollection,
  fromSeq: number,
  toSeq: number,
): FoldedChange[] | undefined {
  const changes = tenant.changes;
  if (fromSeq > tenant.lastSeq) return undefined;
  if (changes.length > 0 && changes[0]!.seq > fromSeq + 1) return undefined;
  const byId = new Map<string, FoldedChange>();
  for (let i = firstAfter(changes, fromSeq); i < changes.length; i++) {
    const c = changes[i]!;
    if (c.seq > toSeq) break;
    if (c.collection !== collection) continue;
    let folded = byId.get(c.id);
    if (!folded) {
      folded = { id: c.id, created: false, deleted: false, props: new Set(), related: new Map() };
      byId.set(c.id, folded);
    }
    if (c.kind === 'delete') {
      folded.deleted = true;
      continue;
    }
    folded.deleted = false;
    if (c.changedProps === undefined) folded.created = true;
    else for (const p of c.changedProps) folded.props.add(p);
    for (const m of c.memberChanges ?? []) folded.related.set(m.memberId, { kind: m.kind, removed: m.removed });
  }
  return [...byId.values()];
}

function firstAfter(changes: readonly ChangeEntry[], seq: number): number {
  let lo = 0;
  let hi = changes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (changes[mid]!.seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
