// Connector rows: one per governed tenant, with the options the sync reads (interval, permission set, what to skip,
// cloud). Options live in the connectors.options jsonb column; readers always get them with defaults filled in.
// Deleting a connector deletes its row, and the synced directory with it (foreign keys cascade): a stale copy of who
// could access what is a liability once Lantern no longer governs the tenant. The append-only audit log keeps the
// evidence (who created, changed and deleted it, and when).
import type { Kysely } from 'kysely';
import { jsonb } from './json.js';
import type { JsonObject } from './column-types.js';
import type { CatalogSchema, Connector, ConnectorStatus } from './schema.js';
import { DEFAULT_CONNECTOR_OPTIONS, type ConnectorOptions } from '../domain/connector.js';

export interface ConnectorRecord {
  id: string;
  displayName: string;
  tenantId: string | null;
  status: ConnectorStatus;
  options: ConnectorOptions;
  createdAt: Date;
  updatedAt: Date;
}

type Db = Kysely<CatalogSchema>;

export function connectorRecord(row: Connector): ConnectorRecord {
  return {
    id: row.id,
    displayName: row.display_name,
    tenantId: row.tenant_id,
    status: row.status,
    options: { ...DEFAULT_CONNECTOR_OPTIONS, ...(row.options as Partial<ConnectorOptions>) },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The connector with its options (defaults filled in), or undefined. The sync reads its settings through this. */
export async function getConnector(db: Db, id: string): Promise<ConnectorRecord | undefined> {
  const row = await db.selectFrom('connectors').selectAll().where('id', '=', id).executeTakeFirst();
  return row && connectorRecord(row);
}

export async function findConnectorByTenant(db: Db, tenantId: string): Promise<ConnectorRecord | undefined> {
  const row = await db.selectFrom('connectors').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
  return row && connectorRecord(row);
}

export interface ConnectorPage {
  items: ConnectorRecord[];
  nextAfter: string | null;
}

export async function listConnectorRecords(
  db: Db,
  { limit, after }: { limit: number; after?: string | undefined },
): Promise<ConnectorPage> {
  let query = db
    .selectFrom('connectors')
    .selectAll()
    .orderBy('id')
    .limit(limit + 1);
  if (after) query = query.where('id', '>', after);
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  return { items: page.map(connectorRecord), nextAfter: rows.length > limit ? page[page.length - 1]!.id : null };
}

export interface NewConnectorRecord {
  id: string;
  displayName: string;
  /** null while an onboarding has not yet learnt the tenant. */
  tenantId: string | null;
  status: ConnectorStatus;
  options: ConnectorOptions;
}

/** Throws the database's unique violation when the tenant already has a connector (see isUniqueViolation). */
export async function insertConnector(db: Db, input: NewConnectorRecord): Promise<ConnectorRecord> {
  const row = await db
    .insertInto('connectors')
    .values({
      id: input.id,
      display_name: input.displayName,
      tenant_id: input.tenantId,
      status: input.status,
      options: jsonb(input.options as unknown as JsonObject),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return connectorRecord(row);
}

export async function updateConnector(
  db: Db,
  id: string,
  change: { displayName?: string | undefined; options: ConnectorOptions },
): Promise<ConnectorRecord | undefined> {
  const row = await db
    .updateTable('connectors')
    .set({
      ...(change.displayName !== undefined ? { display_name: change.displayName } : {}),
      options: jsonb(change.options as unknown as JsonObject),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && connectorRecord(row);
}

/** Deletes the connector and (by cascade) everything synced for it. True when a row was deleted. */
export async function deleteConnector(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('connectors').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export interface ConnectorAuditEntry {
  actor: string;
  action:
    | 'connector.created'
    | 'connector.updated'
    | 'connector.paused'
    | 'connector.resumed'
    | 'connector.deleted'
    | 'connector.sync_requested'
    | 'connector.consent_granted';
  connectorId: string;
  detail?: JsonObject;
  requestId?: string | null;
}

export async function auditConnector(db: Db, entry: ConnectorAuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor: entry.actor,
      action: entry.action,
      subject: `connector:${entry.connectorId}`,
      detail: jsonb(entry.detail ?? {}),
      request_id: entry.requestId ?? null,
    })
    .execute();
}

/** PostgreSQL (and PGlite) report a unique-constraint violation as SQLSTATE 23505. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}

/**
 * Locks the connector's row until the transaction ends (false when there is none): a concurrent grant insert (its
 * foreign key) waits, so nothing slips past a check made under the lock.
 */
export async function lockConnector(trx: Db, id: string): Promise<boolean> {
  return Boolean(await trx.selectFrom('connectors').select('id').where('id', '=', id).forUpdate().executeTakeFirst());
}

/**
 * An onboarded connector becomes connected to its tenant; the row is created if it is missing. Idempotent (a plain
 * set). Throws the database's unique violation when another connector governs the tenant (see isUniqueViolation).
 */
export async function markConnectorConnected(
  db: Db,
  input: { id: string; displayName: string; tenantId: string },
): Promise<void> {
  const updated = await db
    .updateTable('connectors')
    .set({ tenant_id: input.tenantId, status: 'connected', updated_at: new Date() })
    .where('id', '=', input.id)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await db
      .insertInto('connectors')
      .values({ id: input.id, display_name: input.displayName, tenant_id: input.tenantId, status: 'connected' })
      .execute();
  }
}
