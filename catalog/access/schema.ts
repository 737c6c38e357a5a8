// Kysely types for the access tables (migration 0003-access). Kept beside the queries that use them; `accessDb()`
// widens a catalog handle with them so the shared CatalogSchema needs no edit.
import type { Kysely } from 'kysely';
import type { CatalogSchema, JsonbWithDefault, TimestampWithDefault } from '../schema.js';
import type { ColumnType } from 'kysely';

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** Who approves: the entitlement's owners in Entra, named principals, members of a group (any that apply). */
export interface ApproverRule {
  owners?: boolean;
  principalIds?: string[];
  groupId?: string | null;
}

export interface AccessPoliciesTable {
  connector_id: string;
  /** '' = the connector's default policy. */
  entitlement_id: string;
  max_duration_seconds: number;
  approval_required: boolean;
  approvers: JsonbWithDefault<{ owners?: boolean; principalIds?: string[]; groupId?: string | null }>;
  auto_approve_group_id: string | null;
  request_timeout_seconds: number;
  extension_needs_approval: boolean;
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

export interface AccessSchema extends CatalogSchema {
  access_policies: AccessPoliciesTable;
  access_grants: AccessGrantsTable;
}

export type AccessDb = Kysely<AccessSchema>;

export function accessDb(db: Kysely<CatalogSchema>): AccessDb {
  return db.withTables<{ access_policies: AccessPoliciesTable; access_grants: AccessGrantsTable }>();
}
