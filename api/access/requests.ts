// Just-in-time access requests: ask (update-with-start, so a live pair is extended), list what the caller may see,
// decide (approve/deny), revoke. Requesters see their own requests; approvers also what they may decide; admins all.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { FastifyRequest } from 'fastify';
import { getConnector } from '../../catalog/connectors.js';
import { getAccessGrant, grantPairOf, listVisibleGrants } from '../../catalog/access/requests.js';
import type { Principal } from '../http/auth.js';
import { requireRole } from '../http/auth.js';
import type { AppDeps } from '../deps.js';
import { apiErrors } from '../http/errors.js';
import { ConnectorIdParam, ID_PATTERN, errorResponses } from '../http/schemas.js';
import { planAccessRequest } from './plan.js';
import type { AccessTemporal } from '../../temporal/clients/access.js';
import { GrantDetailSchema, GrantRowSchema, GrantStatusSchema, RequestOutcomeSchema } from './schemas.js';

const RequestBody = Type.Object(
  {
    entitlementId: Type.String({ pattern: ID_PATTERN }),
    principalId: Type.Optional(
      Type.String({ pattern: ID_PATTERN, description: 'Default: the caller. Admins may request for others.' }),
    ),
    durationSeconds: Type.Integer({ minimum: 1, maximum: 366 * 24 * 3600 }),
    justification: Type.String({ minLength: 1, maxLength: 2000 }),
    ticket: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
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
const acting = (p: Principal | null) => p?.subject ?? p?.id ?? 'unknown';
const actorRole = (p: Principal | null) =>
  p?.roles.includes('admin') ? 'admin' : p?.roles.includes('approver') ? 'approver' : 'requester';

export const accessRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.catalog.db;
  const temporal = (): AccessTemporal => {
    if (!deps.temporal?.access)
      throw apiErrors.unavailable('Temporal is not configured: access requests cannot be processed.');
    return deps.temporal.access;
  };

  /** The grant row if the caller may see it; 404 otherwise (no hint that it exists). */
  const visibleGrant = async (request: FastifyRequest, grantId: string) => {
    const row = await getAccessGrant(db, grantId);
    const p = request.principal;
    const me = p?.subject;
    const visible =
      row &&
      (p?.roles.includes('admin') ||
        (me &&
          (row.requester_id === me ||
            row.principal_id === me ||
            (p?.roles.includes('approver') && row.approver_ids.includes(me)))));
    if (!row || !visible) throw apiErrors.notFound(`Access request ${grantId}`);
    return row;
  };

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
      const connectorId = request.params.id;
      if (!(await getConnector(db, connectorId))) throw apiErrors.notFound(`Connector ${connectorId}`);
      const caller = request.principal;
      const principalId = request.body.principalId ?? caller?.subject;
      if (!principalId)
        throw apiErrors.invalid('body.principalId is required: this credential is not bound to a directory principal.');
      if (principalId !== caller?.subject && !caller?.roles.includes('admin'))
        throw apiErrors.forbidden(['admin (to request for someone else)']);
      const input = await planAccessRequest(db, connectorId, acting(caller), { ...request.body, principalId });
      const outcome = await decide(() => temporal().request(input));
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
        admin: Boolean(p?.roles.includes('admin')),
        approver: Boolean(p?.roles.includes('approver')),
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
      const row = await visibleGrant(request, request.params.grantId);
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
          response: { 200: GrantStatusSchema, ...errorResponses(404, 409) },
        },
      },
      async (request) => {
        const row = await visibleGrant(request, request.params.grantId);
        const decision = { approverId: acting(request.principal), comment: request.body?.comment };
        return decide(() =>
          verb === 'approve'
            ? temporal().approve(grantPairOf(row), decision)
            : temporal().deny(grantPairOf(row), decision),
        );
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
      const row = await visibleGrant(request, request.params.grantId);
      return decide(() =>
        temporal().revoke(grantPairOf(row), {
          actorId: acting(request.principal),
          actorRole: actorRole(request.principal),
          reason: request.body?.reason,
        }),
      );
    },
  );
};

/** A refused update names the rule it broke: 409 with that message; a closed workflow is 409 too. */
async function decide<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) throw apiErrors.conflict(error.cause?.message ?? error.message);
    if (error instanceof WorkflowNotFoundError) throw apiErrors.conflict('This request has already ended.');
    throw error;
  }
}
