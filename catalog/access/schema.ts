// Kysely types for the access tables (migrations 0003-access, 0004-expiry-warning and 0007-policy-guests), kept beside
// the queries that use them; catalog/schema.ts composes them into CatalogSchema.
import type { ColumnType, RawBuilder } from 'kysely';
import type { JsonbWithDefault, NullableTimestamp, TimestampWithDefault } from '../column-types.js';
import type { ApprovalStageRule, BreakGlassRule, EligibilityRule } from '../../domain/access-policy.js';

/**
 * Who approves: the entitlement's owners in Entra, named principals, members of a group, the manager in Entra of the
 * principal receiving access (any that apply).
 */
// A type alias, not an interface, so it fits the jsonb column's JsonValue constraint.
export type ApproverRule = {
  owners?: boolean;
  principalIds?: string[];
  groupId?: string | null;
  manager?: boolean;
};

/**
 * One approval stage's progress as the grant workflow last recorded it (StageProgress in workflows/access/messages.ts,
 * restated here because the catalog does not import the workflows). `status` is 'pending' or 'escalated' for the
 * stage deciding now.
 */
export type ApprovalStageRecord = {
  name: string;
  quorum: number;
  status: 'waiting' | 'pending' | 'escalated' | 'approved' | 'denied' | 'timed_out';
  approverIds: string[];
  decisions: { approverId: string; approved: boolean; comment: string | null; at: string }[];
};

/** A nullable jsonb column: read as parsed JSON or null; written through jsonb() from ../json.js, or null. */
type NullableJsonb<T> = ColumnType<T | null, RawBuilder<unknown> | null | undefined, RawBuilder<unknown> | null>;

export interface AccessPoliciesTable {
  connector_id: string;
  /** '' = the connector's default policy. */
  entitlement_id: string;
  max_duration_seconds: number;
  approval_required: boolean;
  approvers: JsonbWithDefault<ApproverRule>;
  auto_approve_group_id: string | null;
  request_timeout_seconds: number;
  extension_needs_approval: boolean;
  /** Lead time of the expiry warning email (0004); null = the connector default's, else Lantern's global default. */
  expiry_warning_seconds: ColumnType<number | null, number | null | undefined, number | null>;
  /** Guests (Entra userType Guest) may receive the entitlement (0007); false refuses them with guest_not_allowed. */
  allow_guests: ColumnType<boolean, boolean | undefined, boolean>;
  /** v2 (0012): ordered approval stages; null = the v1 approvers as one stage (domain/access-policy.ts stagesOf). */
  stages: NullableJsonb<ApprovalStageRule[]>;
  /** v2: who may request; null = everyone in the connected tenant. */
  eligibility: NullableJsonb<EligibilityRule>;
  /** v2: break-glass for this entitlement; null = none. */
  break_glass: NullableJsonb<BreakGlassRule>;
  /** v2: after removing a directory role or a role-assignable group, revoke the user's sign-in sessions. */
  revoke_sessions: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: TimestampWithDefault;
}

/** Accounts no removal may touch (0012): a removal of their access ends "refused by guard". */
export interface ProtectedAccountsTable {
  connector_id: string;
  principal_id: string;
  reason: string;
  added_by: string;
  added_at: TimestampWithDefault;
}

export interface AccessGrantsTable {
  workflow_id: string;
  connector_id: string;
  entitlement_id: string;
  principal_id: string;
  principal_upn: string;
  requester_id: string;
  stage: string;
  end_reason: string | null;
  expires_at: NullableTimestamp;
  pre_existing: boolean;
  /** Who may decide (resolved at request time), so an approver's listing shows what they may decide. */
  approver_ids: JsonbWithDefault<string[]>;
  /** 0012: the grant was break-glass (self-approved with a reason). */
  break_glass: ColumnType<boolean, boolean | undefined, boolean>;
  /** 0012: when the request asked its access to start (scheduled start); null = as soon as approved. */
  start_at: NullableTimestamp;
  /** 0012: why a removal guard refused to remove this access (it was left in place); null = no refusal. */
  removal_refused: ColumnType<string | null, string | null | undefined, string | null>;
  /** 0012: each approval stage's progress (who decided, when), rewritten at each decision; null = one-step approval. */
  approval_stages: NullableJsonb<ApprovalStageRecord[]>;
  updated_at: TimestampWithDefault;
}
