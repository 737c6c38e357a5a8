// Request building for the hostile-input property test: a well-formed base request per OpenAPI operation (seeded ids in
// the path, a minimal valid body from the schema), the fields one can replace, and the hostile values to put there.
import type { InjectOptions } from 'fastify';
import { SEED } from './guarded-app.js';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  default?: unknown;
};

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI form: /api/v1/connectors/{id} */
  path: string;
  parameters: { in: 'path' | 'query' | 'header' | 'cookie'; name: string; required?: boolean; schema?: JsonSchema }[];
  body?: JsonSchema | undefined;
}

export interface Target {
  where: 'path' | 'query' | 'header' | 'body';
  path: string[];
}

/** Marks a number JSON.stringify cannot write (e.g. 1e400, which JSON.parse reads as Infinity). */
const RAW = '__raw_json_number__';
const raw = (literal: string) => ({ [RAW]: literal });

/** Every parameter, and every body field down to array items, of the operation. */
export function fieldsOf(operation: Operation): Target[] {
  const params = operation.parameters
    .filter((p) => p.in !== 'cookie')
    .map((p) => ({ where: p.in as Target['where'], path: [p.name] }));
  return [...params, ...(operation.body ? bodyFields(operation.body, []) : [])];
}

function bodyFields(schema: JsonSchema, path: string[]): Target[] {
  const object = objectOf(schema);
  if (!object?.properties) return [];
  return Object.entries(object.properties).flatMap(([name, child]) => [
    { where: 'body' as const, path: [...path, name] },
    ...(child.items ? [{ where: 'body' as const, path: [...path, name, '0'] }] : []),
    ...bodyFields(child, [...path, name]),
  ]);
}

/** The base request, or the base with `target` replaced by `value` (target null: the base itself). */
export function requestFor(
  operation: Operation,
  target: Target | null,
  value: unknown,
): InjectOptions & { headers: Record<string, string> } {
  const pathParams: Record<string, string> = {};
  for (const p of operation.parameters.filter((q) => q.in === 'path')) pathParams[p.name] = SAMPLE_IDS[p.name] ?? 'x1';
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  let body = operation.body ? sample(operation.body, '') : undefined;
  if (target?.where === 'path') pathParams[target.path[0]!] = urlText(value);
  if (target?.where === 'query') for (const item of [value].flat()) query.append(target.path[0]!, urlText(item));
  if (target?.where === 'header') headers[target.path[0]!] = urlText(value);
  if (target?.where === 'body') body = replaced(body, target.path, value);
  // Percent-encode by hand: encodeURIComponent throws on a lone surrogate, and a client may send its (invalid) bytes.
  const url =
    operation.path.replace(/\{(\w+)\}/g, (_, name: string) => percentEncode(pathParams[name]!)) +
    (query.size ? `?${[...query].map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&')}` : '');
  const payload =
    body === undefined ? undefined : JSON.stringify(body).replace(new RegExp(`\\{"${RAW}":"([^"]+)"\\}`, 'g'), '$1');
  return {
    method: operation.method,
    url,
    headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(payload === undefined ? {} : { payload }),
  };
}

const SAMPLE_IDS: Record<string, string> = {
  id: SEED.connectorId,
  connectorId: SEED.connectorId,
  principalId: SEED.principalId,
  resourceId: SEED.groupId,
  entitlementId: 'default',
  grantId: `grant:${SEED.connectorId}:${SEED.entitlementId}:${SEED.principalId}`,
};
const SAMPLE_TEXT: Record<string, string> = {
  entitlementId: SEED.entitlementId,
  principalId: SEED.principalId,
  tenantId: 'contoso.onmicrosoft.com',
  displayName: 'Sample name',
};

/** A minimal valid instance of the schema: required properties only, values within bounds. */
function sample(schema: JsonSchema, name: string): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const members = schema.anyOf ?? schema.oneOf;
  if (members) return sample(members.find((m) => m.type !== 'null') ?? members[0]!, name);
  const type = [schema.type].flat()[0];
  if (type === 'object') {
    return Object.fromEntries((schema.required ?? []).map((key) => [key, sample(schema.properties![key]!, key)]));
  }
  if (type === 'array') return schema.minItems ? [sample(schema.items ?? {}, name)] : [];
  if (type === 'integer' || type === 'number')
    return Math.min(Math.max(60, schema.minimum ?? 60), schema.maximum ?? 60);
  if (type === 'boolean') return false;
  if (schema.format === 'email') return 'owner@example.com';
  return SAMPLE_TEXT[name] ?? (schema.pattern ? 'x1' : 'sample text');
}

function replaced(body: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(body)) {
    const copy = [...body];
    copy[Number(head)] = replaced(copy[Number(head)], rest, value);
    return copy;
  }
  const object = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  return { ...object, [head]: replaced(object[head], rest, value) };
}

function objectOf(schema: JsonSchema): JsonSchema | undefined {
  if (schema.properties) return schema;
  return (schema.anyOf ?? schema.oneOf)?.find((m) => m.properties);
}

const urlText = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : value !== null && typeof value === 'object' && RAW in value
      ? String((value as Record<string, string>)[RAW])
      : JSON.stringify(value);

/** UTF-8 percent-encoding that also writes a lone surrogate's 3 bytes (as a hostile client might), where encodeURIComponent throws. */
function percentEncode(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(char);
    }
  }
  return out;
}

const FIXED: unknown[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFF',
  '\uDE00\uD83D',
  'A'.repeat(20_000),
  '\u202Eevil\u202C',
  '\u200B',
  '😀'.repeat(30),
  '../../../etc/passwd',
  "' OR '1'='1'; --",
  '<script>alert(1)</script>',
  '%00',
  '${jndi:ldap://x}',
  'grant:c1:../../x',
  0,
  -1,
  1.5,
  2 ** 63,
  -(2 ** 63),
  Number.MAX_SAFE_INTEGER + 2,
  raw('1e400'),
  raw('-1e400'),
  raw('9999999999999999999'),
  null,
  true,
  false,
  [],
  ['a'],
  ['\u0000'],
  {},
  { $gt: '' },
  { nested: { deep: ['x'] } },
];
const ALPHABET = [
  '\u0000',
  '\uD800',
  '\uDC00',
  '\uD83D\uDE00',
  'a',
  'Z',
  '0',
  '9',
  '/',
  '.',
  '%',
  "'",
  '"',
  '<',
  '>',
  '&',
  ';',
  '\\',
  '\u202E',
  '\u200B',
  ' ',
  '\n',
  '\t',
  '{',
  '}',
  '$',
  ':',
  '-',
  '_',
  '~',
  '@',
  '\u00e9',
  '\u4e2d',
];

/** The fixed hostile values and `generated` strings from a generator seeded by `seedText`, so a failure reproduces. */
export function hostileValues(seedText: string, generated: number): unknown[] {
  const next = mulberry32(hash(seedText));
  const strings = Array.from({ length: generated }, () => {
    const length = Math.floor(next() * 40);
    return Array.from({ length }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]!).join('');
  });
  return [...FIXED, ...strings];
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
