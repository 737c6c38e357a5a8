// The one Kysely type for every catalog table (PGlite and PostgreSQL alike; migrations/ must keep it true). Each table
// group declares its tables beside its queries (directory/schema.ts, access/schema.ts); this module composes them.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { AccessGrantsTable, AccessPoliciesTable, ProtectedAccountsTable } from './access/schema.js';
import type { JsonbWithDefault, TimestampWithDefault } from './column-types.js';
import type { SessionsTable } from './people/schema.js';
import type {
  ReviewAssignmentsTable,
  ReviewCampaignsTable,
  ReviewItemsTable,
  ReviewNoticesTable,
  ReviewSeriesTable,
} from './reviews/schema.js';
import type { ApiTokensTable } from './people/api-tokens.js';
import type {
  DiscoveredAppConsentsTable,
  ShadowAppRevocationItemsTable,
  ShadowAppRevocationsTable,
  ShadowAppTriageTable,
} from './shadow-apps/schema.js';
import type {
  DiscoveredAppsTable,
  EntitlementsTable,
  GrantsTable,
  GroupMembersTable,
  PrincipalsTable,
  ResourcesTable,
  SyncCursorsTable,
  SyncRunsTable,
} from './directory/schema.js';

export type * from './column-types.js';

export interface LanternMetaTable {
  key: string;
  value: string;
  updated_at: TimestampWithDefault;
}

export type ConnectorStatus = 'pending' | 'onboarding' | 'connected' | 'disabled' | 'failed';

export interface ConnectorsTable {
  id: string;
  display_name: string;
  /** Unknown until the first admin login names the tenant. */
  tenant_id: string | null;
  status: ColumnType<ConnectorStatus, ConnectorStatus | undefined, ConnectorStatus>;
  options: JsonbWithDefault;
  created_at: TimestampWithDefault;
  updated_at: TimestampWithDefault;
}

/** Append-only: a trigger rejects UPDATE and DELETE. bigint ids read as strings (pg convention, kept for PGlite too). */
export interface AuditLogTable {
  id: Generated<string>;
  at: TimestampWithDefault;
  actor: string;
  action: string;
  subject: string | null;
  detail: JsonbWithDefault;
  request_id: string | null;
}

export interface CatalogSchema {
  lantern_meta: LanternMetaTable;
  connectors: ConnectorsTable;
  audit_log: AuditLogTable;
  principals: PrincipalsTable;
  resources: ResourcesTable;
  entitlements: EntitlementsTable;
  grants: GrantsTable;
  group_members: GroupMembersTable;
  discovered_apps: DiscoveredAppsTable;
  sync_runs: SyncRunsTable;
  sync_cursors: SyncCursorsTable;
  access_policies: AccessPoliciesTable;
  access_grants: AccessGrantsTable;
  protected_accounts: ProtectedAccountsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  discovered_app_consents: DiscoveredAppConsentsTable;
  shadow_app_triage: ShadowAppTriageTable;
  shadow_app_revocations: ShadowAppRevocationsTable;
  shadow_app_revocation_items: ShadowAppRevocationItemsTable;
  review_series: ReviewSeriesTable;
  review_campaigns: ReviewCampaignsTable;
  review_items: ReviewItemsTable;
  review_assignments: ReviewAssignmentsTable;
  review_notices: ReviewNoticesTable;
}

export type Connector = Selectable<ConnectorsTable>;
export type NewConnector = Insertable<ConnectorsTable>;
export type ConnectorUpdate = Updateable<ConnectorsTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;
