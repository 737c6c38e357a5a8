// Policy v2 approval: ordered stages, each approved by `quorum` distinct approvers of it; one denial denies the request;
// a person decides in one stage only; a stage that times out escalates to its fallbacks once, or ends the request.
// Pure (the clock is the workflow's): the update handlers decide here, the workflow writes the audit rows they leave.
import type { AccessGrantInput, Decision, ResolvedStage, StageProgress } from './messages.js';
import { reject } from './reject.js';
import type { Note } from './steps.js';

/** The request's stages: the policy's own, else (grants whose input has none) its approvers as one stage of quorum 1. */
export function stagesFor(input: AccessGrantInput): ResolvedStage[] {
  const { policy, request, principalId } = input;
  if (policy.stages && policy.stages.length > 0) return policy.stages;
  const approverIds = policy.approverIds.filter((id) => id !== request.requesterId && id !== principalId);
  const stage = { name: 'Approval', quorum: 1, onTimeout: 'deny' as const, fallbackIds: [] };
  return [{ ...stage, approverIds, timeoutSeconds: policy.requestTimeoutSeconds }];
}

export class ApprovalStages {
  readonly progress: StageProgress[];
  /** Index of the stage deciding now; null once every stage approved, one denied or one timed out. */
  current: number | null = 0;
  /** When the current stage (or its escalation) times out, on the workflow's clock. */
  deadlineMs: number;
  /** The denial that ended the approval, or the approval that completed the last stage. */
  final: { approved: boolean; by: Decision } | null = null;
  /** Audit rows of decisions taken in update handlers that the catalog has not seen yet (the workflow writes them). */
  private unrecorded: Note[] = [];

  constructor(
    readonly stages: ResolvedStage[],
    nowMs: number,
  ) {
    this.progress = stages.map((stage, index) => ({
      name: stage.name,
      quorum: stage.quorum,
      status: index === 0 ? 'pending' : 'waiting',
      approverIds: stage.approverIds,
      decisions: [],
    }));
    this.deadlineMs = nowMs + stages[0]!.timeoutSeconds * 1000;
  }

  /** Who may decide now: the current stage's approvers (its fallbacks once escalated); nobody once decided. */
  approversNow(): string[] {
    return this.current === null ? [] : this.progress[this.current]!.approverIds;
  }

  get escalated(): boolean {
    return this.current !== null && this.progress[this.current]!.status === 'escalated';
  }

  /**
   * The validator's rules for a decision on the first request (the requester/principal rule is checked before).
   * `approving` false for a denial, which no reachability rule refuses.
   */
  check(decision: Decision, approving = true): void {
    if (this.current === null) reject('Rule not_pending: the request was already decided.');
    const { approverId } = decision;
    const index = this.current!;
    const stage = this.progress[index]!;
    const earlier = this.progress.findIndex(
      (p, i) => i !== index && p.decisions.some((d) => d.approverId === approverId),
    );
    if (earlier !== -1)
      reject(`Rule distinct_approvers: ${approverId} already decided in stage "${this.progress[earlier]!.name}".`);
    if (stage.decisions.some((d) => d.approverId === approverId))
      reject(`Rule already_decided: ${approverId} already decided in stage "${stage.name}".`);
    if (!stage.approverIds.includes(approverId))
      reject(
        `Rule approver: ${approverId} is not an approver of stage "${stage.name}" (${index + 1} of ${this.progress.length}).`,
      );
    if (approving) this.checkLaterStagesReachable(approverId, index);
  }

  /**
   * A person approves in one stage only, so approving here takes them out of every later stage: refused when a later
   * stage would then have fewer people left than its quorum (the request could only time out there).
   */
  private checkLaterStagesReachable(approverId: string, index: number): void {
    const decided = new Set(this.progress.flatMap((p) => p.decisions.map((d) => d.approverId)));
    decided.add(approverId);
    for (let later = index + 1; later < this.progress.length; later++) {
      const stage = this.progress[later]!;
      const left = stage.approverIds.filter((id) => !decided.has(id)).length;
      if (left < stage.quorum)
        reject(
          `Rule distinct_approvers: if ${approverId} approves in stage "${this.progress[index]!.name}", stage ` +
            `${later + 1} "${stage.name}" can no longer reach its quorum of ${stage.quorum} (a person approves in one ` +
            `stage only); another approver of stage "${this.progress[index]!.name}" should decide.`,
        );
    }
  }

