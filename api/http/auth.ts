// Authentication and authorisation. Every route declares `config.access`: 'public' (an explicit allow-list, see
// PUBLIC_ROUTE_PREFIXES) or { roles }. A route that declares neither fails at start-up, so nothing is open by accident.
// Credentials, in order: an Authorization bearer token (bootstrap admin tokens from LANTERN_ADMIN_TOKENS, deprecated
// approver/requester tokens, then Lantern API tokens), else a route's own session check (the codec), else a person's
// sign-in session cookie (api/people/). A session's state-changing requests must carry its CSRF token: the cookie
// travels by itself, the token only from Lantern's own pages and scripts.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { CatalogSchema } from '../../catalog/schema.js';
import { authenticateApiToken, scopeAllows } from './api-token-auth.js';
import { ApiError, apiErrors } from './errors.js';

/** 'reader' = an admin's read-only view: it passes routes that allow 'admin', for GET and HEAD only. */
export type Role = 'admin' | 'reader' | 'approver' | 'requester';

export interface Principal {
  /** Non-secret label for logs and the audit log: 'session:<oid>', 'api-token:<tokenId>', 'admin-token#1'... */
  id: string;
  kind: 'session' | 'api-token' | 'bootstrap-token' | 'legacy-token';
  roles: readonly Role[];
  /** Entra object id of the person (sessions, legacy requester/approver tokens). */
  subject?: string;
  /** Entra tenant id of the person (sessions). */
  tenantId?: string;
  upn?: string;
  displayName?: string;
  /** API tokens limited to one connector. */
  connectorScope?: string;
}

/**
 * `roles`: any of them lets the caller in; [] = any authenticated caller (e.g. /api/v1/me). `page`: the route is an
 * HTML page, so refusals are pages too (401 with a sign-in link, 403 saying why). `session`: a credential other than
 * a bearer token that this one route also accepts, tried only without an Authorization header (the codec's cookie,
 * api/system/codec-session.ts); null when absent, throws when present but invalid.
 */
export type RouteAccess = 'public' | { roles: readonly Role[]; page?: boolean; session?: SessionCheck };
export type SessionCheck = (request: FastifyRequest) => Principal | null;

/** A person's live sign-in session, as the auth hook found it. */
export interface PersonSession {
  principal: Principal;
  csrfToken: string;
  expiresAt: Date;
  idHash: string;
}

/** How the auth hook reads the sign-in session cookie (implemented in api/people/session-auth.ts). */
export interface PersonSessions {
  /**
   * null when the request carries no session cookie (or one too garbled to be ours); throws apiErrors.unauthenticated
   * when it names no live session (unknown, ended, timed out, user disabled).
   */
  authenticate(request: FastifyRequest): Promise<PersonSession | null>;
  /** The Set-Cookie value that removes the session cookie. */
  clearCookie(): string;
  /** Where an anonymous visitor of `returnTo` signs in. */
  signInPath(returnTo: string): string;
}

/** Renders page refusals (401 with a sign-in link, 403): api/people/ provides it so auth stays free of HTML. */
export type PageRefusal = (
  reply: FastifyReply,
  refusal: { status: 401 | 403; signInPath?: string; csrf?: CsrfProblem },
) => FastifyReply;

export type CsrfProblem = 'csrf_missing' | 'csrf_invalid';

export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** Set when the request was authenticated by a sign-in session cookie (also on public routes). */
    personSession: PersonSession | null;
  }
  interface FastifyInstance {
    /** Every route with its access rule: lets tests prove no route is open by accident. */
    registeredRoutes: RegisteredRoute[];
  }
}

/** Route config for routes any caller with one of these roles may use. */
export function requireRole(...roles: Role[]): { access: RouteAccess } {
  return { access: { roles } };
}

/** Any authenticated caller, whatever their roles (who-am-I routes). */
export const requireSignedIn: { access: RouteAccess } = { access: { roles: [] } };

