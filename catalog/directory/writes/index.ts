// Writers for the synced directory. A sync run calls startSyncRun for its generation, upserts what it pages from Graph
// (principals, resources, entitlements, direct grants, group member edges, discovered apps), and a successful full sync
// ends with completeFullSync (sweep what disappeared, then expand nested groups into via-group grants). A delta run uses
// the delete/replace/add helpers instead, which re-expand the affected groups themselves. Every writer is idempotent.
export {
  upsertPrincipals,
  deletePrincipals,
  recordSignInActivity,
  type PrincipalBatch,
  type DeletePrincipalsInput,
} from './principals.js';
export {
  upsertResources,
  upsertEntitlements,
  replaceResourceEntitlements,
  deleteResources,
  type ResourceBatch,
  type EntitlementBatch,
  type ReplaceEntitlementsInput,
  type DeleteResourcesInput,
} from './resources.js';
export {
  upsertGrants,
  deleteGrants,
  grantKey,
  groupsHoldingDirectly,
  deleteUnseenDirectGrants,
  type GrantBatch,
  type GrantKey,
  type DeleteGrantsInput,
  type DirectGrantsScope,
} from './grants.js';
export {
  upsertGroupMembers,
  addGroupMembers,
  removeGroupMembers,
  replaceGroupMembers,
  type GroupMemberEdge,
  type GroupMemberBatch,
  type RemovedEdgesBatch,
  type ReplaceMembersInput,
} from './group-members.js';
export {
  recomputeViaGroupGrants,
  groupsContaining,
  type RecomputeViaGroupsInput,
  type RecomputeViaGroupsResult,
} from './via-groups.js';
export {
  sweepStale,
  completeFullSync,
  SWEPT_TABLES,
  type SweptTable,
  type SweepInput,
  type CompleteFullSyncResult,
} from './sweep.js';
export {
  upsertDiscoveredApps,
  type DiscoveredAppRow,
  type DiscoveredAppBatch,
  type DiscoveredAppConsent,
} from './discovered-apps.js';
export {
  startSyncRun,
  finishSyncRun,
  getSyncCursor,
  getSyncCursors,
  putSyncCursor,
  clearSyncCursors,
  type StartSyncRunInput,
  type FinishSyncRunInput,
  type CursorKey,
} from './sync-runs.js';
export { MAX_BIND_PARAMETERS, rowsPerStatement, type CatalogDb } from './sql.js';
export type * from '../schema.js';
