// GET /{users|groups|servicePrincipals|directoryRoles|oauth2PermissionGrants}/delta: an initial round that pages
// through every object (nextLink… then deltaLink), later rounds built from the tenant's change log. Tokens are
// sealed (tamper-evident), carry the original $select/$filter, and expire after 7 simulated days → 410 + Location.
import { randomUUID } from 'node:crypto';
import type { SimulatorContext } from '../../context.js';
import type { Tenant } from '../../model/tenant.js';
import { graphErrors } from '../errors.js';
import { upperBound } from '../query/id-index.js';
import { option } from '../query/options.js';
import { graphLink, openToken, sealToken } from '../query/tokens.js';
import { graphRoute, type GraphRequest, type GraphResponse } from '../route.js';
import { foldChanges } from './changes.js';
import { DELTA_COLLECTIONS, type DeltaCollectionSpec } from './collections.js';
import { deltaEntry, parseDeltaQuery, pageSizeOf, type DeltaQuery } from './render.js';

/** "For directory objects, the limit is seven days." (delta-query-overview.md) */
export const DELTA_TOKEN_LIFETIME_MS = 7 * 24 * 3600 * 1000;

interface RoundState extends DeltaQuery {
  ph: 'init' | 'chg';
  from: number;
  to: number;
  after?: string;
  i?: number;
}
interface DeltaState extends DeltaQuery {
  ph: 'delta';
  seq: number;
  iat: number;
}

const epochs = new WeakMap<Tenant, string>();
/** A reset tenant is a new Tenant object: tokens from before the reset must resync. */
function epochOf(tenant: Tenant): string {
  let epoch = epochs.get(tenant);
  if (!epoch) {
    epoch = randomUUID().slice(0, 8);
    epochs.set(tenant, epoch);
  }
  return epoch;
}

export function registerDelta(ctx: SimulatorContext): void {
  for (const spec of Object.values(DELTA_COLLECTIONS)) {
    graphRoute(ctx, {
      method: 'GET',
      url: `${spec.collection}/delta`,
      permissions: spec.permissions,
      handler: (req) => serveDelta(req, spec),
    });
  }
}

function serveDelta(req: GraphRequest, spec: DeltaCollectionSpec): GraphResponse {
  const binding = `delta:${spec.collection}:${req.tenant.id}`;
  const skiptoken = option(req.query, '$skiptoken');
  const deltatoken = option(req.query, '$deltatoken');
  if (skiptoken) {
    const state = openToken<RoundState>(req.ctx, binding, skiptoken);
    if (!state) throw graphErrors.invalidSkipToken();
    if (state.epoch !== epochOf(req.tenant)) throw resync(req, spec, state);
    return servePage(req, spec, binding, state);
  }
  if (deltatoken && deltatoken.toLowerCase() !== 'latest') {
    const state = openToken<DeltaState>(req.ctx, binding, deltatoken);
    if (!state || state.ph !== 'delta') throw graphErrors.invalidDeltaToken();
    const expired = req.ctx.store.clock.now() - state.iat > DELTA_TOKEN_LIFETIME_MS;
    if (
      expired ||
      state.epoch !== epochOf(req.tenant) ||
      !foldChanges(req.tenant, spec.collection, state.seq, state.seq)
    )
      throw resync(req, spec, state);
    return servePage(req, spec, binding, {
      sel: state.sel,
      rel: state.rel,
      ids: state.ids,
      epoch: state.epoch,
      ph: 'chg',
      from: state.seq,
      to: req.tenant.lastSeq,
      i: 0,
    });
  }
  const query = parseDeltaQuery(req, spec, epochOf(req.tenant));
  if (deltatoken?.toLowerCase() === 'latest')
    return respond(req, spec, binding, query, [], undefined, req.tenant.lastSeq);
  return servePage(req, spec, binding, { ...query, ph: 'init', from: req.tenant.lastSeq, to: req.tenant.lastSeq });
}

