// Protected accounts of a connector (policy v2 removal guards): principals whose access no removal path touches.
// Admins only: they list, add and remove them (additions and removals audited). The guards themselves read
// protectedPrincipalIds.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getConnector } from '../../catalog/connectors.js';
import { findRequestPrincipal } from '../../catalog/access/requests.js';
import {
  addProtectedAccount,
  listProtectedAccounts,
  removeProtectedAccount,
} from '../../catalog/access/protected-accounts.js';
import { requireRole } from '../http/auth.js';
import type { AppDeps } from '../deps.js';
import { apiErrors } from '../http/errors.js';
import { ID_PATTERN, errorResponses } from '../http/schemas.js';

const Params = Type.Object({ id: Type.String({ pattern: ID_PATTERN, description: 'Connector id' }) });
const AccountParams = Type.Object({
  id: Type.String({ pattern: ID_PATTERN, description: 'Connector id' }),
  principalId: Type.String({ pattern: ID_PATTERN, description: 'Entra object id of the user or service principal' }),
});
export const ProtectedAccountBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500, description: 'Why no removal may touch this account' }) },
  { additionalProperties: false },
);
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
export const ProtectedAccountSchema = Type.Object({
  principalId: Type.String(),
  displayName: Nullable(Type.String({ description: 'From the catalog; null when the principal left it' })),
  upn: Nullable(Type.String()),
  reason: Type.String(),
  addedBy: Type.String(),
  addedAt: Type.Unsafe<Date>({ type: 'string', format: 'date-time' }),
});

export const protectedAccountRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.catalog.db;
  const requireConnector = async (id: string) => {
    if (!(await getConnector(db, id))) throw apiErrors.notFound(`Connector ${id}`);
  };
  const actorOf = (request: { principal?: { id: string } | null | undefined; id: string }) => ({
    id: request.principal?.id ?? 'unknown',
    requestId: request.id,
  });

  app.get(
    '/api/v1/connectors/:id/protected-accounts',
    {
      config: requireRole('admin'),
      schema: {
        tags: ['access'],
        summary:
          'Protected accounts of a connector: no removal (expiry, revoke, review, reconciler) touches their access',
        params: Params,
        response: { 200: Type.Object({ items: Type.Array(ProtectedAccountSchema) }), ...errorResponses(404) },
      },
    },
    async (request) => {
      await requireConnector(request.params.id);
      return { items: await listProtectedAccounts(db, request.params.id) };
    },
  );

  app.put(
    '/api/v1/connectors/:id/protected-accounts/:principalId',
    {
      config: requireRole('admin'),
      schema: {
        tags: ['access'],
        summary: 'Protect an account (or change the reason it is protected)',
        params: AccountParams,
        body: ProtectedAccountBody,
        response: { 200: ProtectedAccountSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { id, principalId } = request.params;
      await requireConnector(id);
      if (!(await findRequestPrincipal(db, id, principalId)))
        throw apiErrors.notFound(`Principal ${principalId} in connector ${id}'s catalog`);
      await addProtectedAccount(db, id, principalId, request.body.reason, actorOf(request));
      const saved = (await listProtectedAccounts(db, id)).find((a) => a.principalId === principalId);
      return saved!;
    },
  );

  app.delete(
    '/api/v1/connectors/:id/protected-accounts/:principalId',
    {
      config: requireRole('admin'),
      schema: {
        tags: ['access'],
        summary: 'Stop protecting an account',
        params: AccountParams,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { id, principalId } = request.params;
      await requireConnector(id);
      if (!(await removeProtectedAccount(db, id, principalId, actorOf(request))))
        throw apiErrors.notFound(`Protected account ${principalId} of connector ${id}`);
      return reply.code(204).send(null);
    },
  );
};
