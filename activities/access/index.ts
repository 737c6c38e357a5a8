// Activities of just-in-time access: look up, add and remove one principal's access through Graph (idempotent), and
// record each step in the catalog (grant row + audit row). Built from the same narrow deps as the sync.
import { ApplicationFailure } from '@temporalio/common';
import { accessLeftByEarlierRun, applyDirectGrantChange, recordGrant } from '../../catalog/access/grants.js';
import type { SyncActivityDeps } from '../sync/deps.js';
import {
  ACCESS_FAILURES,
  type ChangeResult,
  type GrantEvent,
  type GrantTarget,
  type PresenceResult,
} from './contract.js';
import { notifyApprovers, type ApprovalEmailServices, type ApprovalNotice, type NotifyResult } from './notify.js';
import {
  notifyAccessEnded,
  notifyExpiryWarning,
  type AccessEndedNotice,
  type ExpiryWarningNotice,
} from './notify-requester.js';
import { addAccess, hasAccess } from './graph-operations.js';
import { reachConnector, removeGrantedAccess } from './removal.js';
import { createBreakGlassActivities, type AdminDirectoryConfig } from './break-glass.js';
import { createSessionActivities } from './sessions.js';
import { removeUnlessGuarded } from '../../catalog/access/guards.js';
import { parseEntitlementId, type GrantableEntitlement } from '../../domain/entitlement-id.js';
import type { TenantGraphTarget } from '../../entra/kinds/index.js';
import { pimScheduleOf, type ProvisionTarget, type ScheduleTarget } from './pim.js';
import { pimAssign, pimOf, pimUpdateExpiry, type ScheduleUpdateResult } from './pim-operations.js';

/** Without approvalEmails (tests, bench) nobody is emailed: approvers decide through the API only. */
export type AccessActivityDeps = SyncActivityDeps & {
  approvalEmails?: ApprovalEmailServices | undefined;
  /** Where admins are found (break-glass notices and reviews): config auth. Without it no admin is known. */
  adminDirectory?: AdminDirectoryConfig | undefined;
};

