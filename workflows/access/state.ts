// The accessGrant workflow's state and the rules its updates enforce. Pure (no SDK calls but the clock, which the
// sandbox makes deterministic), so the workflow file reads as the business steps.
import type {
  AccessGrantInput,
  AccessRequest,
  Decision,
  EndReason,
  GrantStage,
  GrantStatus,
  RequestOutcome,
  RevokeRequest,
} from './messages.js';
import { reject } from './reject.js';
import { ApprovalStages, stagesFor } from './stages.js';

export { REJECTED } from './reject.js';

/** What a request did and the audit action that records it (null: a replay of a request already recorded). */
export interface AppliedRequest {
  outcome: RequestOutcome;
  audit: string | null;
}

export class GrantState {
  stage: GrantStage;
  endReason: EndReason | null = null;
  decision: { approved: boolean; by: Decision } | null = null;
  revoked: RevokeRequest | null = null;
  expiresAtMs: number | null = null;
  /** Bumped whenever the expiry moves, so the timer loop wakes and recomputes. */
  expiryVersion = 0;
  preExisting = false;
  extensions = 0;
  deprovisionAttempts = 0;
  failure: string | null = null;
  pendingExtension: AccessRequest | null = null;
  /** Extensions asked for before the grant was active, applied when it becomes active (never dropped). */
  readonly queued: AccessRequest[] = [];
  /** Request ids that only repeated the request awaiting approval. */
  private readonly repeats = new Set<string>();
  /** True once the request's catalog row and first audit entry exist. */
  recorded = false;
  readonly seenRequests = new Set<string>();
  /** Policy v2 (runs started with patch policy-v2-stages): the approval stages; null when no approval is needed. */
  readonly approval: ApprovalStages | null = null;
  /** A removal guard's explanation when it refused to remove the access (which then stays). */
  removalRefused: string | null = null;

  /** `v2`: the run takes the policy v2 path (patched once, at its start); false replays runs started before it. */
  constructor(
    readonly input: AccessGrantInput,
    readonly v2 = false,
  ) {
    this.stage = input.policy.approvalRequired && !input.autoApprovedBy ? 'pending_approval' : 'provisioning';
    this.seenRequests.add(input.request.requestId);
    if (v2 && this.stage === 'pending_approval') this.approval = new ApprovalStages(stagesFor(input), Date.now());
  }

  /** Who may decide now, for the catalog's approvals inbox: the current stage's list, else every approver. */
  approverIdsNow(): string[] {
    return this.approval?.current != null ? this.approval.approversNow() : this.input.policy.approverIds;
  }

  status(): GrantStatus {
    const { connectorId, entitlementId, principalId, request } = this.input;
    const extension = this.pendingExtension;
    return {
      connectorId,
      entitlementId,
      principalId,
      stage: this.stage,
      endReason: this.endReason,
      requesterId: request.requesterId,
      expiresAt: this.expiresAtMs === null ? null : new Date(this.expiresAtMs).toISOString(),
      preExisting: this.preExisting,
      approvedBy: this.decision?.approved ? this.decision.by.approverId : (this.input.autoApprovedBy ?? null),
      extensions: this.extensions,
      deprovisionAttempts: this.deprovisionAttempts,
      failure: this.failure,
      pendingExtension: extension
        ? {
            requestId: extension.requestId,
            requesterId: extension.requesterId,
            durationSeconds: extension.durationSeconds,
            justification: extension.justification,
            ticket: extension.ticket ?? null,
          }
        : null,
      queuedExtensions: this.queued.length,
      ...(this.v2 ? this.v2Status() : {}),
    };
  }

  private v2Status(): Partial<GrantStatus> {
    const { approval, input } = this;
    return {
      stages: (approval?.progress ?? []).map((p) => ({ ...p, decisions: [...p.decisions] })),
      currentStage: approval?.current ?? null,
      startAt: input.request.startAt ?? null,
      breakGlass: input.breakGlass !== undefined,
      removalRefused: this.removalRefused,
    };
  }

  checkRequest(request: AccessRequest): void {
    if (request.durationSeconds > this.input.policy.maxDurationSeconds) {
      reject(
        `Rule max_duration: ${request.durationSeconds}s exceeds the policy maximum of ${this.input.policy.maxDurationSeconds}s.`,
      );
    }
    if (this.seenRequests.has(request.requestId)) return;
    if (this.stage === 'deprovisioning' || this.stage === 'ended') {
      reject('Rule grant_ending: this access is being removed; request it again once it has ended.');
    }
    // Break-glass skipped approval once, for one emergency: it never grows into longer (or approved) access.
    if (this.input.breakGlass)
      reject(
        'Rule break_glass_extension: break-glass access cannot be extended or re-requested while it is live; request it again once it has ended.',
      );
  }

