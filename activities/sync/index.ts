// The recurring sync's activities. Each stage pages Graph and writes the catalog directly; only counts, delta links
// and figures go back to the workflow. A stage given a delta link applies changes since then; without one it reads
// everything.
import type { SyncActivityDeps } from './deps.js';
import { fullApplications, deltaApplications } from './applications.js';
import { fullGroups, deltaGroups } from './groups.js';
import { syncRoles } from './roles.js';
import { runStage, type StageInput, type StageResult } from './stage.js';
import { syncShadowApps } from './shadow-apps.js';
import { createSyncRunActivities } from './run.js';
import { fullUsers, deltaUsers } from './users.js';

export type { SyncActivityDeps } from './deps.js';
export type { StageInput, StageResult } from './stage.js';

export function createSyncActivities(deps: SyncActivityDeps) {
  return {
    ...createSyncRunActivities(deps),
    /** Users (members, guests, disabled) → principals. Resumable; idempotent. */
    syncUsers: (input: StageInput): Promise<StageResult> =>
      runStage(deps, input, (ctx) => (input.deltaLink ? deltaUsers(ctx, input.deltaLink) : fullUsers(ctx))),
    /** Groups, their direct members and owners. Resumable; idempotent. */
    syncGroups: (input: StageInput): Promise<StageResult> =>
      runStage(deps, input, (ctx) => (input.deltaLink ? deltaGroups(ctx, input.deltaLink) : fullGroups(ctx))),
    /** Service principals: apps with their roles, assignments, owners and SCIM jobs; managed identities. Resumable; idempotent. */
    syncApplications: (input: StageInput): Promise<StageResult> =>
      runStage(deps, input, (ctx) =>
        input.deltaLink ? deltaApplications(ctx, input.deltaLink) : fullApplications(ctx),
      ),
    /** Directory role definitions and tenant-wide assignments. Idempotent. */
    syncRoles: (input: StageInput): Promise<StageResult> => runStage(deps, input, syncRoles),
    /** Per-user consents to third-party apps, with last use from sign-ins where licensed. Idempotent. */
    syncShadowApps: (input: StageInput): Promise<StageResult> => runStage(deps, input, syncShadowApps),
  };
}

export type SyncActivities = ReturnType<typeof createSyncActivities>;
