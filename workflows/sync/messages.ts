// The recurring sync's contract: workflow name, ids, input and result. Shared by the API (schedules, "sync now"),
// the worker and tests, so the three cannot drift apart.

export const SYNC_WORKFLOW_TYPE = 'syncTenant';

/** One Temporal Schedule per connector; its runs are `syncTenant` workflows. */
export const syncScheduleId = (connectorId: string): string => `connector:${connectorId}:sync`;

/** Workflow id prefix of the schedule's runs (Temporal appends the scheduled time). */
export const syncWorkflowIdPrefix = (connectorId: string): string => `connector:${connectorId}:sync`;

export type SyncMode = 'full' | 'delta';

/** Values of the run's `Stage` search attribute, in the order a run passes them (operators filter on these). */
export const SYNC_STAGES = {
  reading: 'reading users, groups and applications',
  roles: 'syncRoles',
  shadowApps: 'syncShadowApps',
  /** A full run's completion, which also removes rows the run did not see. */
  completingFull: 'removing stale rows and expanding nested groups',
  completingDelta: 'completing',
  reconciling: 'reconciling Lantern-granted access',
  succeeded: 'succeeded',
  failed: 'failed',
} as const;

export type SyncStage = (typeof SYNC_STAGES)[keyof typeof SYNC_STAGES];

export interface SyncTenantInput {
  connectorId: string;
  /** `auto` (default): delta when the connector has delta cursors and its last full sync is recent, else full. */
  mode?: 'auto' | 'full';
  /**
   * How long a stage may go without a heartbeat before Temporal gives it to another worker (default 60 s). Shorter
   * notices a dead worker sooner; it must stay well above the longest pause of the worker's event loop (an embedded
   * catalog runs its queries on it).
   */
  stageHeartbeatTimeoutSeconds?: number;
}

export interface SyncCounts {
  users: number;
  managedIdentities: number;
  groups: number;
  applications: number;
  roles: number;
  entitlements: number;
  grants: number;
  discoveredApps: number;
  removed: number;
}

export interface SyncTenantResult {
  syncRunId: string;
  mode: SyncMode;
  counts: SyncCounts;
  requests: number;
  resourceUnits: number;
  throttled: number;
  /** True when a delta sync found its tokens expired and ran a full sync instead. */
  fellBackToFull: boolean;
  /** The final reconcile stage's findings; null when it could not run (the next sync tries again). */
  accessDrift: AccessDrift | null;
}

/** Lantern-granted access checked against live grant workflows (activities/access/reconcile.ts). */
export interface AccessDrift {
  /** Grant rows Lantern considers provisioned (provisioning, active, deprovisioning). */
  checked: number;
  /** Of those, rows whose workflow is no longer running (terminated, failed, timed out, gone). */
  orphaned: number;
  /** Orphans whose access was still in Entra and was removed. */
  removed: number;
  /** Orphans whose access was already gone: only the row was closed. */
  alreadyGone: number;
  /** Orphans left in Entra because Lantern cannot prove it added the access (pre-existing, or ended mid-provisioning). */
  kept: number;
  /** Orphans whose removal Graph refused or failed this time: left open for the next sync. */
  failed: number;
  /** Orphans a removal guard (protected account, last owner, last Global Administrator) kept: closed as refused. */
  guarded: number;
}
