// An access review campaign as every layer speaks of it: what it reviews (scope), who reviews (reviewers), when it is
// due and how reviewers are reminded, what happens to items nobody decided, and whether it recurs. The API validates a
// definition, the catalog stores it with the campaign, the activities read it from there (never from history).

/** What a campaign reviews: each kind is one family of catalog grants. */
export const REVIEW_SCOPE_KINDS = [
  'groupMembers',
  'groupOwners',
  'appRoleAssignments',
  'appOwners',
  'directoryRoles',
] as const;
export type ReviewScopeKind = (typeof REVIEW_SCOPE_KINDS)[number];

export interface ReviewScope {
  kinds: ReviewScopeKind[];
  /** Catalog resource ids (group, service principal, directory role template); absent or empty = every resource. */
  resourceIds?: string[] | undefined;
  /** Which principals: everyone, only guests (Entra userType Guest), or only members. Default 'all'. */
  principals?: 'all' | 'guests' | 'members' | undefined;
  /** Directory roles: only the privileged ones (Global Administrator, Privileged Role Administrator…). */
  privilegedRolesOnly?: boolean | undefined;
  /** Direct grants, grants held through a group, or both (default). */
  assignment?: 'all' | 'direct' | 'viaGroup' | undefined;
  /** Only principals with no sign-in for at least this many days (needs sign-in activity). */
  noSignInForDays?: number | undefined;
  /** Only these principals (object ids); absent or empty = everyone. Set by Lantern (a break-glass grant's review). */
  principalIds?: string[] | undefined;
  /** Only these entitlement ids; absent or empty = every entitlement of the kinds and resources. Set by Lantern. */
  entitlementIds?: string[] | undefined;
}

/**
 * Who reviews each item: the resource's owners in Entra, the principal's manager, named people and members of named
 * groups, or the principal themself (self-review). Fallback reviewers take every item the chosen kind leaves without
 * a reviewer (no owner, no manager, a reviewer who left Entra), so no item is ever unassigned.
 */
export type ReviewerKind = 'owners' | 'manager' | 'named' | 'self';
export type ReviewerRule = {
  kind: ReviewerKind;
  /** `named`: these principals (Entra object ids). */
  principalIds?: string[] | undefined;
  /** `named`: the members of these groups. */
  groupIds?: string[] | undefined;
  /** At least one; Entra object ids of people. */
  fallbackIds: string[];
};

/** What happens at the due date to items nobody decided. */
export const DEFAULT_DECISIONS = ['keep', 'remove', 'recommendation'] as const;
export type DefaultDecision = (typeof DEFAULT_DECISIONS)[number];

/**
 * Reminders to reviewers with undecided items: weekly from the start, then at each offset before the due date. The
 * default follows this category of product (Entra ID Governance, ConductorOne): weekly, then 3 days, 1 day and the
 * due day (6 hours before).
 */
export type ReminderPlan = { weekly: boolean; beforeDueSeconds: number[] };
export const DEFAULT_REMINDERS: ReminderPlan = { weekly: true, beforeDueSeconds: [3 * 86_400, 86_400, 6 * 3_600] };

/**
 * What a definition holds when its author says nothing else: two weeks (as Entra ID Governance proposes), the default
 * reminders, keep what nobody decided, apply automatically, recommend removal after 30 days without sign-in, once.
 */
export const CAMPAIGN_DEFAULTS = {
  durationSeconds: 14 * 86_400,
  reminders: DEFAULT_REMINDERS,
  defaultDecision: 'keep',
  autoApply: true,
  inactiveDays: 30,
  recurrence: null,
} as const satisfies Partial<Record<string, unknown>>;

export const RECURRENCE_CADENCES = ['monthly', 'quarterly', 'semiannually', 'annually'] as const;
export type RecurrenceCadence = (typeof RECURRENCE_CADENCES)[number];

export interface CampaignDefinition {
  connectorId: string;
  name: string;
  description?: string | undefined;
  scope: ReviewScope;
  reviewers: ReviewerRule;
  /** How long reviewers have, from the campaign's start to its due date. */
  durationSeconds: number;
  reminders: ReminderPlan;
  defaultDecision: DefaultDecision;
  /** On: removals are applied when the campaign closes. Off: the owner applies them from the campaign page. */
  autoApply: boolean;
  /** Recommend removal when the principal has not signed in for this many days (default 30). */
  inactiveDays: number;
  /** null = one-time; else a Temporal Schedule starts a new campaign from this definition at each occurrence. */
  recurrence: RecurrenceCadence | null;
}

/** The campaign's life, as the workflow moves it and the catalog records it (search attribute Stage too). */
export const CAMPAIGN_STATUSES = [
  'staging',
  'in_review',
  'closing',
  'awaiting_apply',
  'applying',
  'completed',
  'failed',
] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/**
 * A campaign's progress, derived from its items: what the workflow shows in its summary and returns, what the catalog
 * counts and the campaign page shows.
 */
export interface CampaignCounts {
  items: number;
  reviewers: number;
  decided: number;
  keep: number;
  remove: number;
  removed: number;
  alreadyGone: number;
  notApplicable: number;
  refused: number;
  failed: number;
}

export type ReviewDecision = 'keep' | 'remove';
/** Who made the decision: a reviewer, the campaign's default at the due date, or an admin on a reviewer's behalf. */
export type DecisionSource = 'reviewer' | 'default' | 'admin';

/** Whether Lantern can act on a remove decision, decided at staging and shown up front. */
export type Applicability = 'applicable' | 'via_group' | 'immutable' | 'unsupported';

export type Recommendation = 'keep' | 'remove' | 'none';

/**
 * Every item ends with one: removed; already gone before Lantern got to it; kept (decided keep); not applicable (held
 * via a group, immutable in Entra, a kind Lantern cannot change); refused by a removal guard; failed with Graph's message.
 */
export const APPLY_RESULTS = ['removed', 'already_gone', 'kept', 'not_applicable', 'refused', 'failed'] as const;
export type ApplyResult = (typeof APPLY_RESULTS)[number];

/** Reminder instants (epoch ms, ascending, strictly between start and due): pure, so the workflow can compute them. */
export function reminderTimes(startMs: number, dueMs: number, plan: ReminderPlan): number[] {
  const times = new Set<number>();
  const week = 7 * 86_400_000;
  if (plan.weekly) for (let t = startMs + week; t < dueMs; t += week) times.add(t);
  for (const before of plan.beforeDueSeconds) {
    const t = dueMs - before * 1000;
    if (t > startMs && t < dueMs) times.add(t);
  }
  // Two reminders within an hour of each other are one (a weekly one landing beside the "3 days before").
  const sorted = [...times].sort((a, b) => a - b);
  return sorted.filter((t, i) => i === 0 || t - sorted[i - 1]! >= 3_600_000);
}
