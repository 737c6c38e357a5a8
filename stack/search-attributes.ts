// Registers Lantern's custom search attributes that a namespace lacks. Needed on every start: `start-dev
// --search-attribute` only applies to a fresh SQLite file, and a cluster gains new attributes as Lantern grows.
import type { Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
// Not re-exported from the package root; the SDK's own tests register search attributes with it.
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes.js';

export interface SearchAttributeSpec {
  name: string;
  type: SearchAttributeType;
}

/** Returns the names it added. */
export async function ensureSearchAttributes(
  connection: Connection,
  namespace: string,
  wanted: readonly SearchAttributeSpec[],
): Promise<string[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set([
    ...Object.keys(existing.customAttributes ?? {}),
    ...Object.keys(existing.systemAttributes ?? {}),
  ]);
  const missing = wanted.filter(({ name }) => !known.has(name));
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map(({ name, type }) => [name, indexedValueType(type)])),
  });
  return missing.map(({ name }) => name);
}

function indexedValueType(type: SearchAttributeType) {
  const encoded = encodeSearchAttributeIndexedValueType(type);
  if (encoded === undefined) throw new Error(`unknown search attribute type ${type}`);
  return encoded;
}

/** The CLI's spelling for `--search-attribute Name=Type`. */
export const CLI_TYPE_NAMES: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};