function servePage(req: GraphRequest, spec: DeltaCollectionSpec, binding: string, state: RoundState): GraphResponse {
  const pageSize = pageSizeOf(req);
  const minimal = /return=minimal/i.test(req.header('prefer') ?? '');
  const tenant = req.tenant;
  const value: Record<string, unknown>[] = [];
  let next: RoundState | undefined;

  if (state.ph === 'init') {
    const ids = state.ids ?? spec.ids(tenant);
    let i = state.after !== undefined ? upperBound(ids, state.after) : 0;
    let last: string | undefined;
    for (; i < ids.length && value.length < pageSize; i++) {
      const record = spec.load(tenant, ids[i]!);
      if (!record) continue;
      value.push(deltaEntry(tenant, spec, state, record, { created: true, minimal: false }));
      last = ids[i];
    }
    if (i < ids.length && last !== undefined) next = { ...state, after: last };
  } else {
    const folded = foldChanges(tenant, spec.collection, state.from, state.to);
    if (!folded) throw resync(req, spec, state);
    const wanted = state.ids ? new Set(state.ids) : undefined;
    const relevant = folded.filter(
      (f) =>
        (!wanted || wanted.has(f.id)) &&
        (f.deleted || f.created || touchesSelection(spec, state, f.props, f.related.size)),
    );
    const start = state.i ?? 0;
    const end = Math.min(relevant.length, start + pageSize);
    for (let i = start; i < end; i++) {
      const f = relevant[i]!;
      const record = f.deleted ? undefined : spec.load(tenant, f.id);
      value.push(
        record
          ? deltaEntry(tenant, spec, state, record, { created: f.created, minimal, props: f.props, related: f.related })
          : { id: f.id, '@removed': { reason: spec.removedReason } },
      );
    }
    if (end < relevant.length) next = { ...state, i: end };
  }
  return respond(req, spec, binding, state, value, next, state.to);
}

/** Whether a change to these properties/relations is visible through the query's $select. */
function touchesSelection(
  spec: DeltaCollectionSpec,
  query: DeltaQuery,
  props: Set<string>,
  relatedChanges: number,
): boolean {
  if (query.rel && (relatedChanges > 0 || (spec.relation === 'manager' && props.has('manager')))) return true;
  const tracked = (p: string) => p !== 'manager' && (query.sel ? query.sel.includes(p) : spec.schema.properties.has(p));
  for (const p of props) if (tracked(p)) return true;
  return false;
}

function respond(
  req: GraphRequest,
  spec: DeltaCollectionSpec,
  binding: string,
  query: DeltaQuery,
  value: Record<string, unknown>[],
  next: RoundState | undefined,
  seq: number,
): GraphResponse {
  const base = req.ctx.graphBaseUrl.replace(/\/+$/, '');
  // Only the initial request names its selection in the context (delta-query-users.md); pages reached through a
  // skiptoken or deltatoken carry the selection in the token and answer with the bare collection.
  const selected = query.sel && req.query.has('$select');
  const select = selected ? `(${[...query.sel!, ...(query.rel ? [spec.relation!] : [])].join(',')})` : '';
  const body: Record<string, unknown> = { '@odata.context': `${base}/v1.0/$metadata#${spec.collection}${select}` };
  const path = `/v1.0/${spec.collection}/delta`;
  if (next) {
    body['@odata.nextLink'] = graphLink(req.ctx, path, [['$skiptoken', sealToken(req.ctx, binding, next)]]);
  } else {
    const state: DeltaState = {
      sel: query.sel,
      rel: query.rel,
      ids: query.ids,
      epoch: query.epoch,
      ph: 'delta',
      seq,
      iat: req.ctx.store.clock.now(),
    };
    body['@odata.deltaLink'] = graphLink(req.ctx, path, [['$deltatoken', sealToken(req.ctx, binding, state)]]);
  }
  body.value = value;
  return { body };
}

/** 410 Gone with a Location that restarts the same query from scratch (an empty $deltatoken). */
function resync(req: GraphRequest, spec: DeltaCollectionSpec, query: DeltaQuery) {
  const params: [string, string][] = [];
  // A query without $select carries its relationship by default: restarting it must not add a $select.
  if (query.sel) params.push(['$select', [...query.sel, ...(query.rel ? [spec.relation!] : [])].join(',')]);
  if (query.ids) params.push(['$filter', query.ids.map((id) => `id eq '${id}'`).join(' or ')]);
  params.push(['$deltatoken', '']);
  return graphErrors.resyncRequired(graphLink(req.ctx, `/v1.0/${spec.collection}/delta`, params));
}
