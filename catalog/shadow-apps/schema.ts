// Tables of shadow-app triage and revocation (migration 0009). Consents are the sync's; triage and revocations are
// the administrators'.
import type { ColumnType } from 'kysely';
import type {
  Generation,
  JsonbWithDefault,
  NullableTimestamp,
  TextArray,
  TimestampWithDefault,
} from '../column-types.js';

export type TriageState = 'new' | 'authorized' | 'ignored' | 'revoked';
export const TRIAGE_STATES: readonly TriageState[] = ['new', 'authorized', 'ignored', 'revoked'];

export type RevocationStatus = 'running' | 'succeeded' | 'failed';
export type ConsentResult = 'pending' | 'removed' | 'already_gone' | 'failed';

export interface DiscoveredAppConsentsTable {
  connector_id: string;
  app_id: string;
  grant_id: string;
  principal_id: string;
  scopes: TextArray;
  generation: Generation;
}

export interface ShadowAppTriageTable {
  connector_id: string;
  app_id: string;
  state: TriageState;
  owner_id: string | null;
  note: ColumnType<string, string | undefined, string>;
  decided_by: string;
  decided_at: TimestampWithDefault;
}

export interface ShadowAppRevocationsTable {
  id: string;
  connector_id: string;
  app_id: string;
  service_principal_id: string;
  workflow_id: string;
  requested_by: string;
  reason: ColumnType<string, string | undefined, string>;
  /** null = every consenting user. */
  user_ids: ColumnType<string[] | null, unknown, unknown>;
  status: ColumnType<RevocationStatus, RevocationStatus | undefined, RevocationStatus>;
  planned: ColumnType<boolean, boolean | undefined, boolean>;
  counts: JsonbWithDefault<Record<string, number>>;
  error: string | null;
  started_at: TimestampWithDefault;
  finished_at: NullableTimestamp;
}

export interface ShadowAppRevocationItemsTable {
  revocation_id: string;
  grant_id: string;
  principal_id: string | null;
  scopes: TextArray;
  result: ColumnType<ConsentResult, ConsentResult | undefined, ConsentResult>;
  message: string | null;
  decided_at: NullableTimestamp;
}
