// Break-glass follow-up (policy v2): tell approvers and admins at once, and open the access review of the grant.
// KERNEL STUB: helper D implements.
import type { BreakGlassNotice, BreakGlassReviewInput, BreakGlassReviewResult } from './contract.js';
import type { NotifyResult } from './notify.js';
import type { AccessActivityDeps } from './index.js';

export function createBreakGlassActivities(_deps: AccessActivityDeps) {
  return {
    /** Emails every approver of the entitlement and every admin that break-glass access was taken, and why. */
    async notifyBreakGlass(_notice: BreakGlassNotice): Promise<NotifyResult> {
      throw new Error('not implemented');
    },
    /** Idempotent: opens (once) the access review of this break-glass grant, due reviewWithinSeconds from now. */
    async openBreakGlassReview(_input: BreakGlassReviewInput): Promise<BreakGlassReviewResult> {
      throw new Error('not implemented');
    },
  };
}
