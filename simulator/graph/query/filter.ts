// OData $filter as directory Graph accepts it: eq/ne/gt/ge/lt/le, in, startsWith/endsWith, not, and/or,
// lambda any()/all() over collections (and the bare `any()` "is not empty" test), nested paths (status/errorCode),
// and OData v4 literals: quoted strings, numbers, dates, booleans, null and unquoted GUIDs (Edm.Guid values such as
// assignedLicenses' skuId are written without quotes). String comparison is case-insensitive,
// as it is in Entra. The parser also reports which advanced-query operators were used, so the caller can demand
// ConsistencyLevel: eventual + $count=true exactly where Graph does.
import { graphErrors } from '../errors.js';
import type { TypeSchema } from './schema.js';

type Literal = string | number | boolean | null | { date: number };
export type FilterNode =
  | { op: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { op: 'not'; operand: FilterNode }
  | { op: 'cmp'; cmp: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; path: string[]; value: Literal }
  | { op: 'in'; path: string[]; values: Literal[] }
  | { op: 'fn'; fn: 'startswith' | 'endswith'; path: string[]; value: string; negate: boolean }
  | { op: 'any' | 'all'; path: string[]; variable: string; body: FilterNode }
  /** `collection/any()`: true when the collection has at least one item. */
  | { op: 'nonEmpty'; path: string[] };

export interface ParsedFilter {
  root: FilterNode;
  /** Operators that make this an advanced query ('ne', 'not', 'endsWith'). */
  advanced: string[];
}

type Token = { t: 'id' | 'str' | 'num' | 'date' | 'guid' | 'punct'; v: string };

// Alternatives in order: ( ) , : 'string' date (a date alone too: `activityDateTime ge 2018-01-24`, as the audit-log
// pages write it) guid number identifier. A GUID is tried before numbers and identifiers
// because it can start with either a digit or a letter.
const TOKEN =
  /\s*(?:(\()|(\))|(,)|(:)|'((?:[^']|'')*)'|(\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?)(?![\w-])|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![\w-])|(-?\d+(?:\.\d+)?)(?![\w-])|([A-Za-z_$][\w$./-]*))/iy;

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(text);
    if (!m) throw graphErrors.invalidFilter();
    if (m[1] || m[2] || m[3] || m[4]) out.push({ t: 'punct', v: m[1] ?? m[2] ?? m[3] ?? m[4]! });
    else if (m[5] !== undefined) out.push({ t: 'str', v: m[5].replace(/''/g, "'") });
    else if (m[6]) out.push({ t: 'date', v: m[6] });
    else if (m[7]) out.push({ t: 'guid', v: m[7] });
    else if (m[8]) out.push({ t: 'num', v: m[8] });
    else out.push({ t: 'id', v: m[9]! });
  }
  return out;
}

class Parser {
  private i = 0;
  readonly advanced = new Set<string>();
  constructor(
    private readonly tokens: Token[],
    private readonly schema: TypeSchema,
    private readonly lambdaVars = new Set<string>(),
  ) {}

  parse(): FilterNode {
    const node = this.or();
    if (this.i !== this.tokens.length) throw graphErrors.invalidFilter();
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }
  private next(): Token {
    const token = this.tokens[this.i++];
    if (!token) throw graphErrors.invalidFilter();
    return token;
  }
  private expect(v: string): void {
    if (this.next().v !== v) throw graphErrors.invalidFilter();
  }
  private isWord(word: string): boolean {
    const p = this.peek();
    return p?.t === 'id' && p.v.toLowerCase() === word;
  }

