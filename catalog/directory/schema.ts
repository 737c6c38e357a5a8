// Kysely types for the synced directory (migration 0002-directory). Every table is keyed by connector_id first, and
// every synced row carries the sync generation that last wrote it, so a full sync can sweep what disappeared.
import type { ColumnType, Selectable } from 'kysely';
import type { PrincipalKind, ResourceType, EntitlementKind } from '../../entra/resources/rows.js';
import type {
  Generation,
  Jsonb,
  JsonbWithDefault,
  NullableTimestamp,
  TextArray,
  TimestampWithDefault,
} from '../column-types.js';

export interface PrincipalsTable {
  connector_id: string;
  id: string;
  kind: Exclude<PrincipalKind, 'group'>;
  display_name: string;
  upn: string | null;
  mail: string | null;
  user_type: 'Member' | 'Guest' | null;
  account_enabled: boolean;
  department: string | null;
  job_title: string | null;
  employee_id: string | null;
  employee_type: string | null;
  manager_id: string | null;
  last_sign_in_at: NullableTimestamp;
  attributes: Jsonb;
  generation: Generation;
  synced_at: TimestampWithDefault;
}

export interface ResourcesTable {
  connector_id: string;
  id: string;
  type: ResourceType;
  display_name: string;
  description: string | null;
  immutable: boolean;
  immutable_reason: string | null;
  attributes: Jsonb;
  generation: Generation;
}

export interface EntitlementsTable {
  connector_id: string;
  id: string;
  resource_id: string;
  resource_type: ResourceType;
  kind: EntitlementKind;
  display_name: string;
  app_role_id: string | null;
  immutable: boolean;
  generation: Generation;
}

export interface GrantsTable {
  connector_id: string;
  entitlement_id: string;
  principal_id: string;
  principal_kind: PrincipalKind;
  /** '' for a direct grant (so it can be part of the primary key); else the group that holds the direct grant. */
  via_group_id: string;
  source_id: string | null;
  generation: Generation;
}

export interface GroupMembersTable {
  connector_id: string;
  group_id: string;
  member_id: string;
  member_kind: PrincipalKind;
  generation: Generation;
}

export interface DiscoveredAppsTable {
  connector_id: string;
  app_id: string;
  service_principal_id: string | null;
  display_name: string;
  publisher: string | null;
  verified_publisher: boolean;
  scopes: TextArray;
  risky_scopes: TextArray;
  consenting_users: number;
  last_used_at: NullableTimestamp;
  first_seen_at: TimestampWithDefault;
  generation: Generation;
}

export type SyncMode = 'full' | 'delta';
export type SyncStatus = 'running' | 'succeeded' | 'failed';

export interface SyncRunsTable {
  id: string;
  connector_id: string;
  /** The catalog generation this run stamps on every row it writes (allocated per connector at start). */
  generation: Generation;
  workflow_id: string | null;
  run_id: string | null;
  mode: SyncMode;
  status: ColumnType<SyncStatus, SyncStatus | undefined, SyncStatus>;
  started_at: TimestampWithDefault;
  finished_at: NullableTimestamp;
  counts: JsonbWithDefault<Record<string, number>>;
  requests: ColumnType<number, number | undefined, number>;
  resource_units: ColumnType<number, number | undefined, number>;
  throttled: ColumnType<number, number | undefined, number>;
  error: string | null;
}

export interface SyncCursorsTable {
  connector_id: string;
  collection: string;
  delta_link: string;
  updated_at: TimestampWithDefault;
}

export type SyncRun = Selectable<SyncRunsTable>;
