// Break-glass follow-up (policy v2): tell the entitlement's approvers and Lantern's admins at once, and open the access
// review of the grant. Both are idempotent: a retried activity neither mails anyone twice nor opens a second review.
import { knownAdmins, type KnownAdmin } from '../../catalog/people/admins.js';
import type { AuthSettings } from '../../config/auth-schema.js';
import type { BreakGlassNotice, BreakGlassReviewInput, BreakGlassReviewResult } from './contract.js';
import { notifyBreakGlass } from './break-glass-notice.js';
import { openBreakGlassReview } from './break-glass-review.js';
import type { NotifyResult } from './notify.js';
import type { AccessActivityDeps } from './index.js';

/** The configured admin groups and home tenant (config auth), as the API decides who is an admin. */
export type AdminDirectoryConfig = Pick<AuthSettings, 'adminGroupIds' | 'homeTenantId'>;

export function createBreakGlassActivities(deps: AccessActivityDeps) {
  const { db } = deps.catalog;
  const admins = (): Promise<KnownAdmin[]> =>
    knownAdmins(db, {
      adminGroupIds: deps.adminDirectory?.adminGroupIds ?? [],
      homeTenantId: deps.adminDirectory?.homeTenantId,
    });
  return {
    /** Emails every approver of the entitlement and every admin that break-glass access was taken, and why. */
    async notifyBreakGlass(notice: BreakGlassNotice): Promise<NotifyResult> {
      return notifyBreakGlass({ db, services: deps.approvalEmails, admins }, notice);
    },
    /** Idempotent: opens (once) the access review of this break-glass grant, due reviewWithinSeconds from now. */
    async openBreakGlassReview(input: BreakGlassReviewInput): Promise<BreakGlassReviewResult> {
      return openBreakGlassReview({ db, admins }, input);
    },
  };
}