  private or(): FilterNode {
    let left = this.and();
    while (this.isWord('or')) {
      this.i++;
      left = { op: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): FilterNode {
    let left = this.unary();
    while (this.isWord('and')) {
      this.i++;
      left = { op: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): FilterNode {
    if (this.isWord('not')) {
      this.i++;
      this.advanced.add('not');
      return { op: 'not', operand: this.unary() };
    }
    return this.primary();
  }

  private primary(): FilterNode {
    const token = this.next();
    if (token.v === '(') {
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    if (token.t !== 'id') throw graphErrors.invalidFilter();
    const fn = token.v.toLowerCase();
    if ((fn === 'startswith' || fn === 'endswith') && this.peek()?.v === '(') return this.stringFunction(fn);
    const lambda = /^(.*)\/(any|all)$/i.exec(token.v);
    if (lambda && this.peek()?.v === '(') return this.lambda(lambda[1]!, lambda[2]!.toLowerCase() as 'any' | 'all');
    const path = this.path(token.v);
    const opToken = this.next();
    const op = opToken.v.toLowerCase();
    if (op === 'in') {
      this.expect('(');
      const values: Literal[] = [this.literal()];
      while (this.peek()?.v === ',') {
        this.i++;
        values.push(this.literal());
      }
      this.expect(')');
      return { op: 'in', path, values };
    }
    if (!['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(op)) throw graphErrors.invalidFilter();
    if (op === 'ne') this.advanced.add('ne');
    return { op: 'cmp', cmp: op as 'eq', path, value: this.literal() };
  }

  private stringFunction(fn: 'startswith' | 'endswith'): FilterNode {
    this.expect('(');
    const path = this.path(this.next().v);
    this.expect(',');
    const value = this.literal();
    this.expect(')');
    if (typeof value !== 'string') throw graphErrors.invalidFilter();
    if (fn === 'endswith') this.advanced.add('endsWith');
    let negate = false;
    if (this.isWord('eq') || this.isWord('ne')) {
      const op = this.next().v.toLowerCase();
      const bool = this.literal();
      if (typeof bool !== 'boolean') throw graphErrors.invalidFilter();
      negate = (op === 'eq') !== bool;
      if (negate) this.advanced.add('not');
    }
    return { op: 'fn', fn, path, value, negate };
  }

  private lambda(collection: string, quantifier: 'any' | 'all'): FilterNode {
    const path = this.path(collection);
    this.expect('(');
    if (this.peek()?.v === ')') {
      // OData allows `any()` without a lambda (the collection is not empty); `all()` needs one.
      if (quantifier === 'all') throw graphErrors.invalidFilter();
      this.i++;
      return { op: 'nonEmpty', path };
    }
    const variable = this.next();
    if (variable.t !== 'id') throw graphErrors.invalidFilter();
    this.expect(':');
    const inner = new Parser(this.tokens, this.schema, new Set([...this.lambdaVars, variable.v]));
    inner.i = this.i;
    const body = inner.or();
    this.i = inner.i;
    for (const op of inner.advanced) this.advanced.add(op);
    this.expect(')');
    return { op: quantifier, path, variable: variable.v, body };
  }

  /** A property path; its first segment must be declared on the type (or be a lambda variable). */
  private path(text: string): string[] {
    const parts = text.split('/');
    const head = parts[0]!;
    if (this.lambdaVars.has(head)) return parts;
    const canonical = this.schema.canonical.get(head.toLowerCase());
    if (!canonical) throw graphErrors.unknownProperty(head, this.schema.name);
    return [canonical, ...parts.slice(1)];
  }

  private literal(): Literal {
    const token = this.next();
    if (token.t === 'str') return token.v;
    if (token.t === 'num') return Number(token.v);
    if (token.t === 'date') return { date: Date.parse(token.v) };
    if (token.t === 'guid') return token.v;
    if (token.t === 'id') {
      const word = token.v.toLowerCase();
      if (word === 'true' || word === 'false') return word === 'true';
      if (word === 'null') return null;
    }
    throw graphErrors.invalidFilter();
  }
}

export function parseFilter(text: string, schema: TypeSchema): ParsedFilter {
  const parser = new Parser(tokenize(text), schema);
  const root = parser.parse();
  return { root, advanced: [...parser.advanced] };
}

export type Predicate = (record: object) => boolean;

export function compileFilter(node: FilterNode): Predicate {
  return (record) => evaluate(node, record as Record<string, unknown>, {});
}

function evaluate(node: FilterNode, record: Record<string, unknown>, vars: Record<string, unknown>): boolean {
  switch (node.op) {
    case 'and':
      return evaluate(node.left, record, vars) && evaluate(node.right, record, vars);
    case 'or':
      return evaluate(node.left, record, vars) || evaluate(node.right, record, vars);
    case 'not':
      return !evaluate(node.operand, record, vars);
    case 'cmp':
      return compare(lookup(record, node.path, vars), node.cmp, node.value);
    case 'in': {
      const v = lookup(record, node.path, vars);
      return node.values.some((l) => compare(v, 'eq', l));
    }
    case 'fn': {
      const v = lookup(record, node.path, vars);
      if (typeof v !== 'string') return node.negate;
      const hit =
        node.fn === 'startswith'
          ? v.toLowerCase().startsWith(node.value.toLowerCase())
          : v.toLowerCase().endsWith(node.value.toLowerCase());
      return hit !== node.negate;
    }
    case 'any':
    case 'all': {
      const items = lookup(record, node.path, vars);
      if (!Array.isArray(items)) return node.op === 'all';
      const holds = (item: unknown) => evaluate(node.body, record, { ...vars, [node.variable]: item });
      return node.op === 'any' ? items.some(holds) : items.every(holds);
    }
    case 'nonEmpty': {
      const items = lookup(record, node.path, vars);
      return Array.isArray(items) && items.length > 0;
    }
  }
}

function lookup(record: Record<string, unknown>, path: string[], vars: Record<string, unknown>): unknown {
  let value: unknown = path[0]! in vars ? vars[path[0]!] : record[path[0]!];
  for (const part of path.slice(1))
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

function compare(value: unknown, cmp: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le', literal: Literal): boolean {
  if (literal === null) return cmp === 'eq' ? value == null : cmp === 'ne' ? value != null : false;
  if (value == null) return cmp === 'ne';
  let a: number | string | boolean;
  let b: number | string | boolean;
  if (typeof literal === 'object') {
    a = typeof value === 'string' ? Date.parse(value) : Number(value);
    b = literal.date;
  } else if (typeof literal === 'string' && typeof value === 'string') {
    a = value.toLowerCase();
    b = literal.toLowerCase();
  } else {
    a = value as number;
    b = literal;
  }
  switch (cmp) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
  }
}
