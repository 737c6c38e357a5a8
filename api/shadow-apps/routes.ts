// The shadow-apps JSON API: triage a discovered app, start a revocation of its consents (202 with the workflow id),
// and read a revocation's per-consent results. Admins change; readers may read. The listing with triage state is the
// catalog's GET /api/v1/connectors/:id/discovered-apps (?state=).
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getRevocation, revocationItems } from '../../catalog/shadow-apps/revocations.js';
import { CHOSEN_TRIAGE_STATES, MAX_TRIAGE_NOTE } from '../../catalog/shadow-apps/triage.js';
import type { AppDeps } from '../deps.js';
import { requireRole } from '../http/auth.js';
import { apiErrors } from '../http/errors.js';
import { errorResponses, ID_PATTERN } from '../http/schemas.js';
import { MAX_REVOKE_REASON, requireApp, startRevocation, triage } from './service.js';

const BASE = '/api/v1/connectors/:id/discovered-apps/:appId';
const Id = Type.String({ pattern: ID_PATTERN });
const AppParams = Type.Object({ id: Id, appId: Id });
const RevocationParams = Type.Object({ id: Id, appId: Id, revocationId: Id });

const TriageBody = Type.Object(
  {
    state: Type.Union(CHOSEN_TRIAGE_STATES.map((s) => Type.Literal(s))),
    ownerId: Type.Optional(
      Type.Union([Id, Type.Null()], { description: 'Required for authorized: a user of the tenant' }),
    ),
    note: Type.Optional(Type.String({ maxLength: MAX_TRIAGE_NOTE })),
  },
  { additionalProperties: false },
);
const RevokeBody = Type.Object(
  {
    userIds: Type.Optional(
      Type.Union([Type.Array(Id, { minItems: 1, maxItems: 10_000 }), Type.Null()], {
        description: 'Only these users; absent or null = every consenting user',
      }),
    ),
    reason: Type.Optional(Type.String({ maxLength: MAX_REVOKE_REASON })),
  },
  { additionalProperties: false },
);

const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()]);
const Triaged = Type.Object({
  appId: Type.String(),
  displayName: Type.String(),
  triage: Type.Object({
    state: Type.String(),
    ownerId: Nullable(Type.String()),
    note: Type.String(),
    decidedBy: Nullable(Type.String()),
    decidedAt: Nullable(Type.String()),
  }),
});
const Started = Type.Object({ revocationId: Type.String(), workflowId: Type.String() });
const Counts = Type.Object({
  total: Type.Integer(),
  pending: Type.Integer(),
  removed: Type.Integer(),
  already_gone: Type.Integer(),
  failed: Type.Integer(),
});
const RevocationResult = Type.Object({
  id: Type.String(),
  connectorId: Type.String(),
  appId: Type.String(),
  servicePrincipalId: Type.String(),
  workflowId: Type.String(),
  requestedBy: Type.String(),
  reason: Type.String(),
  userIds: Type.Union([Type.Array(Type.String()), Type.Null()]),
  status: Type.String(),
  counts: Counts,
  error: Nullable(Type.String()),
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
  items: Type.Array(
    Type.Object({
      grantId: Type.String(),
      principalId: Nullable(Type.String()),
      displayName: Nullable(Type.String()),
      upn: Nullable(Type.String()),
      scopes: Type.Array(Type.String()),
      result: Type.String(),
      message: Nullable(Type.String()),
    }),
  ),
});

export const shadowAppRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.catalog.db;
  const actorOf = (request: { principal?: { id: string } | null; id: string }) => ({
    id: request.principal?.id ?? 'unknown',
    requestId: request.id,
  });

  app.post(
    `${BASE}/triage`,
    {
      config: requireRole('admin'),
      schema: {
        tags: ['shadow-apps'],
        summary: 'Triage a discovered app: new, authorized (with an owner) or ignored, with a note',
        params: AppParams,
        body: TriageBody,
        response: { 200: Triaged, ...errorResponses(400, 404) },
      },
    },
    async (request) => triage(db, request.params.id, request.params.appId, request.body, actorOf(request)),
  );

  app.post(
    `${BASE}/revoke`,
    {
      config: requireRole('admin'),
      schema: {
        tags: ['shadow-apps'],
        summary: "Revoke the app's consents (all users, or the chosen ones) through Graph, as a durable workflow",
        params: AppParams,
        body: RevokeBody,
        response: { 202: Started, ...errorResponses(400, 404, 503) },
      },
    },
    async (request, reply) => {
      const started = await startRevocation(
        db,
        deps.temporal?.shadowApps,
        { connectorId: request.params.id, appId: request.params.appId },
        request.body,
        actorOf(request),
      );
      const { id, appId } = request.params;
      const location = `/api/v1/connectors/${id}/discovered-apps/${appId}/revocations/${started.revocationId}`;
      return reply.code(202).header('location', location).send(started);
    },
  );

  app.get(
    `${BASE}/revocations/:revocationId`,
    {
      config: requireRole('admin'),
      schema: {
        tags: ['shadow-apps'],
        summary: "A revocation's status, counts and per-consent results",
        params: RevocationParams,
        response: { 200: RevocationResult, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { id, appId, revocationId } = request.params;
      await requireApp(db, id, appId);
      const revocation = await getRevocation(db, revocationId);
      if (!revocation || revocation.connectorId !== id || revocation.appId !== appId)
        throw apiErrors.notFound(`Revocation ${revocationId}`);
      return { ...revocation, items: await revocationItems(db, revocation) };
    },
  );
};
