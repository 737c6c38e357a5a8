// Authentication and authorisation. Every route declares `config.access`: 'public' (an explicit allow-list, see
// PUBLIC_ROUTE_PREFIXES) or { roles }. A route that declares neither fails at start-up, so nothing is open by accident.
// Today's credentials are bearer tokens: admin tokens, and approver/requester tokens bound to a directory principal
// (LANTERN_APPROVER_TOKENS / LANTERN_REQUESTER_TOKENS, token=principalId). An OIDC session can replace them by producing
// the same Principal (roles + subject) in authenticate().
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { apiErrors } from './errors.js';

export type Role = 'admin' | 'approver' | 'requester';
/**
 * `session`: a credential other than a bearer token that this one route also accepts, tried only when the request
 * has no Authorization header (today only the codec's session cookie, api/system/codec-session.ts, on /codec/encode and
 * /codec/decode). It returns null when its credential is absent, so the bearer rules answer; a present but invalid one
 * throws. Routes without it never look at cookies.
 */
export type RouteAccess = 'public' | { roles: readonly Role[]; session?: SessionCheck };
export type SessionCheck = (request: FastifyRequest) => Principal | null;

export interface Principal {
  /** Stable, non-secret identifier for logs and the audit log, e.g. admin-token#1. */
  id: string;
  roles: readonly Role[];
  /** The Entra object id the caller acts as (approver/requester tokens; an OIDC sign-in's oid later). */
  subject?: string;
}

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
  }
  interface FastifyInstance {
    /** Every route with its access rule: lets tests prove no route is open by accident. */
    registeredRoutes: RegisteredRoute[];
  }
}

/** Route config for routes any signed-in caller with one of these roles may use. */
export function requireRole(...roles: Role[]): { access: RouteAccess } {
  return { access: { roles } };
}

export const publicAccess: { access: RouteAccess } = { access: 'public' };

/** Routes registered by plugins we don't write (the Swagger UI's pages and assets) that are public by decision. */
export const PUBLIC_ROUTE_PREFIXES = ['/docs'] as const;

export interface AuthOptions {
  adminTokens: readonly string[];
  /** `token=principalId` entries per role. */
  identityTokens?: { approver: readonly string[]; requester: readonly string[] };
}

interface IdentityToken {
  digest: Buffer;
  role: Role;
  subject: string;
  label: string;
}

export function installAuth(app: FastifyInstance, { adminTokens, identityTokens }: AuthOptions): void {
  const adminDigests = adminTokens.map(digest);
  const identities = identityDigests(identityTokens);
  app.decorateRequest('principal', null);
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

  app.addHook('onRequest', async (request) => {
    // Unmatched URLs carry no access config: they require authentication too, so probing reveals nothing.
    const access = request.routeOptions.config.access;
    if (access === 'public') return;
    const session = !request.headers.authorization && access?.session ? access.session(request) : null;
    request.principal = session ?? authenticate(request, adminDigests, identities);
    const needed = access?.roles ?? [];
    if (needed.length > 0 && !needed.some((role) => request.principal?.roles.includes(role))) {
      throw apiErrors.forbidden(needed);
    }
  });
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

function authenticate(request: FastifyRequest, adminDigests: Buffer[], identities: IdentityToken[] = []): Principal {
  const header = request.headers.authorization;
  if (!header) throw apiErrors.unauthenticated('Missing Authorization header');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw apiErrors.unauthenticated('Authorization header is not a Bearer token');
  const presented = digest(match[1]!);
  // Compare against every token (no early exit) with constant-time equality on fixed-length digests.
  let found = -1;
  adminDigests.forEach((candidate, index) => {
    if (timingSafeEqual(candidate, presented)) found = index;
  });
  const matched = identities.filter((identity) => timingSafeEqual(identity.digest, presented));
  if (found >= 0) return { id: `admin-token#${found + 1}`, roles: ['admin'] };
  if (matched.length === 0) throw apiErrors.unauthenticated('The bearer token is not valid');
  // One token may carry both roles (an approver who also requests): same subject, roles merged.
  return { id: matched[0]!.label, roles: [...new Set(matched.map((m) => m.role))], subject: matched[0]!.subject };
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function isPublicPrefix(url: string): boolean {
  return PUBLIC_ROUTE_PREFIXES.some((prefix) => url === prefix || url.startsWith(`${prefix}/`));
}
