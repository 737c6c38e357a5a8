// Activities of just-in-time access: look up, add and remove one principal's access through Graph (idempotent), and
// record each step in the catalog (grant row + audit row). Built from the same narrow deps as the sync.
import { ApplicationFailure } from '@temporalio/common';
import { applyDirectGrantChange, recordGrant } from '../../catalog/access/grants.js';
import type { SyncActivityDeps } from '../sync/deps.js';
import { ACCESS_FAILURES, type ChangeResult, type GrantEvent, type GrantTarget, type PresenceResult } from './contract.js';
import { notifyApprovers, type ApprovalEmailServices, type ApprovalNotice, type NotifyResult } from './notify.js';
import { addAccess, hasAccess, parseEntitlementId, removeAccess, type ParsedEntitlement } from './graph-operations.js';

/** Without approvalEmails (tests, bench) approvers are not emailed and decide through the API only. */
export type AccessActivityDeps = SyncActivityDeps & { approvalEmails?: ApprovalEmailServices | undefined };

export function createAccessActivities(deps: AccessActivityDeps) {
  const { catalog } = deps;

  const graphFor = async (target: GrantTarget) => {
    const connector = await deps.loadConnector(target.connectorId);
    return deps.tenantGraph.client({ tenantId: connector.tenantId, cloud: connector.cloud }).client;
  };

  return {
    /** Emails each approver of a pending request a signed link to the approval page. */
    async notifyApprovers(notice: ApprovalNotice): Promise<NotifyResult> {
      return notifyApprovers(catalog.db, deps.approvalEmails, notice);
    },

    /** Idempotent: upserts the grant row; appends the audit row when the event carries one. */
    async recordGrantEvent(event: GrantEvent): Promise<void> {
      await recordGrant(catalog.db, event);
    },

    /** Read-only: does the principal hold this entitlement directly right now (per Graph)? */
    async checkExistingAccess(target: GrantTarget): Promise<PresenceResult> {
      return { present: await hasAccess(await graphFor(target), entitlementOf(target), target.principalId) };
    },

    /** Idempotent: adds the access; "already exists" counts as done. Then updates the catalog's grants. */
    async provisionAccess(target: GrantTarget): Promise<ChangeResult> {
      const result = await addAccess(await graphFor(target), entitlementOf(target), target.principalId);
      await applyDirectGrantChange(catalog.db, { ...target, present: true });
      return result;
    },

    /** Idempotent: removes the access; "not found" counts as done. Then updates the catalog's grants. */
    async deprovisionAccess(target: GrantTarget): Promise<ChangeResult> {
      const result = await removeAccess(await graphFor(target), entitlementOf(target), target.principalId);
      await applyDirectGrantChange(catalog.db, { ...target, present: false });
      return result;
    },
  };
}

function entitlementOf(target: GrantTarget): ParsedEntitlement {
  const parsed = parseEntitlementId(target.entitlementId);
  if (!parsed) throw ApplicationFailure.nonRetryable(`Lantern does not provision ${target.entitlementId}.`, ACCESS_FAILURES.unsupported);
  return parsed;
}

export type AccessActivities = ReturnType<typeof createAccessActivities>;
