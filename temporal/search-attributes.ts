// Lantern's custom search attributes, defined once. Workflows import the keys (this file is sandbox-safe: it imports
// only @temporalio/common); the embedded stack registers them with `temporal server start-dev --search-attribute`.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes.js';

export const ConnectorIdKey = defineSearchAttributeKey('ConnectorId', SearchAttributeType.KEYWORD);
export const TenantIdKey = defineSearchAttributeKey('TenantId', SearchAttributeType.KEYWORD);
/** Current state-machine stage, e.g. awaiting_admin_consent, active. */
export const StageKey = defineSearchAttributeKey('Stage', SearchAttributeType.KEYWORD);
export const OwnerKey = defineSearchAttributeKey('Owner', SearchAttributeType.KEYWORD);
export const PrincipalUpnKey = defineSearchAttributeKey('PrincipalUpn', SearchAttributeType.KEYWORD);
export const EntitlementIdKey = defineSearchAttributeKey('EntitlementId', SearchAttributeType.KEYWORD);
export const ExpiresAtKey = defineSearchAttributeKey('ExpiresAt', SearchAttributeType.DATETIME);

export const LANTERN_SEARCH_ATTRIBUTES: readonly SearchAttributeKey<SearchAttributeType>[] = [
  ConnectorIdKey,
  TenantIdKey,
  StageKey,
  OwnerKey,
  PrincipalUpnKey,
  EntitlementIdKey,
  ExpiresAtKey,
];

/** Type names as the Temporal CLI spells them (`--search-attribute Name=Keyword`). */
const CLI_TYPE_NAMES: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

export interface SearchAttributeDefinition {
  name: string;
  /** CLI spelling: Keyword, Datetime, ... */
  type: string;
}

export const SEARCH_ATTRIBUTE_DEFINITIONS: readonly SearchAttributeDefinition[] = LANTERN_SEARCH_ATTRIBUTES.map(
  (key) => ({ name: key.name, type: CLI_TYPE_NAMES[key.type] }),
);

/** `['--search-attribute', 'ConnectorId=Keyword', ...]` for `temporal server start-dev`. */
export function devServerSearchAttributeArgs(): string[] {
  return SEARCH_ATTRIBUTE_DEFINITIONS.flatMap(({ name, type }) => ['--search-attribute', `${name}=${type}`]);
}