export function createAccessActivities(deps: AccessActivityDeps) {
  const { catalog } = deps;

  const reach = (target: GrantTarget): Promise<{ graph: TenantGraphTarget; pim: boolean }> =>
    reachConnector(deps, target.connectorId);

  return {
    ...createBreakGlassActivities(deps),
    ...createSessionActivities(deps),

    /** Emails each approver of a pending request a signed link to the approval page. */
    async notifyApprovers(notice: ApprovalNotice): Promise<NotifyResult> {
      return notifyApprovers(catalog.db, deps.approvalEmails, notice);
    },

    /** Emails the requester (and the principal, if someone else asked) that the grant or request has ended, and why. */
    async notifyAccessEnded(notice: AccessEndedNotice): Promise<NotifyResult> {
      return notifyAccessEnded(catalog.db, deps.approvalEmails, notice);
    },

    /** Emails the requester that the access ends soon, with a signed one-click extension link. */
    async notifyExpiryWarning(notice: ExpiryWarningNotice): Promise<NotifyResult> {
      return notifyExpiryWarning(catalog.db, deps.approvalEmails, notice);
    },

    /** Idempotent: upserts the grant row; appends the audit row when the event carries one. */
    async recordGrantEvent(event: GrantEvent): Promise<void> {
      await recordGrant(catalog.db, event);
    },

    /**
     * Read-only: does the principal hold this entitlement right now (per Graph)? PIM-active assignments count: they
     * are role assignments and group memberships like any other.
     */
    async checkExistingAccess(target: GrantTarget): Promise<PresenceResult> {
      const present = await hasAccess((await reach(target)).graph, entitlementOf(target), target.principalId);
      return present && (await accessLeftByEarlierRun(catalog.db, target.workflowId))
        ? { present, leftByEarlierRun: true }
        : { present };
    },

    /**
     * Idempotent: adds the access; "already exists" counts as done. Then updates the catalog's grants and
     * records the grant as active, its time box starting now that access exists. In PIM mode, directory roles and
     * groups become PIM active assignments ending at `schedule.expiresAt`, which is then the grant's expiry too.
     */
    async provisionAccess(target: ProvisionTarget): Promise<ChangeResult> {
      const { graph, pim } = await reach(target);
      const entitlement = entitlementOf(target);
      const pimEntitlement = pim ? pimOf(entitlement) : null;
      const viaPim = pimEntitlement ? { entitlement: pimEntitlement, schedule: target.schedule } : null;
      const result = viaPim
        ? await pimAssign(graph, viaPim.entitlement, target.principalId, pimScheduleOf(target, viaPim.schedule))
        : await addAccess(graph, entitlement, target.principalId);
      const confirmedAt = new Date();
      const scheduledUntil = viaPim?.schedule.expiresAt;
      const changed = {
        ...result,
        confirmedAt: confirmedAt.toISOString(),
        ...(scheduledUntil ? { scheduledUntil } : {}),
      };
      const { event, durationSeconds } = target.recordActive;
      const expiresAt = scheduledUntil ?? new Date(confirmedAt.getTime() + durationSeconds * 1000).toISOString();
      // A retry after this write failed finds the access there: its row says `already_done`, and the expiry counts from then.
      const audit = event.audit?.map((entry) => ({
        ...entry,
        detail: { ...entry.detail, outcome: result.outcome, confirmedAt: changed.confirmedAt },
      }));
      await catalog.db.transaction().execute(async (trx) => {
        await applyDirectGrantChange(trx, { ...target, present: true });
        await recordGrant(trx, { ...event, expiresAt, audit });
      });
      return { ...changed, expiresAt };
    },

    /**
     * Idempotent: removes the access (PIM adminRemove in PIM mode); "not found" counts as done. Then updates the catalog.
     * A removal guard's refusal (protected account, last owner, last Global Administrator) is a final, non-retryable
     * failure (ACCESS_FAILURES.guarded) that changes neither Graph nor the catalog: the access stays. Unless Graph
     * says the access is already gone: then there is nothing to refuse, and the removal is `already_done`.
     */
    async deprovisionAccess(target: GrantTarget): Promise<ChangeResult> {
      const entitlement = entitlementOf(target);
      const { graph, pim } = await reach(target);
      const outcome = await removeUnlessGuarded(catalog.db, target.connectorId, target, async (db) => {
        const result = await removeGrantedAccess(graph, pim, entitlement, target.principalId);
        const confirmedAt = new Date().toISOString();
        await applyDirectGrantChange(db, { ...target, present: false });
        return { ...result, confirmedAt };
      });
      if (!('refused' in outcome)) return outcome.removed;
      // Gone already (in PIM mode Entra's schedule ended it at the expiry): nothing to refuse, the catalog follows.
      if (!(await hasAccess(graph, entitlement, target.principalId))) {
        await applyDirectGrantChange(catalog.db, { ...target, present: false });
        return { outcome: 'already_done', confirmedAt: new Date().toISOString() };
      }
      throw ApplicationFailure.nonRetryable(outcome.refused, ACCESS_FAILURES.guarded);
    },

    /** After the expiry moved: PIM mode moves the tenant's schedule end too; direct mode and app roles have none. */
    async updateTenantExpiry(target: ScheduleTarget): Promise<ScheduleUpdateResult | { outcome: 'not_needed' }> {
      const { graph, pim } = await reach(target);
      const viaPim = pim ? pimOf(entitlementOf(target)) : null;
      if (!viaPim) return { outcome: 'not_needed' };
      return pimUpdateExpiry(graph, viaPim, target.principalId, pimScheduleOf(target, target.schedule));
    },
  };
}

function entitlementOf(target: GrantTarget): GrantableEntitlement {
  const parsed = parseEntitlementId(target.entitlementId);
  if (!parsed)
    throw ApplicationFailure.nonRetryable(
      `Lantern does not provision ${target.entitlementId}.`,
      ACCESS_FAILURES.unsupported,
    );
  return parsed;
}

export type AccessActivities = ReturnType<typeof createAccessActivities>;
