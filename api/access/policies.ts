// Access policies per connector: the default (PUT .../access-policies/default) and per entitlement. Admins only.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getConnector } from '../../catalog/connectors.js';
import { listPolicies, putPolicy } from '../../catalog/access/policies.js';
import { findEntitlement } from '../../catalog/access/requests.js';
import { requireRole } from '../http/auth.js';
import type { AppDeps } from '../deps.js';
import { apiErrors } from '../http/errors.js';
import { ID_PATTERN, errorResponses } from '../http/schemas.js';
import { PolicySchema } from './schemas.js';

const DEFAULT_SEGMENT = 'default';

const PolicyParams = Type.Object({
  id: Type.String({ pattern: ID_PATTERN, description: 'Connector id' }),
  entitlementId: Type.String({
    pattern: ID_PATTERN,
    description: `An entitlement id, or "${DEFAULT_SEGMENT}" for the connector's default`,
  }),
});
const PolicyBody = Type.Object(
  {
    maxDurationSeconds: Type.Integer({ minimum: 60, maximum: 366 * 24 * 3600 }),
    approvalRequired: Type.Boolean(),
    approvers: Type.Object(
      {
        owners: Type.Optional(
          Type.Boolean({ description: "The entitlement's owners in Entra (group owners / app owners)" }),
        ),
        principalIds: Type.Optional(Type.Array(Type.String({ pattern: ID_PATTERN }), { maxItems: 100 })),
        groupId: Type.Optional(
          Type.Union([Type.String({ pattern: ID_PATTERN }), Type.Null()], {
            description: 'Members of this group approve',
          }),
        ),
        manager: Type.Optional(
          Type.Boolean({
            description:
              'The manager in Entra of the principal receiving access (the requester, or whom an admin requests for)',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    autoApproveGroupId: Type.Optional(
      Type.Union([Type.String({ pattern: ID_PATTERN }), Type.Null()], {
        description: 'Members of this group need no approval',
      }),
    ),
    requestTimeoutSeconds: Type.Integer({ minimum: 1, maximum: 30 * 24 * 3600 }),
    extensionNeedsApproval: Type.Boolean(),
    allowGuests: Type.Optional(
      Type.Boolean({ description: 'Guests (Entra userType Guest) may receive this access. Default false' }),
    ),
    expiryWarningSeconds: Type.Optional(
      Type.Union([Type.Integer({ minimum: 0, maximum: 30 * 24 * 3600 }), Type.Null()], {
        description:
          "Lead time of the expiry warning email (with its one-click extension link). Unset/null = the connector default policy's value, else 900 (15 minutes); 0 = no warning",
      }),
    ),
  },
  { additionalProperties: false },
);

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
      await requireConnector(id);
      const entitlement = entitlementId === DEFAULT_SEGMENT ? null : entitlementId;
      if (entitlement) {
        if (!(await findEntitlement(db, id, entitlement))) throw apiErrors.notFound(`Entitlement ${entitlement}`);
      }
      const policy = {
        connectorId: id,
        entitlementId: entitlement,
        ...request.body,
        autoApproveGroupId: request.body.autoApproveGroupId ?? null,
        expiryWarningSeconds: request.body.expiryWarningSeconds ?? null,
        allowGuests: request.body.allowGuests ?? false,
      };
      await putPolicy(db, policy);
      return policy;
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
