// Tables of access reviews (migration 0011). Items are the campaign's snapshot of grants in scope, taken at staging:
// the catalog's grants may change afterwards, the review's evidence does not.
import type { ColumnType } from 'kysely';
import type { JsonbWithDefault, NullableTimestamp, Timestamp, TimestampWithDefault } from '../column-types.js';
import type {
  Applicability,
  ApplyResult,
  CampaignDefinition,
  CampaignStatus,
  DecisionSource,
  Recommendation,
  RecurrenceCadence,
  ReviewDecision,
} from '../../domain/reviews.js';

/** Stored as jsonb: the definition as the API validated it (a type alias so it fits the JsonValue constraint). */
export type StoredDefinition = CampaignDefinition & { [key: string]: unknown };

export interface ReviewSeriesTable {
  id: string;
  connector_id: string;
  name: string;
  definition: ColumnType<StoredDefinition, unknown, unknown>;
  cadence: RecurrenceCadence;
  schedule_id: string;
  created_by: string;
  created_at: TimestampWithDefault;
  stopped_at: NullableTimestamp;
}

export interface ReviewCampaignsTable {
  id: string;
  connector_id: string;
  series_id: string | null;
  name: string;
  definition: ColumnType<StoredDefinition, unknown, unknown>;
  workflow_id: string;
  /** Who created it, as the audit log names actors ('session:<oid>', 'api-token:<id>', 'schedule:<seriesId>'). */
  owner_id: string;
  /** The owner's Entra object id when a person created it (they may close, extend and apply it). */
  owner_subject: string | null;
  status: ColumnType<CampaignStatus, CampaignStatus | undefined, CampaignStatus>;
  started_at: TimestampWithDefault;
  due_at: Timestamp;
  staged_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  completed_at: NullableTimestamp;
  /** null until staged; false = the tenant has no P1/P2 (or Lantern may not read sign-ins): recommendations say so. */
  sign_in_known: boolean | null;
  counts: JsonbWithDefault<Record<string, number>>;
  /** { csv: hex, json: hex } once completed: the evidence report's SHA-256, also in the audit log. */
  report_sha256: JsonbWithDefault<Record<string, string>>;
  error: string | null;
}

export interface ReviewItemsTable {
  campaign_id: string;
  /** 1..n within the campaign, in staging order (stable keyset for inbox pages and apply batches). */
  id: ColumnType<string, number | string, number | string>;
  entitlement_id: string;
  entitlement_kind: string;
  entitlement_name: string;
  resource_id: string;
  resource_type: string;
  resource_name: string;
  principal_id: string;
  principal_kind: string;
  principal_name: string;
  principal_upn: string | null;
  user_type: string | null;
  account_enabled: ColumnType<boolean, boolean | undefined, boolean>;
  last_sign_in_at: NullableTimestamp;
  /** '' for a direct grant; else the group through which the principal holds it. */
  via_group_id: ColumnType<string, string | undefined, string>;
  via_group_name: string | null;
  applicability: Applicability;
  applicability_reason: string | null;
  recommendation: Recommendation;
  recommendation_reason: string;
  decision: ReviewDecision | null;
  decision_source: DecisionSource | null;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  comment: string | null;
  apply_result: ApplyResult | null;
  apply_message: string | null;
  applied_at: NullableTimestamp;
}

export type AssignmentKind = 'owner' | 'manager' | 'named' | 'self' | 'fallback';

export interface ReviewAssignmentsTable {
  campaign_id: string;
  item_id: ColumnType<string, number | string, number | string>;
  /** Entra object id of a person who may decide the item (any one of an item's reviewers decides it). */
  reviewer_id: string;
  kind: AssignmentKind;
  /** The reviewer's UPN frozen at completion, so the report (and its recorded SHA-256) outlives renames and deletions. */
  reviewer_upn: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ReviewNoticesTable {
  campaign_id: string;
  reviewer_id: string;
  /** 'start', 'reminder:<epoch ms>', 'reassigned:<epoch ms>'… */
  notice: string;
  sent_at: TimestampWithDefault;
}
