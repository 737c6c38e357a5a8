// The inbox's keyset cursor: the last item's sort key values and id, as base64url JSON. It names its sort, so a cursor
// from one sort order is refused by another rather than silently skipping items.
import { textProblem } from '../../lib/safe-text.js';
import type { InboxSort } from './decisions.js';

/** A cursor that was not produced by listItems for this sort (tampered, truncated, or from another sort order). */
export class InvalidReviewCursor extends Error {
  constructor() {
    super('The cursor is not valid for this list: start again from the first page');
    this.name = 'InvalidReviewCursor';
  }
}

export interface InboxCursor {
  sort: InboxSort;
  /** Values of the sort's key expressions (text, or a number for the recommendation rank). */
  keys: (string | number)[];
  id: string;
}

export function encodeCursor(cursor: InboxCursor): string {
  return Buffer.from(JSON.stringify({ s: cursor.sort, k: cursor.keys, id: cursor.id })).toString('base64url');
}

export function decodeCursor(text: string, sort: InboxSort, keyCount: number): InboxCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidReviewCursor();
  }
  const { s, k, id } = (parsed ?? {}) as { s?: unknown; k?: unknown; id?: unknown };
  const keysOk =
    Array.isArray(k) &&
    k.length === keyCount &&
    k.every(
      (value) =>
        (typeof value === 'string' && textProblem(value) === null) ||
        (typeof value === 'number' && Number.isInteger(value)),
    );
  if (s !== sort || !keysOk || typeof id !== 'string' || !/^[1-9][0-9]{0,17}$/.test(id)) {
    throw new InvalidReviewCursor();
  }
  return { sort, keys: k as (string | number)[], id };
}
