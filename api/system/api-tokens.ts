// API tokens for automation: admins create them (shown once), list them (never the secret or its digest), revoke them.
// A token may not mint a broader one: connector-scoped and read-only principals cannot create tokens at all.
import { randomUUID } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getConnector } from '../../catalog/connectors.js';
import type { CatalogSchema } from '../../catalog/index.js';
import {
  insertApiToken,
  listApiTokens,
  revokeApiToken,
  type ApiTokenActor,
  type ApiTokenRole,
  type ApiTokenRecord,
} from '../../catalog/people/api-tokens.js';
import type { AppDeps } from '../deps.js';
import { newApiToken } from '../http/api-token-auth.js';
import { requireRole, type Principal } from '../http/auth.js';
import { apiErrors } from '../http/errors.js';
import { ID_PATTERN, errorResponses, oneOf } from '../http/schemas.js';

export const MAX_API_TOKEN_DAYS = 366;
const DAY_MS = 24 * 3600 * 1000;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F-\u009F]/u;

export const CreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, description: 'What the token is for (shown in listings)' }),
    role: oneOf(['admin', 'reader'] as const, { description: 'reader = read-only admin (GET only)' }),
    connectorId: Type.Optional(
      Type.String({ pattern: ID_PATTERN, description: 'Limit the token to this connector and its access requests' }),
    ),
    expiresInDays: Type.Integer({ minimum: 1, maximum: MAX_API_TOKEN_DAYS }),
  },
  { additionalProperties: false },
);

const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);
const ApiTokenView = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    role: Type.String({ description: 'admin | reader' }),
    connectorId: Type.Union([Type.String(), Type.Null()], { description: 'null = every connector' }),
    createdBy: Type.String(),
    createdAt: DateTime,
    expiresAt: DateTime,
    lastUsedAt: NullableDateTime,
    revokedAt: NullableDateTime,
    revokedBy: Type.Union([Type.String(), Type.Null()]),
  },
  { description: 'An API token without its secret' },
);
const CreatedApiToken = Type.Object({
  ...ApiTokenView.properties,
  token: Type.String({ description: 'The token: shown only in this response. Send it as "Authorization: Bearer …".' }),
});
const TokenIdParam = Type.Object({ id: Type.String({ format: 'uuid', description: 'API token id' }) });

export const apiTokenRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.catalog.db;
  const tags = ['api-tokens'];
  const admin = requireRole('admin');

  app.post(
    '/api/v1/api-tokens',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Create an API token (the token is in this response only)',
        body: CreateBody,
        response: { 201: CreatedApiToken, ...errorResponses(400, 403, 422) },
      },
    },
    async (request, reply) => {
      const { record, token } = await issueApiToken(db, request.body, request.principal, request.id);
      return reply.code(201).send({ ...view(record), token });
    },
  );

  app.get(
    '/api/v1/api-tokens',
    {
      config: admin,
      schema: {
        tags,
        summary: 'API tokens, newest first (metadata only: tokens are never shown again)',
        response: { 200: Type.Object({ items: Type.Array(ApiTokenView) }) },
      },
    },
    async () => ({ items: (await listApiTokens(db)).map(view) }),
  );

  app.delete(
    '/api/v1/api-tokens/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Revoke an API token (idempotent)',
        params: TokenIdParam,
        response: { 204: Type.Null(), ...errorResponses(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const outcome = await revokeApiToken(db, request.params.id, actorOf(request.principal, request.id));
      if (outcome === 'not_found') throw apiErrors.notFound(`API token ${request.params.id}`);
      return reply.code(204).send(null);
    },
  );
};

export type CreateApiTokenInput = Omit<Static<typeof CreateBody>, 'role'> & { role: ApiTokenRole };

/**
 * Creates a token after the checks its schema cannot make (printable name, a real connector, a creator who may mint
 * it); the API route and the API tokens page both create through here. Throws ApiError (400 / 403 / 422).
 */
export async function issueApiToken(
  db: Kysely<CatalogSchema>,
  input: CreateApiTokenInput,
  principal: Principal | null,
  requestId: string,
): Promise<{ record: ApiTokenRecord; token: string }> {
  const creator = mayCreateTokens(principal);
  const { name, role, connectorId, expiresInDays } = input;
  if (CONTROL_CHARACTER.test(name) || name.trim() === '') {
    throw apiErrors.invalid('body.name must be printable text (no control characters, not only spaces).');
  }
  if (connectorId !== undefined && !(await getConnector(db, connectorId))) {
    throw apiErrors.unprocessable('unknown_connector', `body.connectorId names no connector (${connectorId}).`);
  }
  const { token, tokenHash } = newApiToken();
  const record = await insertApiToken(
    db,
    {
      id: randomUUID(),
      name,
      role,
      connectorId: connectorId ?? null,
      tokenHash,
      expiresAt: new Date(Date.now() + expiresInDays * DAY_MS),
    },
    actorOf(creator, requestId),
  );
  return { record, token };
}

/** The creator, if it is an unscoped admin: anything narrower could mint a token broader than itself. */
function mayCreateTokens(principal: Principal | null): Principal {
  if (!principal?.roles.includes('admin')) throw apiErrors.forbidden(['admin']);
  if (principal.connectorScope !== undefined) {
    throw apiErrors.outOfScope(
      `${principal.id} is limited to connector ${principal.connectorScope}, so it cannot create API tokens.`,
    );
  }
  return principal;
}

export function actorOf(principal: Principal | null, requestId: string): ApiTokenActor {
  return { id: principal?.id ?? 'unknown', subject: principal?.subject, tenantId: principal?.tenantId, requestId };
}

function view(record: ApiTokenRecord) {
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return {
    ...record,
    createdAt: record.createdAt.toISOString(),
    expiresAt: record.expiresAt.toISOString(),
    lastUsedAt: iso(record.lastUsedAt),
    revokedAt: iso(record.revokedAt),
  };
}

/**
 * The start-up warning for the deprecated per-person token variables (null when neither is set). It names the
 * variables and how many entries each has, never the tokens.
 */
export function deprecatedTokenWarning(api: {
  approverTokens: readonly string[];
  requesterTokens: readonly string[];
}): string | null {
  const used = [
    ['LANTERN_APPROVER_TOKENS', api.approverTokens.length],
    ['LANTERN_REQUESTER_TOKENS', api.requesterTokens.length],
  ].filter(([, count]) => Number(count) > 0);
  if (used.length === 0) return null;
  const named = used.map(([name, count]) => `${name} (${count} ${count === 1 ? 'entry' : 'entries'})`).join(' and ');
  return (
    `${named}: deprecated, and will be removed. They still work for now, but people should sign in with Microsoft ` +
    '(/sign-in) and automation should use API tokens (POST /api/v1/api-tokens); see "API tokens" in the README.'
  );
}
