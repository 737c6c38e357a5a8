// Kysely types for every catalog table. One type for both PGlite and PostgreSQL; migrations/ must keep it true.
import type { ColumnType, Generated, Insertable, RawBuilder, Selectable, Updateable } from 'kysely';
import type { DirectorySchema } from './directory/schema.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
/** jsonb columns read as parsed JSON and are written only through jsonb() from ./json.js (same bytes on both drivers). */
export type Jsonb<T extends JsonValue = JsonObject> = ColumnType<T, RawBuilder<T>, RawBuilder<T>>;
/** A jsonb column with a database default. */
export type JsonbWithDefault<T extends JsonValue = JsonObject> = ColumnType<T, RawBuilder<T> | undefined, RawBuilder<T>>;
/** A timestamptz column without a default: read as Date; written as a Date or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** Timestamps with a now() default (don't wrap Timestamp in Generated<>: Kysely would not unwrap it on select): read as Date; writes may pass a Date or an ISO string, or omit them. */
export type TimestampWithDefault = ColumnType<Date, Date | string | undefined, Date | string>;

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

export interface CatalogSchema extends DirectorySchema {
  lantern_meta: LanternMetaTable;
  connectors: ConnectorsTable;
  audit_log: AuditLogTable;
}

export type Connector = Selectable<ConnectorsTable>;
export type NewConnector = Insertable<ConnectorsTable>;
export type ConnectorUpdate = Updateable<ConnectorsTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;
