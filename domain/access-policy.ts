// An access policy's v2 rules as every layer speaks of them: ordered approval stages with a quorum, who may request,
// break-glass, and whether removal also ends the user's sign-in sessions. The API validates them, the catalog stores
// them beside the v1 columns, the request planner resolves them into the grant workflow's input (workflows/access/
// messages.ts ResolvedStage). A policy saved before v2 has no stages: it reads as one stage (stagesOf).

/**
 * Who approves a stage: the entitlement's owners in Entra, named people, members of a group, the manager in Entra of
 * the principal receiving access (any that apply). The same shape as a v1 policy's `approvers`.
 */
export type ApproverSet = {
  owners?: boolean;
  principalIds?: string[];
  groupId?: string | null;
  manager?: boolean;
};

/** What a stage does when its time runs out: hand the decision to its fallback approvers, or deny the request. */
export const STAGE_TIMEOUT_ACTIONS = ['escalate', 'deny'] as const;
export type StageTimeoutAction = (typeof STAGE_TIMEOUT_ACTIONS)[number];

export type ApprovalStageRule = {
  /** Shown on the request, in emails and in the Temporal UI, e.g. "Manager", "Owners". */
  name: string;
  approvers: ApproverSet;
  /** How many distinct approvals the stage needs (M of N). Any one denial denies the request. */
  quorum: number;
  /** How long the stage waits for its quorum. */
  timeoutSeconds: number;
  onTimeout: StageTimeoutAction;
  /** `escalate`: who decides once the stage timed out (they get another timeoutSeconds). */
  fallbackApprovers?: ApproverSet | undefined;
};

export const USER_TYPES = ['Member', 'Guest'] as const;
export type UserType = (typeof USER_TYPES)[number];

/**
 * Who may request (the principal receiving access must qualify): null = everyone in the connected tenant. With
 * groupIds, members (direct, as last synced) of any of them; with userTypes, only those Entra user types. Both = both.
 */
export type EligibilityRule = {
  groupIds?: string[] | undefined;
  userTypes?: UserType[] | undefined;
};

/**
 * Break-glass: a requester may self-approve with a mandatory reason. Access is added at once for at most
 * maxDurationSeconds; approvers and admins are emailed immediately; an access review of that one grant opens, due
 * reviewWithinSeconds later.
 */
export type BreakGlassRule = {
  maxDurationSeconds: number;
  reviewWithinSeconds: number;
};

/** Limits the API enforces on v2 fields (the page's form the same). */
export const POLICY_V2_LIMITS = {
  maxStages: 5,
  maxQuorum: 20,
  maxStageTimeoutSeconds: 30 * 86_400,
  maxEligibilityGroups: 50,
  /** Break-glass access is short by nature: at most 24 hours. */
  maxBreakGlassSeconds: 86_400,
  maxBreakGlassReviewSeconds: 30 * 86_400,
  /** How far ahead a request may ask its access to start. */
  maxStartAheadSeconds: 90 * 86_400,
} as const;

/** The v1 fields stagesOf needs from a stored policy. */
export interface StageSource {
  approvalRequired: boolean;
  approvers: ApproverSet;
  requestTimeoutSeconds: number;
  stages: ApprovalStageRule[] | null;
}

/**
 * The policy's stages: its own (v2), else its v1 approvers as one stage where any one approval suffices and the
 * request expires after requestTimeoutSeconds (today's behaviour); none when no approval is required.
 */
export function stagesOf(policy: StageSource): ApprovalStageRule[] {
  if (!policy.approvalRequired) return [];
  if (policy.stages && policy.stages.length > 0) return policy.stages;
  return [
    {
      name: 'Approval',
      approvers: policy.approvers,
      quorum: 1,
      timeoutSeconds: policy.requestTimeoutSeconds,
      onTimeout: 'deny',
    },
  ];
}
