// The just-in-time access contract: workflow name and id, input, every update and query, defined once and shared by
// the API, the worker and tests. Sandbox-safe (imports only @temporalio/workflow).
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

export const ACCESS_GRANT_WORKFLOW_TYPE = 'accessGrant';

/** One workflow per (connector, entitlement, principal): a second request for a live pair is an extension of it. */
export const accessGrantWorkflowId = (pair: GrantPair): string =>
  `grant:${pair.connectorId}:${pair.entitlementId}:${pair.principalId}`;

/** Failure types the access activities raise as non-retryable. */
export const ACCESS_FAILURES = {
  /** Graph refuses for good (permission missing, entitlement cannot be changed): retrying cannot help. */
  refused: 'AccessChangeRefused',
  /** The entitlement id names a kind Lantern does not provision. */
  unsupported: 'EntitlementNotProvisionable',
  /** A removal guard refused the removal (last owner, last Global Administrator, protected account): never retried. */
  guarded: 'AccessRemovalGuarded',
} as const;

/** `scheduled`: approved, waiting for the start time the request asked for (policy v2). */
export type GrantStage = 'pending_approval' | 'scheduled' | 'provisioning' | 'active' | 'deprovisioning' | 'ended';
export type EndReason = 'expired' | 'revoked' | 'denied' | 'request_expired' | 'failed';
/** Who acts, as the API authenticated them; the workflow re-checks what each role may do. */
export type ActorRole = 'admin' | 'approver' | 'requester';

export interface GrantPair {
  connectorId: string;
  entitlementId: string;
  principalId: string;
}

/** Policy as resolved by the API when the request arrives (approvers already expanded to principal ids). */
export interface ResolvedPolicy {
  maxDurationSeconds: number;
  approvalRequired: boolean;
  approverIds: string[];
  requestTimeoutSeconds: number;
  extensionNeedsApproval: boolean;
  /** Lead time of the expiry warning email; absent (no policy sets one) = DEFAULT_EXPIRY_WARNING_SECONDS, 0 = none. */
  expiryWarningSeconds?: number | undefined;
  /**
   * Policy v2: the approval stages in order, resolved at request time. Absent on grants started before v2 (their
   * approverIds/requestTimeoutSeconds are one stage, quorum 1). `approverIds` is then the union of every stage's.
   */
  stages?: ResolvedStage[] | undefined;
  /** Policy v2: after removing a directory role or a role-assignable group, revoke the user's sign-in sessions. */
  revokeSessions?: boolean | undefined;
}

/** One approval stage as the request resolved it (requester and principal already left out of both lists). */
export interface ResolvedStage {
  name: string;
  approverIds: string[];
  /** Distinct approvals needed (M of N); an approver counts in one stage only. One denial denies the request. */
  quorum: number;
  timeoutSeconds: number;
  /** On timeout: `escalate` hands the stage to fallbackIds for another timeoutSeconds (then denies); `deny` denies. */
  onTimeout: 'escalate' | 'deny';
  fallbackIds: string[];
}

/** A stage's progress, as the grant's status shows it (request page, approval page, Temporal UI). */
export interface StageProgress {
  name: string;
  quorum: number;
  status: 'waiting' | 'pending' | 'escalated' | 'approved' | 'denied' | 'timed_out';
  /** Who may decide now (fallbacks once escalated), for the pages. */
  approverIds: string[];
  decisions: { approverId: string; approved: boolean; comment: string | null; at: string }[];
}

/** The expiry warning's lead time when neither the entitlement's nor the connector's default policy sets one. */
export const DEFAULT_EXPIRY_WARNING_SECONDS = 15 * 60;

export interface AccessRequest {
  requestId: string;
  requesterId: string;
  durationSeconds: number;
  justification: string;
  ticket?: string | undefined;
  /** Policy v2, first request only: ISO time the access should start (approval may come before); absent = at once. */
  startAt?: string | undefined;
}

/** Break-glass (policy v2): the requester self-approved with a mandatory reason (the request's justification). */
export interface BreakGlassPlan {
  /** Who the review of this grant goes to (every stage's approvers); admins are the review's fallback. */
  reviewerIds: string[];
  /** The review item must be decided within this long after the access starts. */
  reviewWithinSeconds: number;
}

export interface AccessGrantInput extends GrantPair {
  principalUpn: string;
  policy: ResolvedPolicy;
  /** The request that started the workflow (the same request arrives as the update of update-with-start). */
  request: AccessRequest;
  /** Set by the API when an auto-approve rule matched, naming the rule (no human decision needed). */
  autoApprovedBy?: string | undefined;
  /** Set when the request is break-glass (then autoApprovedBy is 'break_glass'). */
  breakGlass?: BreakGlassPlan | undefined;
  /** Deprovisioning retry pacing; tests shorten it. Default 2 s doubling to 60 s. */
  deprovisionRetry?: { initialSeconds: number; maximumSeconds: number } | undefined;
}

export interface Decision {
  approverId: string;
  comment?: string | undefined;
  /** When set (emailed links), the decision applies only to this request: the first one, or the pending extension. */
  requestId?: string | undefined;
}

export interface RevokeRequest {
  actorId: string;
  actorRole: ActorRole;
  reason?: string | undefined;
}

export interface GrantStatus extends GrantPair {
  stage: GrantStage;
  endReason: EndReason | null;
  requesterId: string;
  /** ISO time; null until active. */
  expiresAt: string | null;
  preExisting: boolean;
  approvedBy: string | null;
  extensions: number;
  deprovisionAttempts: number;
  failure: string | null;
  /** An extension awaiting approval (active grants whose policy says extensions need approval). */
  pendingExtension?: {
    requestId: string;
    requesterId: string;
    durationSeconds: number;
    justification: string;
    ticket: string | null;
  } | null;
  /** Extensions asked for while the grant was pending approval or provisioning: they apply when it becomes active. */
  queuedExtensions?: number;
  /** Policy v2: each approval stage's progress (absent on grants started before v2). */
  stages?: StageProgress[];
  /** Index in `stages` of the stage deciding now; null when none is (approved, ended, or no approval needed). */
  currentStage?: number | null;
  /** ISO time the access is scheduled to start (scheduled start); null/absent = at once. */
  startAt?: string | null;
  breakGlass?: boolean;
  /** Why a removal guard refused to remove this access (it stays in Entra); null = none. */
  removalRefused?: string | null;
}

/**
 * What a request (first or extension) did: `extended` means the live grant's expiry moved to `expiresAt`; `pending`,
 * an extension awaits approval; `queued`, an extension asked for before the grant was active, applied when it is;
 * `repeated`, it asked for no more than the request still awaiting approval, and changed nothing.
 */
export interface RequestOutcome {
  kind: 'created' | 'extended' | 'pending' | 'queued' | 'repeated';
  status: GrantStatus;
}

export const requestAccessUpdate = defineUpdate<RequestOutcome, [AccessRequest]>('requestAccess');
export const approveAccessUpdate = defineUpdate<GrantStatus, [Decision]>('approveAccess');
export const denyAccessUpdate = defineUpdate<GrantStatus, [Decision]>('denyAccess');
export const revokeAccessUpdate = defineUpdate<GrantStatus, [RevokeRequest]>('revokeAccess');
export const grantStatusQuery = defineQuery<GrantStatus>('grantStatus');
/**
 * Fire-and-forget revoke from another workflow (an access review that removed the pair): the same effect as the revoke
 * update while the grant is scheduled, provisioning or active, ignored otherwise (a workflow cannot await another's update).
 */
export const revokeAccessSignal = defineSignal<[RevokeRequest]>('revokeAccessSignal');