/** An HTML page for people with one of these roles (none = any signed-in person); refusals are pages. */
export function requirePage(...roles: Role[]): { access: RouteAccess } {
  return { access: { roles, page: true } };
}

export const publicAccess: { access: RouteAccess } = { access: 'public' };

/** Routes registered by plugins we don't write (the Swagger UI's pages and assets) that are public by decision. */
export const PUBLIC_ROUTE_PREFIXES = ['/docs'] as const;

export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthOptions {
  adminTokens: readonly string[];
  /** Deprecated `token=principalId` entries per role (kind 'legacy-token'). */
  identityTokens?: { approver: readonly string[]; requester: readonly string[] };
  /** The catalog, for Lantern API tokens; without it only the configured tokens are accepted. */
  db?: Kysely<CatalogSchema>;
  sessions?: PersonSessions;
  pageRefusal?: PageRefusal;
}

interface IdentityToken {
  digest: Buffer;
  role: Role;
  subject: string;
  label: string;
}

/** The current session's CSRF token, for pages to put in their forms; null when not signed in by session. */
export function csrfTokenFor(request: FastifyRequest): string | null {
  return request.personSession?.csrfToken ?? null;
}

/** Whether these roles pass a route needing `needed` (a reader passes admin routes when only reading). */
export function rolesAllow(roles: readonly Role[], needed: readonly Role[], method: string): boolean {
  if (needed.length === 0) return true;
  if (needed.some((role) => roles.includes(role))) return true;
  return needed.includes('admin') && roles.includes('reader') && (method === 'GET' || method === 'HEAD');
}

export function installAuth(app: FastifyInstance, options: AuthOptions): void {
  const adminDigests = options.adminTokens.map(digest);
  const identities = identityDigests(options.identityTokens);
  const { sessions, pageRefusal } = options;
  app.decorateRequest('principal', null);
  app.decorateRequest('personSession', null);
  const registeredRoutes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', registeredRoutes);

  app.addHook('onRoute', (route) => {
    if (isPublicPrefix(route.url)) {
      route.config = { ...route.config, access: 'public' };
    } else if (!route.config?.access) {
      throw new Error(
        `Route ${String(route.method)} ${route.url} must declare config.access ('public' or requireRole(...))`,
      );
    }
    const access = route.config.access ?? 'public';
    for (const method of [route.method].flat()) registeredRoutes.push({ method, url: route.url, access });
  });

  app.addHook('onRequest', async (request, reply) => {
    // Unmatched URLs carry no access config: they require authentication too, so probing reveals nothing.
    const access = request.routeOptions.config.access;
    if (access === 'public') {
      // Public pages (home, sign-out) still show who is signed in; a dead cookie there just means "anonymous".
      if (sessions && !request.headers.authorization) await attachOptionalSession(request, reply, sessions);
      return;
    }
    const isPage = access?.page === true && pageRefusal !== undefined;
    try {
      request.principal = await authenticate(request, access);
    } catch (error) {
      if (!(isPage && error instanceof ApiError && error.statusCode === 401)) throw error;
      if (sessions && request.headers.cookie) reply.header('set-cookie', sessions.clearCookie());
      return pageRefusal(reply, { status: 401, ...(sessions ? { signInPath: sessions.signInPath(request.url) } : {}) });
    }
    const needed = access?.roles ?? [];
    if (!rolesAllow(request.principal.roles, needed, request.method)) {
      if (isPage) return pageRefusal(reply, { status: 403 });
      throw apiErrors.forbidden(needed);
    }
    // API tokens limited to one connector, or read-only, may still not use every route their role passes.
    const outOfScope = scopeAllows(request.principal, request);
    if (outOfScope) throw apiErrors.outOfScope(outOfScope);
  });

  // Form bodies are parsed only after onRequest, so the CSRF check waits for them.
  app.addHook('preValidation', async (request, reply) => {
    const session = request.personSession;
    if (!session || SAFE_METHODS.has(request.method) || request.principal?.kind !== 'session') return;
    const presented = request.headers[CSRF_HEADER] ?? (request.body as Record<string, unknown> | null)?.[CSRF_FIELD];
    const problem = csrfProblem(presented, session.csrfToken);
    if (!problem) return;
    const access = request.routeOptions.config.access;
    if (pageRefusal && (access === 'public' || access?.page)) return pageRefusal(reply, { status: 403, csrf: problem });
    throw apiErrors.csrf(problem);
  });

  async function authenticate(request: FastifyRequest, access: RouteAccess | undefined): Promise<Principal> {
    if (!request.headers.authorization) {
      const routeSession = typeof access === 'object' && access.session ? access.session(request) : null;
      if (routeSession) return routeSession;
      const person = sessions ? await sessions.authenticate(request) : null;
      if (person) {
        request.personSession = person;
        return person.principal;
      }
    }
    return authenticateBearer(request, adminDigests, identities, options.db);
  }
}

