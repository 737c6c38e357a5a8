// Parses and validates the OData query options of one Graph request against the type being listed, with Graph's
// rules for what needs an advanced query (ConsistencyLevel: eventual + $count=true).
import { graphErrors } from '../errors.js';
import { parseExpand } from './expand.js';
import { compileFilter, parseFilter, type Predicate } from './filter.js';
import { SINGLE_USER_ONLY, type TypeSchema } from './schema.js';

export interface SearchClause {
  property: string;
  term: string;
}

export interface QueryOptions {
  select?: string[];
  filter?: Predicate;
  filterText?: string;
  top?: number;
  count: boolean;
  search?: { clauses: SearchClause[]; mode: 'and' | 'or' };
  orderby?: { property: string; descending: boolean };
  expand?: string;
  /** Nested `$select` of the expanded navigation property (`$expand=members($select=id,displayName)`). */
  expandSelect?: string[];
  /** Nested `$levels` of `$expand=manager(...)`: how many managers up the chain. */
  expandLevels?: number;
  skiptoken?: string;
  /** `ConsistencyLevel: eventual` was sent. */
  eventual: boolean;
}

export interface QueryRules {
  /** Largest accepted $top (999 for directory collections; 1000 for sign-ins, which clamp). */
  maxTop?: number;
  /** Collections of one type only (not a single entity). */
  collection: boolean;
  allowSkip?: boolean;
  /** Navigation properties that may be $expanded. */
  expandable?: readonly string[];
  allowSearch?: boolean;
}

/** Reads an option by name, case-insensitively, with its `$` (Graph v1.0 also accepts names without it). */
export function option(query: URLSearchParams, name: string): string | undefined {
  for (const [key, value] of query) {
    const k = key.toLowerCase();
    if (k === name.toLowerCase() || k === name.slice(1).toLowerCase()) return value;
  }
  return undefined;
}

export function parseOptions(
  query: URLSearchParams,
  eventual: boolean,
  schema: TypeSchema,
  rules: QueryRules,
): QueryOptions {
  const countText = option(query, '$count');
  const options: QueryOptions = { count: countText?.toLowerCase() === 'true', eventual };
  const advanced = eventual && options.count;

  const top = option(query, '$top');
  if (top !== undefined) {
    const n = /^\d+$/.test(top) ? Number(top) : NaN;
    if (!(n >= 1 && n <= (rules.maxTop ?? 999))) throw graphErrors.invalidPageSize(top);
    options.top = n;
  }
  if (option(query, '$skip') !== undefined && !rules.allowSkip) throw graphErrors.skipNotSupported();
  if (options.count && !eventual) throw graphErrors.countNeedsEventual();

  const select = option(query, '$select');
  if (select) options.select = parseSelect(select, schema, rules.collection);

  const filter = option(query, '$filter');
  if (filter) {
    const parsed = parseFilter(filter, schema);
    const needs = parsed.advanced[0];
    if (needs && !advanced) throw graphErrors.needsAdvancedQuery(needs);
    options.filter = compileFilter(parsed.root);
    options.filterText = filter;
  }

  const orderby = option(query, '$orderby');
  if (orderby) {
    const [prop = '', direction = 'asc'] = orderby.trim().split(/\s+/);
    const property = schema.canonical.get(prop.toLowerCase());
    if (!property) throw graphErrors.unknownProperty(prop, schema.name);
    if (filter && !advanced) throw graphErrors.sortNeedsAdvancedQuery();
    options.orderby = { property, descending: direction.toLowerCase() === 'desc' };
  }

  const search = option(query, '$search');
  if (search !== undefined) {
    if (!rules.allowSearch) throw graphErrors.unsupportedQueryOption('$search');
    if (!eventual) throw graphErrors.searchNeedsEventual();
    options.search = parseSearch(search, schema);
  }

  const expand = option(query, '$expand');
  if (expand) {
    const parsed = parseExpand(expand, rules.expandable ?? [], schema);
    options.expand = parsed.name;
    if (parsed.select) options.expandSelect = parsed.select;
    if (parsed.levels) options.expandLevels = parsed.levels;
  }

  const skiptoken = option(query, '$skiptoken');
  if (skiptoken !== undefined) options.skiptoken = skiptoken;
  return options;
}

function parseSelect(text: string, schema: TypeSchema, collection: boolean): string[] {
  const out: string[] = [];
  for (const raw of text.split(',')) {
    const name = raw.trim();
    if (!name) continue;
    const canonical = schema.canonical.get(name.toLowerCase());
    if (!canonical) {
      if (schema.navigation.has(name)) continue; // navigation names in $select are ignored, as Graph does
      throw graphErrors.unknownProperty(name, schema.name);
    }
    if (collection && schema.name === 'user' && SINGLE_USER_ONLY.has(canonical)) throw graphErrors.notImplemented();
    if (!out.includes(canonical)) out.push(canonical);
  }
  return out;
}

/** `"displayName:foo" AND "mail:bar"`: each clause a property and a prefix matched against its words. */
function parseSearch(text: string, schema: TypeSchema): { clauses: SearchClause[]; mode: 'and' | 'or' } {
  const mode = /\sOR\s/.test(text) ? 'or' : 'and';
  const clauses: SearchClause[] = [];
  for (const part of text.split(/\s+(?:AND|OR)\s+/)) {
    const m = /^"([^":]+):([^"]*)"$/.exec(part.trim());
    if (!m) throw graphErrors.badRequest("Syntax error: character '\"' is not valid at position 0 in '$search'.");
    const property = schema.canonical.get(m[1]!.toLowerCase());
    if (!property) throw graphErrors.unknownProperty(m[1]!, schema.name);
    clauses.push({ property, term: m[2]!.toLowerCase() });
  }
  return { clauses, mode };
}

/** Word-prefix match, as directory $search tokenises displayName/mail. */
export function matchesSearch(record: object, search: NonNullable<QueryOptions['search']>): boolean {
  const r = record as Record<string, unknown>;
  const hit = (c: SearchClause) => {
    const value = r[c.property];
    if (typeof value !== 'string') return false;
    const lower = value.toLowerCase();
    return lower.startsWith(c.term) || lower.split(/[^\p{L}\p{N}]+/u).some((w) => w.startsWith(c.term));
  };
  return search.mode === 'and' ? search.clauses.every(hit) : search.clauses.some(hit);
}
