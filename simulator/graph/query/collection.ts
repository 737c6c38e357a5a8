// Serves one page of a Graph collection: validates query options, filters/searches/sorts, resumes from the
// skiptoken, projects with $select, and writes @odata.count / @odata.nextLink the way directory Graph does.
// Unfiltered, unsorted lists resume by binary search on a sorted id array, so a page costs O(page), not O(tenant).
import { graphErrors } from '../errors.js';
import type { GraphRequest, GraphResponse } from '../route.js';
import { upperBound } from './id-index.js';
import { matchesSearch, parseOptions, type QueryOptions, type QueryRules } from './options.js';
import { project, type TypeSchema } from './schema.js';
import { graphLink, openToken, requestBinding, sealToken } from './tokens.js';

export interface ListInput {
  req: GraphRequest;
  /** Type the query options are validated against. */
  schema: TypeSchema;
  /** `@odata.context` fragment after `$metadata#`, e.g. `users` or `directoryObjects`. */
  context: string;
  /** Ids in serving order; `sorted` ones resume by id (robust to inserts/deletes between pages). */
  ids: readonly string[];
  order: 'sorted' | 'fixed';
  load: (id: string) => object | undefined;
  /** Turns a record into its JSON (default: project with $select). */
  render?: (record: object, options: QueryOptions) => Record<string, unknown>;
  rules: QueryRules;
  defaultTop?: number;
  /** false for collections Graph serves in one response (directoryRoles). */
  paged?: boolean;
}

interface PageState {
  after?: string;
  i?: number;
}

export function listCollection(input: ListInput): GraphResponse {
  const { req, schema } = input;
  const options = parseOptions(req.query, isEventual(req), schema, input.rules);
  const path = req.raw.url.split('?')[0]!;
  const binding = requestBinding(path, req.query, '$skiptoken');
  let state: PageState = {};
  if (options.skiptoken !== undefined) {
    const opened = openToken<PageState>(req.ctx, binding, options.skiptoken);
    if (!opened) throw graphErrors.invalidSkipToken();
    state = opened;
  }
  const pageSize = input.paged === false ? Infinity : (options.top ?? input.defaultTop ?? 100);
  const accept = (record: object) =>
    (!options.filter || options.filter(record)) && (!options.search || matchesSearch(record, options.search));
  const render = input.render ?? ((record: object, o: QueryOptions) => project(record, schema, o.select));

  const value: Record<string, unknown>[] = [];
  let next: PageState | undefined;
  let count: number | undefined;

  if (options.orderby || input.order === 'fixed' || options.search) {
    // Materialised: filter everything once, sort, then slice by index.
    const matched: object[] = [];
    for (const id of input.ids) {
      const r = input.load(id);
      if (r && accept(r)) matched.push(r);
    }
    if (options.orderby) sortRecords(matched, options.orderby);
    const start = state.i ?? 0;
    const end = Math.min(matched.length, start + pageSize);
    for (let i = start; i < end; i++) value.push(render(matched[i]!, options));
    if (end < matched.length) next = { i: end };
    count = matched.length;
  } else {
    const ids = input.ids;
    let i = state.after !== undefined ? upperBound(ids, state.after) : 0;
    let last: string | undefined;
    for (; i < ids.length && value.length < pageSize; i++) {
      const r = input.load(ids[i]!);
      if (!r || !accept(r)) continue;
      value.push(render(r, options));
      last = ids[i];
    }
    if (i < ids.length && last !== undefined) next = { after: last };
    if (options.count && options.skiptoken === undefined) count = countMatches(input, accept);
  }

  const body: Record<string, unknown> = {
    '@odata.context': contextUrl(req, input.context, options.select, options.expand),
  };
  if (options.count && options.skiptoken === undefined && count !== undefined) body['@odata.count'] = count;
  if (next) {
    const params = [...req.query].filter(([k]) => k.toLowerCase() !== '$skiptoken');
    body['@odata.nextLink'] = graphLink(req.ctx, path, [...params, ['$skiptoken', sealToken(req.ctx, binding, next)]]);
  }
  body.value = value;
  return { body };
}

/** The `$count` segment: a bare number as text/plain; needs ConsistencyLevel: eventual like every advanced query. */
export function countCollection(
  req: GraphRequest,
  schema: TypeSchema,
  ids: readonly string[],
  load: (id: string) => object | undefined,
): GraphResponse {
  if (!isEventual(req)) throw graphErrors.countNeedsEventual();
  const options = parseOptions(req.query, true, schema, { collection: true, allowSearch: true });
  let n = 0;
  for (const id of ids) {
    const r = load(id);
    if (r && (!options.filter || options.filter(r)) && (!options.search || matchesSearch(r, options.search))) n++;
  }
  return { text: String(n) };
}

export function isEventual(req: GraphRequest): boolean {
  return req.header('consistencylevel')?.toLowerCase() === 'eventual';
}

/**
 * `…/$metadata#users(id,displayName,manager())`: the selected properties, then the expanded navigation property with
 * empty parentheses even when it has a nested $select (group-list.md Example 7, rbacapplication-list-roleassignments.md).
 */
export function contextUrl(req: GraphRequest, fragment: string, select?: readonly string[], expand?: string): string {
  const base = req.ctx.graphBaseUrl.replace(/\/+$/, '');
  const items = [...(select ?? []), ...(expand ? [`${expand}()`] : [])];
  return `${base}/v1.0/$metadata#${fragment}${items.length ? `(${items.join(',')})` : ''}`;
}

function countMatches(input: ListInput, accept: (r: object) => boolean): number {
  let n = 0;
  for (const id of input.ids) {
    const r = input.load(id);
    if (r && accept(r)) n++;
  }
  return n;
}

function sortRecords(records: object[], orderby: { property: string; descending: boolean }): void {
  const key = (r: object) => {
    const v = (r as Record<string, unknown>)[orderby.property];
    return typeof v === 'string' ? v.toLowerCase() : v == null ? '' : String(v);
  };
  records.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    const c = x < y ? -1 : x > y ? 1 : 0;
    return orderby.descending ? -c : c;
  });
}

/**
 * An audit log (sign-ins, directory audits) as Graph pages it: entries in the given order, up to 1,000 a page, with
 * the collection's $filter/$top rules.
 */
export function listLogEntries<T extends { id: string }>(
  req: ListInput['req'],
  schema: ListInput['schema'],
  context: string,
  entries: readonly T[],
): GraphResponse {
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  return listCollection({
    req,
    schema,
    context,
    ids: entries.map((entry) => entry.id),
    order: 'fixed',
    load: (id) => byId.get(id),
    rules: { collection: true, maxTop: 1000 },
    defaultTop: 1000,
  });
}
