// Just-in-time access requests: ask (update-with-start, so a live pair is extended), list what the caller may see,
// decide (approve/deny), revoke. Requesters see their own requests; approvers also what Entra lets them decide now
// (rights.ts); admins all. The person pages (/approvals; /request and /access) are registered here and act the same way.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { grantPairOf, listVisibleGrants, type AccessGrantRow } from '../../catalog/access/requests.js';
import { requireRole } from '../http/auth.js';
import type { AppDeps } from '../deps.js';
import { apiErrors } from '../http/errors.js';
import { ConnectorIdParam, errorResponses } from '../http/schemas.js';
import { createAccessActions, seesEverything } from './actions.js';
import { personPageRoutes } from './person-pages.js';
import { requesterPageRoutes } from './request-pages.js';
import { temporalUiOf } from '../pages/temporal-ui.js';
import { AccessAskSchema as RequestBody, requestAccess } from './request-access.js';
import { defaultApproverRights } from './rights.js';
import type { AccessTemporal } from '../../temporal/clients/access.js';
import { GrantDetailSchema, GrantRowSchema, GrantStatusSchema, RequestOutcomeSchema } from './schemas.js';

const GrantParam = Type.Object({ grantId: Type.String({ pattern: '^grant:[A-Za-z0-9_.:~-]{1,400}$' }) });
const DecisionBody = Type.Object(
  { comment: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
const RevokeBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
const ListQuery = Type.Object({
  stage: Type.Optional(Type.String({ maxLength: 40 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});

const ANY_CALLER = requireRole('admin', 'approver', 'requester');

export const accessRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.catalog.db;
  const temporal = (): AccessTemporal => {
    if (!deps.temporal?.access)
      throw apiErrors.unavailable('Temporal is not configured: access requests cannot be processed.');
    return deps.temporal.access;
  };
  const rights = deps.approverRights ?? defaultApproverRights;
  const actions = createAccessActions(db, rights, temporal);

  app.post(
    '/api/v1/connectors/:id/access-requests',
    {
      config: ANY_CALLER,
      schema: {
        tags: ['access'],
        summary: 'Request an entitlement for a duration (a request for live access extends it)',
        params: ConnectorIdParam,
        body: RequestBody,
        response: {
          200: RequestOutcomeSchema,
          201: RequestOutcomeSchema,
          ...errorResponses(400, 403, 404, 409, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const outcome = await requestAccess(db, temporal, request.principal, request.params.id, request.body);
      return reply.code(outcome.kind === 'created' ? 201 : 200).send(outcome);
    },
  );

  app.get(
    '/api/v1/access-requests',
    {
      config: ANY_CALLER,
      schema: {
        tags: ['access'],
        summary: 'Access requests the caller may see, newest first',
        querystring: ListQuery,
        response: { 200: Type.Object({ items: Type.Array(GrantRowSchema) }) },
      },
    },
    async (request) => {
      const p = request.principal;
      const viewer = {
        subject: p?.subject ?? '',
        admin: seesEverything(p),
        approver: Boolean(p?.roles.includes('approver')),
        mayDecide: (row: AccessGrantRow) => rights.canDecide(db, p, row),
      };
      return {
        items: await listVisibleGrants(db, viewer, { stage: request.query.stage, limit: request.query.limit ?? 100 }),
      };
    },
  );

  app.get(
    '/api/v1/access-requests/:grantId',
    {
      config: ANY_CALLER,
      schema: {
        tags: ['access'],
        summary: 'One request with its live status',
        params: GrantParam,
        response: { 200: GrantDetailSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const row = await actions.visibleGrant(request.principal, request.params.grantId);
      const live =
        row.stage === 'ended'
          ? null
          : await temporal()
              .status(grantPairOf(row))
              .catch(() => null);
      return { ...row, live };
    },
  );

  for (const verb of ['approve', 'deny'] as const) {
    app.post(
      `/api/v1/access-requests/:grantId/${verb}`,
      {
        config: requireRole('approver', 'admin'),
        schema: {
          tags: ['access'],
          summary: `${verb === 'approve' ? 'Approve' : 'Deny'} a pending request`,
          params: GrantParam,
          body: DecisionBody,
          response: { 200: GrantStatusSchema, ...errorResponses(403, 404, 409) },
        },
      },
      async (request) => {
        const { status } = await actions.decide(request.principal, request.params.grantId, verb, request.body?.comment);
        return status;
      },
    );
  }

  app.post(
    '/api/v1/access-requests/:grantId/revoke',
    {
      config: ANY_CALLER,
      schema: {
        tags: ['access'],
        summary: 'End access (or withdraw a request) now',
        params: GrantParam,
        body: RevokeBody,
        response: { 200: GrantStatusSchema, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const { status } = await actions.revoke(request.principal, request.params.grantId, request.body?.reason);
      return status;
    },
  );

  await app.register(personPageRoutes, {
    deps: { db, rights, actions, access: () => deps.temporal?.access ?? null, temporalUi: temporalUiOf(deps.config) },
  });
  await app.register(requesterPageRoutes, { deps: { db, actions, temporal, temporalUi: temporalUiOf(deps.config) } });
};
