// Kysely types for the access tables (migrations 0003-access, 0004-expiry-warning and 0007-policy-guests), kept beside
// the queries that use them; catalog/schema.ts composes them into CatalogSchema.
import type { ColumnType } from 'kysely';
import type { JsonbWithDefault, NullableTimestamp, TimestampWithDefault } from '../column-types.js';

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
  updated_at: TimestampWithDefault;
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
  updated_at: TimestampWithDefault;
}
