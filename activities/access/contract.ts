// Inputs and results of the access activities, shared with the workflow (type-only imports there).
import type { EndReason, GrantPair, GrantStage, StageProgress } from '../../workflows/access/messages.js';
import type { AuditEntry } from '../../catalog/access/grants.js';

export { ACCESS_FAILURES } from '../../workflows/access/messages.js';

export interface GrantTarget extends GrantPair {
  workflowId: string;
}

export interface GrantEvent extends GrantTarget {
  principalUpn: string;
  requesterId: string;
  stage: GrantStage;
  endReason: EndReason | null;
  expiresAt: string | null;
  preExisting: boolean;
  approverIds: string[];
  /** Policy v2 (absent = unchanged/false/null): break-glass, scheduled start, a guard's refusal. */
  breakGlass?: boolean | undefined;
  startAt?: string | null | undefined;
  removalRefused?: string | null | undefined;
  /** Each approval stage's progress (policy v2), so the pages read who decided from the catalog's row. */
  approvalStages?: StageProgress[] | undefined;
  /** Append-only audit rows (oldest first) written in the same transaction. */
  audit?: AuditEntry[] | undefined;
}

export interface PresenceResult {
  present: boolean;
  /** The access is Lantern's, added by an earlier run for this pair that never removed it (terminated). */
  leftByEarlierRun?: boolean | undefined;
}
export interface ChangeResult {
  outcome: 'changed' | 'already_done';
  /** When Graph confirmed the change (the worker's clock): the moment access began or ended in the tenant. */
  confirmedAt?: string | undefined;
  /** PIM mode: the end the tenant's schedule carries, which the grant's own expiry then follows exactly. */
  scheduledUntil?: string | undefined;
  /** Set when the activity recorded the grant as active: the expiry it recorded, which the workflow's timer keeps. */
  expiresAt?: string | undefined;
}

/** Break-glass notice (activities/access/break-glass.ts): approvers and admins are emailed at once. */
export interface BreakGlassNotice extends GrantTarget {
  principalUpn: string;
  requesterId: string;
  reason: string;
  durationSeconds: number;
  approverIds: string[];
  /** The break-glass request's id: keys the notice (else the workflow run) and lets the mail link to its review. */
  requestId?: string | undefined;
}

/** Opens the access review of one break-glass grant (a campaign of that one item, reviewers = approvers). */
export interface BreakGlassReviewInput extends GrantTarget {
  requesterId: string;
  /** The request id: with the workflow id it derives the campaign id, so a retry opens the same campaign. */
  requestId: string;
  reason: string;
  reviewerIds: string[];
  reviewWithinSeconds: number;
}

export interface BreakGlassReviewResult {
  campaignId: string;
  /** Items staged (1, or 0 when the access was already gone). */
  items: number;
}

/** revokeSignInSessions after a removal (policy v2 revokeSessions; directory roles and role-assignable groups). */
export interface SessionRevocationResult {
  outcome: 'revoked' | 'not_applicable' | 'principal_not_user';
}
