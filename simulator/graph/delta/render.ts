// Delta query options (what a round tracks) and how one object is written into a delta page.
import type { Tenant } from '../../model/tenant.js';
import { ODATA_TYPE, type ObjectKind } from '../../model/types.js';
import { graphErrors } from '../errors.js';
import { option } from '../query/options.js';
import { project } from '../query/schema.js';
import type { GraphRequest } from '../route.js';
import type { DeltaCollectionSpec } from './collections.js';

/** The query a delta token carries, so later rounds need not repeat $select/$filter. */
export interface DeltaQuery {
  /** Selected properties (null = the collection's default set, every property tracked). */
  sel: string[] | null;
  /** The relationship travels as `<relation>@delta` (members: selected or no $select; manager: selected). */
  rel: boolean;
  /** `$filter=id eq '…' or id eq '…'` (≤ 50), sorted; null = every object. */
  ids: string[] | null;
  epoch: string;
}

const MAX_FILTER_IDS = 50;
const DEFAULT_PAGE = 100;

export function parseDeltaQuery(req: GraphRequest, spec: DeltaCollectionSpec, epoch: string): DeltaQuery {
  for (const name of ['$top', '$expand', '$orderby', '$search', '$skip']) {
    if (option(req.query, name) !== undefined) throw graphErrors.unsupportedQueryOption(name);
  }
  let sel: string[] | null = null;
  // Without $select, groups/delta and directoryRoles/delta still carry members@delta (Microsoft's documented
  // examples); users/delta sends manager@delta only when `manager` is selected.
  let rel = spec.relation === 'members';
  const select = option(req.query, '$select');
  if (select) {
    rel = false;
    sel = [];
    for (const raw of select
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      if (spec.relation && raw.toLowerCase() === spec.relation.toLowerCase()) {
        rel = true;
        continue;
      }
      const canonical = spec.schema.canonical.get(raw.toLowerCase());
      if (!canonical) throw graphErrors.unknownProperty(raw, spec.schema.name);
      if (!sel.includes(canonical)) sel.push(canonical);
    }
  }
  let ids: string[] | null = null;
  const filter = option(req.query, '$filter');
  if (filter) {
    const clauses = filter.split(/\s+or\s+/i);
    ids = clauses.map((clause) => {
      const m = /^\s*id\s+eq\s+'([^']+)'\s*$/i.exec(clause);
      if (!m) throw graphErrors.unsupportedQueryOption('$filter');
      return m[1]!;
    });
    if (ids.length > MAX_FILTER_IDS) throw graphErrors.tooManyDeltaIds();
    ids = [...new Set(ids)].sort();
  }
  return { sel, rel, ids, epoch };
}

/** `Prefer: odata.maxpagesize=N` sets the page size, as Graph honours it for delta. */
export function pageSizeOf(req: GraphRequest): number {
  const m = /odata\.maxpagesize=(\d+)/i.exec(req.header('prefer') ?? '');
  const n = m ? Number(m[1]) : DEFAULT_PAGE;
  return n >= 1 ? Math.min(n, 999) : DEFAULT_PAGE;
}

export interface EntryContext {
  created: boolean;
  /** Prefer: return=minimal — updated objects carry only what changed. */
  minimal: boolean;
  props?: Set<string>;
  related?: Map<string, { kind: ObjectKind; removed: boolean }>;
}

export function deltaEntry(
  tenant: Tenant,
  spec: DeltaCollectionSpec,
  query: DeltaQuery,
  record: object,
  entry: EntryContext,
): Record<string, unknown> {
  const id = (record as { id: string }).id;
  let props: Record<string, unknown>;
  if (entry.minimal && !entry.created && entry.props) {
    const source = record as Record<string, unknown>;
    props = {};
    for (const p of entry.props)
      if (p !== 'manager' && (query.sel ? query.sel.includes(p) : spec.schema.properties.has(p)))
        props[p] = source[p] ?? null;
  } else {
    props = project(record, spec.schema, query.sel ?? undefined);
  }
  const out: Record<string, unknown> = { ...props, id };
  if (query.rel && spec.relation) {
    const relatedDelta = relationDelta(tenant, spec, id, entry);
    if (relatedDelta) out[`${spec.relation}@delta`] = relatedDelta;
  }
  return out;
}

function relationDelta(
  tenant: Tenant,
  spec: DeltaCollectionSpec,
  id: string,
  entry: EntryContext,
): Record<string, unknown>[] | undefined {
  const typeOf = (memberId: string, fallback: ObjectKind = 'user') => ODATA_TYPE[tenant.kindOf(memberId) ?? fallback];
  // Created objects, the initial round, and manager changes (whose previous value the log does not keep) send the current state.
  if (entry.created || !entry.related || entry.related.size === 0) {
    if (!entry.created && !(spec.relation === 'manager' && entry.props?.has('manager'))) return undefined;
    const current = (spec.related?.(tenant, id) ?? []).map((memberId) => ({
      '@odata.type': typeOf(memberId),
      id: memberId,
    }));
    // A cleared manager shows as an empty manager@delta in a change round; the initial round omits it.
    return current.length || spec.relation === 'members' || !entry.created ? current : undefined;
  }
  return [...entry.related].map(([memberId, change]) =>
    change.removed
      ? { '@odata.type': ODATA_TYPE[change.kind], id: memberId, '@removed': { reason: 'deleted' } }
      : { '@odata.type': typeOf(memberId, change.kind), id: memberId },
  );
}