  /**
   * The first request replays as a no-op; a later one extends (never shortens) the live grant. Before the grant is
   * active a later request is kept (`queued`) and applied once it is, unless it asks for no more than the request
   * still awaiting approval: then it is that request again (`repeated`) and changes nothing.
   */
  applyRequest(request: AccessRequest): AppliedRequest {
    if (this.seenRequests.has(request.requestId)) return { outcome: this.replayOf(request), audit: null };
    this.seenRequests.add(request.requestId);
    if (this.stage === 'pending_approval' && request.durationSeconds <= this.input.request.durationSeconds) {
      this.repeats.add(request.requestId);
      return { outcome: { kind: 'repeated', status: this.status() }, audit: 'access.request_repeated' };
    }
    if (this.stage !== 'active') {
      this.queued.push(request);
      return { outcome: { kind: 'queued', status: this.status() }, audit: 'access.extension_queued' };
    }
    if (this.input.policy.extensionNeedsApproval) {
      this.pendingExtension = request;
      return { outcome: { kind: 'pending', status: this.status() }, audit: 'access.extension_requested' };
    }
    this.extendBy(request);
    return { outcome: { kind: 'extended', status: this.status() }, audit: 'access.extended' };
  }

  /** A repeat (e.g. a double-submitted extension link) answers as the first submission did, and changes nothing. */
  private replayOf(request: AccessRequest): RequestOutcome {
    const { requestId } = request;
    const kind =
      requestId === this.input.request.requestId
        ? 'created'
        : this.repeats.has(requestId)
          ? 'repeated'
          : this.queued.some((q) => q.requestId === requestId)
            ? 'queued'
            : this.pendingExtension?.requestId === requestId
              ? 'pending'
              : 'extended';
    return { kind, status: this.status() };
  }

  /**
   * Once active: the queued extensions apply as if asked for when the time box started (so one no longer than the
   * first request moves nothing, as a shorter extension of live access does). When extensions need approval the
   * latest awaits it, like one asked for now. Returns each applied request with its audit action.
   */
  applyQueued(): { request: AccessRequest; action: string }[] {
    const startedAtMs = this.expiresAtMs! - this.input.request.durationSeconds * 1000;
    const queued = this.queued.splice(0);
    if (this.input.policy.extensionNeedsApproval) {
      this.pendingExtension = queued.at(-1) ?? null;
      return queued.slice(-1).map((request) => ({ request, action: 'access.extension_requested' }));
    }
    for (const request of queued) this.extendBy(request, startedAtMs);
    return queued.map((request) => ({ request, action: 'access.extended' }));
  }

  extendBy(request: AccessRequest, fromMs = Date.now()): void {
    const wanted = fromMs + request.durationSeconds * 1000;
    if (this.expiresAtMs === null || wanted > this.expiresAtMs) {
      this.expiresAtMs = wanted;
      this.expiryVersion += 1;
    }
    this.extensions += 1;
  }

  /** `approving` false for a denial (the update handlers always say which). */
  checkDecision(decision: Decision, approving = true): void {
    // A pending extension is moot once removal has started.
    if (this.stage !== 'pending_approval' && !(this.stage === 'active' && this.pendingExtension))
      reject(`Rule not_pending: nothing awaits a decision (stage ${this.stage}).`);
    // A decision scoped to one request (an emailed link) never decides another: not a later extension, not the first request.
    if (decision.requestId !== undefined) {
      const awaiting =
        this.pendingExtension?.requestId ?? (this.stage === 'pending_approval' ? this.input.request.requestId : null);
      if (decision.requestId !== awaiting)
        reject('Rule not_pending: the request this decision is for was already decided or has ended.');
    }
    const { requesterId } = this.input.request;
    if (decision.approverId === requesterId || decision.approverId === this.input.principalId) {
      reject('Rule no_self_approval: a requester or the principal receiving access cannot decide on it.');
    }
    // The first request decides stage by stage; an extension keeps one approver of any stage.
    if (this.approval && this.stage === 'pending_approval') return this.approval.check(decision, approving);
    if (!this.input.policy.approverIds.includes(decision.approverId)) {
      reject(`Rule approver: ${decision.approverId} is not an approver of this entitlement.`);
    }
  }

  decide(approved: boolean, by: Decision): GrantStatus {
    if (this.pendingExtension) {
      if (approved) this.extendBy(this.pendingExtension);
      this.pendingExtension = null;
    } else if (this.approval) {
      this.approval.record(approved, by, Date.now());
      this.decision = this.approval.final;
    } else {
      this.decision = { approved, by };
    }
    return this.status();
  }

  checkRevoke(request: RevokeRequest): void {
    if (this.stage === 'deprovisioning' || this.stage === 'ended')
      reject(`Rule already_ending: the grant is ${this.stage}.`);
    const { requesterId } = this.input.request;
    const allowed =
      request.actorRole === 'admin' ||
      request.actorId === requesterId ||
      request.actorId === this.input.principalId ||
      (request.actorRole === 'approver' && this.input.policy.approverIds.includes(request.actorId));
    if (!allowed)
      reject(
        'Rule revoker: only the requester, the principal, an approver of this entitlement or an admin may revoke.',
      );
  }

  revoke(request: RevokeRequest): GrantStatus {
    this.revoked ??= request;
    return this.status();
  }
}
