// Read queries behind the catalog API. Every listing is keyset-paginated ({ items, nextCursor }, limit 1–500, default
// 100) and throws InvalidQueryError / InvalidCursorError (map both to 400) for bad filters, limits and cursors.
export { InvalidQueryError, InvalidCursorError } from './errors.js';
export { DEFAULT_LIMIT, MAX_LIMIT, type Page, type PageRequest } from './cursor.js';
export {
  listPrincipals,
  getPrincipal,
  type PrincipalQuery,
  type PrincipalItem,
  type HolderKind,
} from './principals.js';
export { listResources, getResource, type ResourceQuery, type ResourceItem } from './resources.js';
export { listEntitlements, type EntitlementQuery, type EntitlementItem } from './entitlements.js';
export { listGrants, type GrantQuery, type GrantItem, type GrantHow } from './grants.js';
export {
  whatCanAccess,
  whoCanAccess,
  type AccessOfPrincipalQuery,
  type AccessItem,
  type AccessToResourceQuery,
  type HolderItem,
} from './access.js';
export { listDiscoveredApps, type DiscoveredAppQuery, type DiscoveredAppItem } from './discovered-apps.js';
export {
  listSyncRuns,
  latestSyncRun,
  firstSyncRun,
  getSyncRun,
  type SyncRunQuery,
  type SyncRunItem,
} from './sync-runs.js';
