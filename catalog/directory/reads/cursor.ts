// Opaque keyset cursors: base64url JSON of the last row's sort key plus a checksum over the key and the listing
// (query name + filters). The checksum makes a hand-edited, truncated, or other-listing cursor an InvalidCursorError
// instead of a silently wrong page. It is not a signature: a cursor only positions a listing the caller may read anyway.
import { createHash } from 'node:crypto';
import { InvalidCursorError, InvalidQueryError } from './errors.js';

export type KeyValue = string | number;

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 500;

export interface PageRequest {
  /** 1–500, default 100. */
  limit?: number | undefined;
  /** nextCursor of the previous page. */
  cursor?: string | null | undefined;
}

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new InvalidQueryError(`limit must be an integer from 1 to ${MAX_LIMIT}`);
  }
  return limit;
}

/** Identifies a listing: the same query with the same filters (key order in the filter object does not matter). */
export function listingScope(query: string, filters: Record<string, unknown>): string {
  const defined = Object.keys(filters)
    .filter((k) => filters[k] !== undefined && k !== 'limit' && k !== 'cursor')
    .sort();
  return `${query}:${JSON.stringify(defined.map((k) => [k, filters[k]]))}`;
}

function checksum(scope: string, key: readonly KeyValue[]): string {
  return createHash('sha256').update(scope).update('\n').update(JSON.stringify(key)).digest('base64url').slice(0, 22);
}

export function encodeCursor(scope: string, key: readonly KeyValue[]): string {
  return Buffer.from(JSON.stringify({ k: key, c: checksum(scope, key) })).toString('base64url');
}

export function decodeCursor(scope: string, cursor: string, width: number): KeyValue[] {
  if (cursor.length > 4_096 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError('not a cursor');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('not a cursor');
  }
  const { k, c } = (parsed ?? {}) as { k?: unknown; c?: unknown };
  const key =
    Array.isArray(k) && k.length === width && k.every((v) => typeof v === 'string' || typeof v === 'number')
      ? (k as KeyValue[])
      : undefined;
  if (!key || typeof c !== 'string') throw new InvalidCursorError('not a cursor');
  if (c !== checksum(scope, key))
    throw new InvalidCursorError('it was altered or belongs to another listing or filter');
  return key;
}
