// API tokens for automation: `lnt_` + 32 random bytes in base64url (43 characters). Lantern keeps only their SHA-256,
// so a leaked catalog yields no usable token. Authentication answers who the token is; scopeAllows decides whether a
// connector-scoped or read-only token may use the route it is calling.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import {
  apiTokenPrincipalId,
  findApiTokenByHash,
  recordApiTokenUse,
  type ApiTokenRow,
} from '../../catalog/people/api-tokens.js';
import type { CatalogSchema } from '../../catalog/schema.js';
import type { Principal } from './auth.js';
import { apiErrors } from './errors.js';

export const API_TOKEN_PREFIX = 'lnt_';
const API_TOKEN_SHAPE = /^lnt_[A-Za-z0-9_-]{43}$/;

/** A new token and the digest to store. The token goes to its creator once and is never kept. */
export function newApiToken(): { token: string; tokenHash: string } {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, tokenHash: hashApiToken(token) };
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function looksLikeApiToken(presented: string): boolean {
  return API_TOKEN_SHAPE.test(presented);
}

/**
 * The principal of a Lantern API token; null when `presented` is not shaped like one (so other bearer rules may
 * answer). A token-shaped string that is unknown, expired or revoked is a 401 saying which, without echoing it.
 */
export async function authenticateApiToken(
  db: Kysely<CatalogSchema>,
  presented: string,
  options: { requestId?: string | null } = {},
): Promise<Principal | null> {
  if (!looksLikeApiToken(presented)) return null;
  const row = await findApiTokenByHash(db, hashApiToken(presented));
  if (!row) throw apiErrors.unauthenticated('This API token is not known to Lantern (it may have been mistyped)');
  if (row.revoked_at) throw apiErrors.unauthenticated('This API token was revoked; ask an admin for a new one');
  if (row.expires_at.getTime() <= Date.now())
    throw apiErrors.unauthenticated('This API token has expired; ask an admin for a new one');
  await recordApiTokenUse(db, row, options.requestId);
  return apiTokenPrincipal(row);
}

function apiTokenPrincipal(row: ApiTokenRow): Principal {
  return {
    id: apiTokenPrincipalId(row.id),
    kind: 'api-token',
    roles: [row.role],
    ...(row.connector_id !== null ? { connectorScope: row.connector_id } : {}),
  };
}

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * Why this principal may not use this route even though its role would allow it; null when it may. Two limits apply:
 * - a connector-scoped principal may use only its connector's routes (/api/v1/connectors/{its id}...) and access
 *   requests of that connector (grant ids `grant:{its id}:...`);
 * - a principal whose only admin power is 'reader' may read (GET/HEAD) and nothing else.
 * Call it after the route's role check; it looks at the matched route's template and parameters, not the raw URL.
 */
export function scopeAllows(principal: Principal, request: FastifyRequest): string | null {
  const readOnly = principal.roles.includes('reader') && !principal.roles.includes('admin');
  if (readOnly && !READ_METHODS.has(request.method)) {
    return `${principal.id} is read-only (role reader): it may only read (GET), not ${request.method}.`;
  }
  const scope = principal.connectorScope;
  if (scope === undefined || withinConnector(scope, request)) return null;
  return `${principal.id} is limited to connector ${scope}: it may only use /api/v1/connectors/${scope}/... and that connector's access requests.`;
}

function withinConnector(scope: string, request: FastifyRequest): boolean {
  const route = request.routeOptions.url ?? '';
  const params = (request.params ?? {}) as Record<string, unknown>;
  if (route === '/api/v1/connectors/:id' || route.startsWith('/api/v1/connectors/:id/')) return params.id === scope;
  if (route.startsWith('/api/v1/access-requests/:grantId')) {
    return typeof params.grantId === 'string' && params.grantId.startsWith(`grant:${scope}:`);
  }
  return false;
}
