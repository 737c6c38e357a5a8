// The API tokens pages (admins manage, readers look): the list with a create form (the new token is shown once, in
// the answer to the create), and revoke after a confirmation page. Creating goes through issueApiToken and the API's
// own body schema, so the page refuses exactly what POST /api/v1/api-tokens refuses.
import formBody from '@fastify/formbody';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { listConnectorRecords } from '../../catalog/connectors.js';
import type { CatalogSchema } from '../../catalog/index.js';
import { listApiTokens, revokeApiToken } from '../../catalog/people/api-tokens.js';
import { requirePage } from '../http/auth.js';
import { ApiError } from '../http/errors.js';
import { compileBodyValidator } from '../http/input-rules.js';
import { installPageHeaders, refuse, sendPage, viewerOf } from '../pages/page.js';
import { actorOf, CreateBody, issueApiToken, type CreateApiTokenInput } from './api-tokens.js';
import {
  EMPTY_TOKEN_FORM,
  renderRevokeConfirm,
  renderTokenList,
  TOKEN_NOTICES,
  type TokenForm,
  type TokenFormField,
  type TokenListView,
} from './api-token-pages-views.js';

const ADMIN_PAGE = requirePage('admin');
const MAX_CONNECTORS = 200;
const validateCreate = compileBodyValidator(CreateBody as unknown as Record<string, unknown>);

const ListQuery = Type.Object(
  { done: Type.Optional(Type.Union(Object.keys(TOKEN_NOTICES).map((key) => Type.Literal(key)))) },
  { additionalProperties: false },
);
const CreateForm = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 1000 })),
    role: Type.Optional(Type.String({ maxLength: 20 })),
    connectorId: Type.Optional(Type.String({ maxLength: 300 })),
    expiresInDays: Type.Optional(Type.String({ maxLength: 30 })),
    _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
const TokenParams = Type.Object({ tokenId: Type.String({ format: 'uuid' }) });

export const apiTokenPageRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<CatalogSchema> }> = async (app, { db }) => {
  await app.register(formBody);
  installPageHeaders(app);

  const listPage = async (request: FastifyRequest, extra: Partial<TokenListView>) => {
    const viewer = viewerOf(request)!;
    const [tokens, connectors] = await Promise.all([
      listApiTokens(db),
      listConnectorRecords(db, { limit: MAX_CONNECTORS }),
    ]);
    const mayCreate = viewer.principal.roles.includes('admin') && viewer.principal.connectorScope === undefined;
    return renderTokenList({
      viewer,
      tokens,
      connectors: connectors.items,
      mayCreate,
      form: EMPTY_TOKEN_FORM,
      ...extra,
    });
  };

  app.get(
    '/admin/api-tokens',
    { config: ADMIN_PAGE, schema: { hide: true, querystring: ListQuery } },
    async (request, reply) => {
      const done = request.query.done as keyof typeof TOKEN_NOTICES | undefined;
      return sendPage(reply, 200, await listPage(request, { done }));
    },
  );

  app.post(
    '/admin/api-tokens',
    { config: ADMIN_PAGE, schema: { hide: true, body: CreateForm } },
    async (request, reply) => {
      const { _csrf: _, ...typed } = request.body;
      const form: TokenForm = { ...EMPTY_TOKEN_FORM, ...typed, name: typed.name ?? '' };
      const body: Record<string, unknown> = {
        name: form.name,
        role: form.role,
        expiresInDays: /^\s*-?\d+\s*$/.test(form.expiresInDays) ? Number(form.expiresInDays) : form.expiresInDays,
        ...(form.connectorId ? { connectorId: form.connectorId } : {}),
      };
      const refusedField = firstRefusedField(body);
      if (refusedField) return sendPage(reply, 400, await listPage(request, { form, errors: refusedField }));
      try {
        const created = await issueApiToken(db, body as CreateApiTokenInput, request.principal, request.id);
        return sendPage(reply, 201, await listPage(request, { created }));
      } catch (error) {
        if (!(error instanceof ApiError) || error.statusCode >= 500) throw error;
        if (error.statusCode === 403) {
          return refuse(reply, { status: 403, title: 'You cannot create API tokens', message: error.message });
        }
        const fieldName: TokenFormField = error.statusCode === 422 ? 'connectorId' : 'name';
        return sendPage(reply, 400, await listPage(request, { form, errors: { [fieldName]: error.message } }));
      }
    },
  );

  app.get(
    '/admin/api-tokens/:tokenId/revoke',
    { config: ADMIN_PAGE, schema: { hide: true, params: TokenParams } },
    async (request, reply) => {
      const token = (await listApiTokens(db)).find((t) => t.id === request.params.tokenId);
      if (!token) return noSuchToken(reply);
      return sendPage(reply, 200, renderRevokeConfirm(viewerOf(request)!, token));
    },
  );

  app.post(
    '/admin/api-tokens/:tokenId/revoke',
    { config: ADMIN_PAGE, schema: { hide: true, params: TokenParams } },
    async (request, reply) => {
      const outcome = await revokeApiToken(db, request.params.tokenId, actorOf(request.principal, request.id));
      if (outcome === 'not_found') return noSuchToken(reply);
      return reply.redirect('/admin/api-tokens?done=revoked', 303);
    },
  );
};

/** The field the API's body schema refuses first, with its reason, or null when the body passes. */
function firstRefusedField(body: Record<string, unknown>): Partial<Record<TokenFormField, string>> | null {
  if (validateCreate(body)) return null;
  const issue = validateCreate.errors?.[0];
  const path = (issue?.instancePath ?? '').replace(/^\//, '') || String(issue?.params['missingProperty'] ?? 'name');
  const fieldName = (['name', 'role', 'connectorId', 'expiresInDays'] as const).find((f) => f === path) ?? 'name';
  return { [fieldName]: `body.${path} ${issue?.message ?? 'is not valid'}.` };
}

function noSuchToken(reply: FastifyReply): FastifyReply {
  return refuse(reply, {
    status: 404,
    title: 'No such API token',
    message: 'There is no API token with this id.',
    next: { href: '/admin/api-tokens', label: 'Back to API tokens' },
  });
}
