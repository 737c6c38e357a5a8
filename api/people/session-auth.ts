// The sign-in session cookie: how the auth hook turns it into a Principal, and how sign-in and sign-out set and clear
// it. The cookie holds only the random id (the catalog keeps its hash). On https it is `__Host-` prefixed and Secure,
// so no subdomain or plain-http page can plant or read it; HttpOnly and SameSite=Lax everywhere.
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import {
  createSession,
  deleteExpiredSessions,
  deleteSession,
  lookupSession,
  SESSION_ID_PATTERN,
  sessionIdHash,
  touchSession,
  type SessionPerson,
  type SessionRecord,
} from '../../catalog/people/sessions.js';
import type { CatalogSchema } from '../../catalog/schema.js';
import type { AuthSettings } from '../../config/auth-schema.js';
import type { PersonSession, PersonSessions, Principal } from '../http/auth.js';
import { apiErrors } from '../http/errors.js';
import { createStandingCache, standingOf } from './roles.js';

export const SIGN_IN_PATH = '/sign-in';

export interface PersonSessionsOptions {
  db: Kysely<CatalogSchema>;
  auth: AuthSettings;
  publicUrl: string;
  /** The clock (tests move it instead of sleeping). */
  now?: () => Date;
}

export interface SessionControl extends PersonSessions {
  cookieName: string;
  /** Starts a new session (a new id, whatever cookie came in): the Set-Cookie value and the record. */
  start(person: SessionPerson): Promise<{ setCookie: string; session: SessionRecord }>;
  /** Ends the session named by the request's cookie, if any; returns it (for the audit row). */
  end(request: FastifyRequest): Promise<SessionRecord | null>;
}

/** Cookies are read by hand (no cookie plugin): the first value under `name`, or undefined. */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

export function sessionCookieName(publicUrl: string): string {
  return publicUrl.startsWith('https:') ? '__Host-lantern_session' : 'lantern_session';
}

export function createPersonSessions({
  db,
  auth,
  publicUrl,
  now = () => new Date(),
}: PersonSessionsOptions): SessionControl {
  const cookieName = sessionCookieName(publicUrl);
  const secure = publicUrl.startsWith('https:');
  const limits = { idleMinutes: auth.sessionIdleMinutes, maxMinutes: auth.sessionMaxMinutes };
  const cookie = (value: string, maxAgeSeconds: number) =>
    `${cookieName}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
  const standings = createStandingCache(
    (person) => standingOf(db, auth, person),
    () => now().getTime(),
  );

  const principalOf = (session: SessionRecord, roles: Principal['roles']): Principal => ({
    id: `session:${session.objectId}`,
    kind: 'session',
    roles,
    subject: session.objectId,
    tenantId: session.tenantId,
    upn: session.upn,
    displayName: session.displayName,
  });

  /** The cookie's id when it is shaped like one of ours; anything else (oversized, garbled) counts as absent. */
  const presentedId = (request: FastifyRequest): string | undefined => {
    const value = readCookie(request, cookieName);
    return value !== undefined && SESSION_ID_PATTERN.test(value) ? value : undefined;
  };

  return {
    cookieName,
    signInPath: (returnTo) => `${SIGN_IN_PATH}?${new URLSearchParams({ returnTo })}`,
    clearCookie: () => cookie('', 0),

    async authenticate(request): Promise<PersonSession | null> {
      const id = presentedId(request);
      if (id === undefined) return null;
      const at = now();
      const session = await lookupSession(db, id, limits, at);
      if (!session) {
        throw apiErrors.unauthenticated(
          'The sign-in session has ended or is not known here; sign in again at /sign-in',
        );
      }
      const standing = await standings.get(session.idHash, session);
      if (standing.disabled) {
        await deleteSession(db, session.idHash);
        standings.forget(session.idHash);
        throw apiErrors.unauthenticated('This account is disabled in Entra ID, so its sign-in session has ended');
      }
      await touchSession(db, session, at);
      return {
        principal: principalOf(session, standing.roles),
        csrfToken: session.csrfSecret,
        expiresAt: session.expiresAt,
        idHash: session.idHash,
      };
    },

    async start(person) {
      // Housekeeping rides on sign-ins: sessions past their absolute end are never usable again.
      await deleteExpiredSessions(db, now());
      const { id, session } = await createSession(db, person, limits, now());
      return { setCookie: cookie(id, limits.maxMinutes * 60), session };
    },

    async end(request) {
      const id = presentedId(request);
      if (id === undefined) return null;
      const session = await lookupSession(db, id, limits, now());
      await deleteSession(db, sessionIdHash(id));
      standings.forget(sessionIdHash(id));
      return session;
    },
  };
}
