// API tokens for automation (migration 0006-api-tokens): rows hold a SHA-256 digest, never the token. Every change is
// audited in the same transaction; the audit rows name the token by id and name, never by its secret.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { NullableTimestamp, Timestamp, TimestampWithDefault } from '../column-types.js';
import { jsonb } from '../json.js';
import type { CatalogSchema } from '../schema.js';

export type ApiTokenRole = 'admin' | 'reader';

export interface ApiTokensTable {
  id: string;
  name: string;
  role: ApiTokenRole;
  /** null = every connector. */
  connector_id: string | null;
  /** Lowercase hex SHA-256 of the token. */
  token_hash: string;
  /** Principal id of the creator (e.g. session:<oid>, admin-token#1). */
  created_by: string;
  created_at: TimestampWithDefault;
  expires_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  revoked_by: string | null;
}

export type ApiTokenRow = Selectable<ApiTokensTable>;

/** What the API shows about a token: everything but its digest. */
export interface ApiTokenRecord {
  id: string;
  name: string;
  role: ApiTokenRole;
  connectorId: string | null;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
}

/** Who did it, for the audit row: the principal id, and the person's object id and tenant when a person did it. */
export interface ApiTokenActor {
  id: string;
  subject?: string | undefined;
  tenantId?: string | undefined;
  requestId?: string | null | undefined;
}

type Db = Kysely<CatalogSchema>;

export function apiTokenRecord(row: ApiTokenRow): ApiTokenRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    connectorId: row.connector_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
  };
}

export interface NewApiToken {
  id: string;
  name: string;
  role: ApiTokenRole;
  connectorId: string | null;
  tokenHash: string;
  expiresAt: Date;
}

export async function insertApiToken(db: Db, token: NewApiToken, actor: ApiTokenActor): Promise<ApiTokenRecord> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('api_tokens')
      .values({
        id: token.id,
        name: token.name,
        role: token.role,
        connector_id: token.connectorId,
        token_hash: token.tokenHash,
        created_by: actor.id,
        expires_at: token.expiresAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await auditApiToken(trx, 'api_token.created', row, actor);
    return apiTokenRecord(row);
  });
}

export async function listApiTokens(db: Db): Promise<ApiTokenRecord[]> {
  const rows = await db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map(apiTokenRecord);
}

export async function findApiTokenByHash(db: Db, tokenHash: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Revokes once: 'revoked' the first time (audited), 'already_revoked' after that, 'not_found' for an unknown id. */
export async function revokeApiToken(
  db: Db,
  id: string,
  actor: ApiTokenActor,
): Promise<'revoked' | 'already_revoked' | 'not_found'> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: sql<Date>`now()`, revoked_by: actor.id })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (row) {
      await auditApiToken(trx, 'api_token.revoked', row, actor);
      return 'revoked';
    }
    const exists = await trx.selectFrom('api_tokens').select('id').where('id', '=', id).executeTakeFirst();
    return exists ? 'already_revoked' : 'not_found';
  });
}

/** How stale last_used_at may get: recording every request would turn each read into a write. */
export const LAST_USE_PRECISION_SECONDS = 60;
/** The same minute, by the database's clock (which the stored timestamps come from). */
const LAST_USE_CUTOFF = sql<Date>`now() - interval '60 seconds'`;

/**
 * Records that the token was used, at most once a minute (the caller passes the row it just read, so a recent use
 * costs no query at all). The first use ever is audited; the `last_used_at is null` condition makes exactly one of
 * several concurrent first uses win.
 */
export async function recordApiTokenUse(db: Db, row: ApiTokenRow, requestId?: string | null): Promise<void> {
  if (row.last_used_at && Date.now() - row.last_used_at.getTime() < LAST_USE_PRECISION_SECONDS * 1000) return;
  if (row.last_used_at) {
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: sql<Date>`now()` })
      .where('id', '=', row.id)
      .where('last_used_at', '<', LAST_USE_CUTOFF)
      .execute();
    return;
  }
  await db.transaction().execute(async (trx) => {
    const first = await trx
      .updateTable('api_tokens')
      .set({ last_used_at: sql<Date>`now()` })
      .where('id', '=', row.id)
      .where('last_used_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (first) await auditApiToken(trx, 'api_token.first_used', first, { id: apiTokenPrincipalId(row.id), requestId });
  });
}

/** The principal id an API token acts as, in logs and audit rows. */
export function apiTokenPrincipalId(tokenId: string): string {
  return `api-token:${tokenId}`;
}

async function auditApiToken(
  db: Db,
  action: 'api_token.created' | 'api_token.revoked' | 'api_token.first_used',
  row: ApiTokenRow,
  actor: ApiTokenActor,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor: actor.id,
      action,
      subject: apiTokenPrincipalId(row.id),
      request_id: actor.requestId ?? null,
      detail: jsonb({
        name: row.name,
        role: row.role,
        connectorId: row.connector_id,
        expiresAt: row.expires_at.toISOString(),
        ...(actor.subject ? { actorObjectId: actor.subject } : {}),
        ...(actor.tenantId ? { actorTenantId: actor.tenantId } : {}),
      }),
    })
    .execute();
}
