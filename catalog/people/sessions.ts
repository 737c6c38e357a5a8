// People's sign-in sessions in the catalog. The browser holds a random 256-bit id; the catalog holds only its SHA-256,
// so a read of the table cannot be replayed as a cookie. Every function takes `now` so tests control the clock.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { jsonb } from '../json.js';
import type { CatalogSchema } from '../schema.js';

type Db = Kysely<CatalogSchema>;

export interface SessionPerson {
  objectId: string;
  tenantId: string;
  upn: string;
  displayName: string;
  /** App role values of Lantern's app (id token `roles`); pass [] unless the person signed in to the home tenant. */
  appRoles: readonly string[];
}

export interface SessionRecord extends SessionPerson {
  idHash: string;
  csrfSecret: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface SessionLimits {
  idleMinutes: number;
  maxMinutes: number;
}

/** A session id is 32 random bytes, base64url: exactly 43 characters of [A-Za-z0-9_-]. */
export const SESSION_ID_PATTERN = /^[\w-]{43}$/;

export const sessionIdHash = (id: string): string => createHash('sha256').update(id).digest('hex');

/** Creates a session and returns its id (for the cookie, never stored) with the stored record. */
export async function createSession(
  db: Db,
  person: SessionPerson,
  limits: SessionLimits,
  now = new Date(),
): Promise<{ id: string; session: SessionRecord }> {
  const id = randomBytes(32).toString('base64url');
  const session: SessionRecord = {
    ...person,
    appRoles: [...person.appRoles],
    idHash: sessionIdHash(id),
    csrfSecret: randomBytes(32).toString('base64url'),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + limits.maxMinutes * 60_000),
  };
  await db
    .insertInto('sessions')
    .values({
      id_hash: session.idHash,
      object_id: session.objectId,
      tenant_id: session.tenantId,
      upn: session.upn,
      display_name: session.displayName,
      app_roles: jsonb([...session.appRoles]),
      csrf_secret: session.csrfSecret,
      created_at: now,
      last_seen_at: now,
      expires_at: session.expiresAt,
    })
    .execute();
  return { id, session };
}

/**
 * The live session for a cookie value, or null (malformed, unknown, idle too long, past its absolute end). A session
 * found dead is deleted on the way, so the table does not keep what can never be used again.
 */
export async function lookupSession(
  db: Db,
  id: string,
  limits: SessionLimits,
  now = new Date(),
): Promise<SessionRecord | null> {
  if (!SESSION_ID_PATTERN.test(id)) return null;
  const row = await db.selectFrom('sessions').selectAll().where('id_hash', '=', sessionIdHash(id)).executeTakeFirst();
  if (!row) return null;
  const session: SessionRecord = {
    idHash: row.id_hash,
    objectId: row.object_id,
    tenantId: row.tenant_id,
    upn: row.upn,
    displayName: row.display_name,
    appRoles: row.app_roles,
    csrfSecret: row.csrf_secret,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
  };
  if (!isLive(session, limits, now)) {
    await db.deleteFrom('sessions').where('id_hash', '=', row.id_hash).execute();
    return null;
  }
  return session;
}

export function isLive(session: SessionRecord, limits: SessionLimits, now: Date): boolean {
  const idleEnd = session.lastSeenAt.getTime() + limits.idleMinutes * 60_000;
  return now.getTime() < session.expiresAt.getTime() && now.getTime() < idleEnd;
}

/** Records activity, at most once a minute per session so a busy page costs one write a minute, not one a request. */
export async function touchSession(db: Db, session: SessionRecord, now = new Date()): Promise<boolean> {
  if (now.getTime() - session.lastSeenAt.getTime() < 60_000) return false;
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', session.idHash).execute();
  session.lastSeenAt = now;
  return true;
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Ends every session of these people (a sync saw them disabled or deleted). Returns sessions ended. */
export async function endSessionsOfUsers(db: Db, tenantId: string, objectIds: readonly string[]): Promise<number> {
  if (objectIds.length === 0) return 0;
  const result = await db
    .deleteFrom('sessions')
    .where('tenant_id', '=', tenantId.toLowerCase())
    .where('object_id', 'in', [...objectIds])
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Housekeeping: removes sessions past their absolute end. */
export async function deleteExpiredSessions(db: Db, now = new Date()): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
