// A review_items row as the inbox, the API and the pages see it: camelCase, ISO times, '' via-group as null.
import type { Selectable } from 'kysely';
import type { ReviewItemView } from './decisions.js';
import type { ReviewItemsTable } from './schema.js';

export type ItemRow = Selectable<ReviewItemsTable>;

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

export function itemView(row: ItemRow, reviewerIds: string[]): ReviewItemView {
  return {
    id: String(row.id),
    entitlementId: row.entitlement_id,
    entitlementKind: row.entitlement_kind,
    entitlementName: row.entitlement_name,
    resourceId: row.resource_id,
    resourceType: row.resource_type,
    resourceName: row.resource_name,
    principalId: row.principal_id,
    principalKind: row.principal_kind,
    principalName: row.principal_name,
    principalUpn: row.principal_upn,
    userType: row.user_type,
    accountEnabled: row.account_enabled,
    lastSignInAt: iso(row.last_sign_in_at),
    viaGroupId: row.via_group_id === '' ? null : row.via_group_id,
    viaGroupName: row.via_group_name,
    applicability: row.applicability,
    applicabilityReason: row.applicability_reason,
    recommendation: row.recommendation,
    recommendationReason: row.recommendation_reason,
    decision: row.decision,
    decisionSource: row.decision_source,
    decidedBy: row.decided_by,
    decidedAt: iso(row.decided_at),
    comment: row.comment,
    applyResult: row.apply_result,
    applyMessage: row.apply_message,
    appliedAt: iso(row.applied_at),
    reviewerIds,
  };
}