async function attachOptionalSession(request: FastifyRequest, reply: FastifyReply, sessions: PersonSessions) {
  try {
    const person = await sessions.authenticate(request);
    if (!person) return;
    request.personSession = person;
    request.principal = person.principal;
  } catch (error) {
    if (!(error instanceof ApiError) || error.statusCode !== 401) throw error;
    reply.header('set-cookie', sessions.clearCookie());
  }
}

function csrfProblem(presented: unknown, expected: string): CsrfProblem | null {
  const value = Array.isArray(presented) ? presented[0] : presented;
  if (typeof value !== 'string' || value === '') return 'csrf_missing';
  const given = digest(value);
  return timingSafeEqual(given, digest(expected)) ? null : 'csrf_invalid';
}

function identityDigests(tokens: AuthOptions['identityTokens']): IdentityToken[] {
  if (!tokens) return [];
  const parse =
    (role: Role) =>
    (entry: string, index: number): IdentityToken => {
      const at = entry.lastIndexOf('=');
      return {
        digest: digest(entry.slice(0, at)),
        role,
        subject: entry.slice(at + 1),
        label: `${role}-token#${index + 1}`,
      };
    };
  return [...tokens.approver.map(parse('approver')), ...tokens.requester.map(parse('requester'))];
}

async function authenticateBearer(
  request: FastifyRequest,
  adminDigests: Buffer[],
  identities: IdentityToken[],
  db: Kysely<CatalogSchema> | undefined,
): Promise<Principal> {
  const header = request.headers.authorization;
  if (!header) throw apiErrors.unauthenticated('Missing Authorization header (or sign in at /sign-in)');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw apiErrors.unauthenticated('Authorization header is not a Bearer token');
  const token = match[1]!;
  const presented = digest(token);
  // Compare against every token (no early exit) with constant-time equality on fixed-length digests.
  let found = -1;
  adminDigests.forEach((candidate, index) => {
    if (timingSafeEqual(candidate, presented)) found = index;
  });
  const matched = identities.filter((identity) => timingSafeEqual(identity.digest, presented));
  if (found >= 0) return { id: `admin-token#${found + 1}`, kind: 'bootstrap-token', roles: ['admin'] };
  if (matched.length > 0) {
    // One token may carry both roles (an approver who also requests): same subject, roles merged.
    const roles = [...new Set(matched.map((m) => m.role))];
    return { id: matched[0]!.label, kind: 'legacy-token', roles, subject: matched[0]!.subject };
  }
  const apiToken = db ? await authenticateApiToken(db, token, { requestId: request.id }) : null;
  if (apiToken) return apiToken;
  throw apiErrors.unauthenticated('The bearer token is not valid');
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function isPublicPrefix(url: string): boolean {
  return PUBLIC_ROUTE_PREFIXES.some((prefix) => url === prefix || url.startsWith(`${prefix}/`));
}