  /** Applies a checked decision: counts an approval toward the quorum, or denies; leaves its audit row to write. */
  record(approved: boolean, by: Decision, nowMs: number): void {
    const index = this.current!;
    const stage = this.progress[index]!;
    stage.decisions.push({ approverId: by.approverId, approved, comment: by.comment ?? null, at: iso(nowMs) });
    const comment = by.comment ?? null;
    const where = { stage: index + 1, name: stage.name };
    if (!approved) {
      stage.status = 'denied';
      this.current = null;
      this.final = { approved, by };
      this.unrecorded.push({ actor: by.approverId, action: 'access.denied', detail: { ...where, comment } });
      return;
    }
    const approvals = stage.decisions.filter((d) => d.approved).length;
    const last = index === this.progress.length - 1;
    if (approvals >= stage.quorum && last) {
      stage.status = 'approved';
      this.current = null;
      this.final = { approved, by };
      this.unrecorded.push({ actor: by.approverId, action: 'access.approved', detail: { ...where, comment } });
      return;
    }
    const counted = { ...where, approvals, quorum: stage.quorum, comment };
    this.unrecorded.push({ actor: by.approverId, action: 'access.stage_approved', detail: counted });
    if (approvals < stage.quorum) return;
    stage.status = 'approved';
    this.unrecorded.push({ actor: 'lantern', action: 'access.stage_completed', detail: where });
    this.current = index + 1;
    this.progress[this.current]!.status = 'pending';
    this.deadlineMs = nowMs + this.stages[this.current]!.timeoutSeconds * 1000;
  }

  /** Hands a timed-out stage to its fallbacks for another timeout; null when it cannot (then it times out). */
  escalate(nowMs: number): Note | null {
    const index = this.current!;
    const rule = this.stages[index]!;
    if (rule.onTimeout !== 'escalate' || this.escalated || rule.fallbackIds.length === 0) return null;
    const stage = this.progress[index]!;
    stage.status = 'escalated';
    stage.approverIds = rule.fallbackIds;
    this.deadlineMs = nowMs + rule.timeoutSeconds * 1000;
    return {
      actor: 'lantern',
      action: 'access.stage_escalated',
      detail: {
        stage: index + 1,
        name: stage.name,
        fallbackIds: rule.fallbackIds,
        timeoutSeconds: rule.timeoutSeconds,
      },
    };
  }

  /** The current stage ran out of time for good: the request ends `request_expired`. */
  timeOut(): Note {
    const index = this.current!;
    const stage = this.progress[index]!;
    stage.status = 'timed_out';
    this.current = null;
    return {
      actor: 'lantern',
      action: 'access.stage_timed_out',
      detail: { stage: index + 1, name: stage.name, timeoutSeconds: this.stages[index]!.timeoutSeconds },
    };
  }

  hasUnrecorded(): boolean {
    return this.unrecorded.length > 0;
  }

  /** The decisions' audit rows not written yet, oldest first; the caller writes them. */
  drain(): Note[] {
    return this.unrecorded.splice(0);
  }

  /** One line per stage for the Temporal UI's current details. */
  details(): string[] {
    return this.progress.map((stage, index) => {
      const approvals = stage.decisions.filter((d) => d.approved).length;
      const by = stage.decisions.map((d) => `${d.approverId} ${d.approved ? 'approved' : 'denied'}`).join(', ');
      return `Stage ${index + 1} "${stage.name}": ${stage.status}, ${approvals}/${stage.quorum}${by ? ` (${by})` : ''}`;
    });
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
