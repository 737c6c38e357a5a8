// Access policies per connector: the default (PUT .../access-policies/default) and per entitlement. Admins only.
// The rules and the saving live in policy-rules.ts, shared with the Policies page.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getConnector } from '../../catalog/connectors.js';
import { listPolicies } from '../../catalog/access/policies.js';
import { requireRole } from '../http/auth.js';
import type { AppDeps } from '../deps.js';
import { apiErrors } from '../http/errors.js';
import { ID_PATTERN, errorResponses } from '../http/schemas.js';
import { PolicyBody, PolicyParams, savePolicy } from './policy-rules.js';
import { PolicySchema } from './schemas.js';

export const policyRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.catalog.db;
  const requireConnector = async (id: string) => {
    if (!(await getConnector(db, id))) throw apiErrors.notFound(`Connector ${id}`);
  };

  app.put(
    '/api/v1/connectors/:id/access-policies/:entitlementId',
    {
      config: requireRole('admin'),
      schema: {
        tags: ['access'],
        summary: 'Set the access policy of an entitlement (or the connector default)',
        params: PolicyParams,
        body: PolicyBody,
        response: { 200: PolicySchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { id, entitlementId } = request.params;
      const actor = { id: request.principal?.id ?? 'unknown', requestId: request.id };
      return savePolicy(db, { connectorId: id, entitlementSegment: entitlementId }, request.body, actor);
    },
  );

  app.get(
    '/api/v1/connectors/:id/access-policies',
    {
      config: requireRole('admin'),
      schema: {
        tags: ['access'],
        summary: 'Access policies of a connector (entitlementId null = default)',
        params: Type.Object({ id: Type.String({ pattern: ID_PATTERN }) }),
        response: { 200: Type.Object({ items: Type.Array(PolicySchema) }), ...errorResponses(404) },
      },
    },
    async (request) => {
      await requireConnector(request.params.id);
      return { items: await listPolicies(db, request.params.id) };
    },
  );
};
