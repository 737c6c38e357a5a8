// The catalog API: what Lantern synced from a connector's tenant. Every listing is keyset-paginated (limit, cursor →
// nextCursor) and filterable; unknown connectors are 404, bad filters, ids and cursors are 400 naming the parameter.
import type { TSchema } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { getConnector } from '../../catalog/connectors.js';
import {
  InvalidCursorError,
  InvalidQueryError,
  getPrincipal,
  listDiscoveredApps,
  listEntitlements,
  listGrants,
  listPrincipals,
  listResources,
  listSyncRuns,
  whatCanAccess,
  whoCanAccess,
} from '../../catalog/directory/reads/index.js';
import { requireRole } from '../http/auth.js';
import type { AppDeps } from '../deps.js';
import { apiErrors } from '../http/errors.js';
import {
  AccessPage,
  ApplicationQuery,
  DiscoveredAppPage,
  DiscoveredAppQuery,
  EntitlementPage,
  EntitlementQuery,
  GrantPage,
  GrantQuery,
  HolderPage,
  PrincipalAccessQuery,
  PrincipalItem,
  PrincipalPage,
  PrincipalParams,
  PrincipalQuery,
  ResourceAccessQuery,
  ResourcePage,
  ResourceParams,
  ResourceQuery,
  SyncRunPage,
  SyncRunQuery,
} from './schemas.js';
import { ConnectorIdParam, ErrorResponse, errorResponses } from '../http/schemas.js';

const BASE = '/api/v1/connectors/:id';

export const catalogRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.catalog.db;
  const route = <P extends TSchema, Q extends TSchema, R extends TSchema>(
    summary: string,
    params: P,
    querystring: Q,
    page: R,
  ) => ({
    config: requireRole('admin'),
    schema: {
      tags: ['catalog'],
      summary,
      params,
      querystring,
      response: { 200: page, 400: ErrorResponse, 404: ErrorResponse },
    },
  });

  app.get(
    `${BASE}/principals`,
    route(
      'Users, managed identities and service principals (search by name, UPN or mail)',
      ConnectorIdParam,
      PrincipalQuery,
      PrincipalPage,
    ),
    async (request) => answer(request, deps, (connectorId) => listPrincipals(db, { ...request.query, connectorId })),
  );

  app.get(
    `${BASE}/principals/:principalId`,
    {
      config: requireRole('admin'),
      schema: {
        tags: ['catalog'],
        summary: 'One principal',
        params: PrincipalParams,
        response: { 200: PrincipalItem, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      answer(request, deps, async (connectorId) => {
        const principal = await getPrincipal(db, { connectorId, id: request.params.principalId });
        if (!principal) throw apiErrors.notFound(`Principal ${request.params.principalId}`);
        return principal;
      }),
  );

  for (const [path, type, what] of [
    ['groups', 'group', 'Groups'],
    ['roles', 'directoryRole', 'Directory roles'],
  ] as const) {
    app.get(
      `${BASE}/${path}`,
      route(
        `${what} (search by name; immutable = Entra will not let anyone change it)`,
        ConnectorIdParam,
        ResourceQuery,
        ResourcePage,
      ),
      async (request) =>
        answer(request, deps, (connectorId) => listResources(db, { ...request.query, connectorId, type })),
    );
  }
  app.get(
    `${BASE}/applications`,
    route('Enterprise applications (service principals), by origin', ConnectorIdParam, ApplicationQuery, ResourcePage),
    async (request) =>
      answer(request, deps, (connectorId) => listResources(db, { ...request.query, connectorId, type: 'application' })),
  );

  app.get(
    `${BASE}/entitlements`,
    route(
      'Entitlements, by resource, kind and whether Lantern can grant them',
      ConnectorIdParam,
      EntitlementQuery,
      EntitlementPage,
    ),
    async (request) => answer(request, deps, (connectorId) => listEntitlements(db, { ...request.query, connectorId })),
  );

  app.get(
    `${BASE}/grants`,
    route('Grants by principal or entitlement, direct or via a group', ConnectorIdParam, GrantQuery, GrantPage),
    async (request) => answer(request, deps, (connectorId) => listGrants(db, { ...request.query, connectorId })),
  );

  app.get(
    `${BASE}/principals/:principalId/access`,
    route('What can this principal access', PrincipalParams, PrincipalAccessQuery, AccessPage),
    async (request) =>
      answer(request, deps, (connectorId) =>
        whatCanAccess(db, { ...request.query, connectorId, principalId: request.params.principalId }),
      ),
  );

  app.get(
    `${BASE}/resources/:resourceId/access`,
    route('Who can access this resource (group, application or role)', ResourceParams, ResourceAccessQuery, HolderPage),
    async (request) =>
      answer(request, deps, (connectorId) =>
        whoCanAccess(db, { ...request.query, connectorId, resourceId: request.params.resourceId }),
      ),
  );

  app.get(
    `${BASE}/discovered-apps`,
    route('Discovered (shadow) apps users consented to', ConnectorIdParam, DiscoveredAppQuery, DiscoveredAppPage),
    async (request) =>
      answer(request, deps, (connectorId) => listDiscoveredApps(db, { ...request.query, connectorId })),
  );

  app.get(
    `${BASE}/sync-runs`,
    route(
      'Sync runs: status, counts, duration, Graph requests, throttling',
      ConnectorIdParam,
      SyncRunQuery,
      SyncRunPage,
    ),
    async (request) => answer(request, deps, (connectorId) => listSyncRuns(db, { ...request.query, connectorId })),
  );
};

/** 404 for an unknown connector; the queries' own validation errors become 400s that name the parameter. */
async function answer<T>(
  request: FastifyRequest,
  deps: AppDeps,
  query: (connectorId: string) => Promise<T>,
): Promise<T> {
  const { id } = request.params as { id: string };
  if (!(await getConnector(deps.catalog.db, id))) throw apiErrors.notFound(`Connector ${id}`);
  try {
    return await query(id);
  } catch (error) {
    if (error instanceof InvalidCursorError) throw apiErrors.invalid(`querystring.cursor: ${error.message}`);
    if (error instanceof InvalidQueryError) throw apiErrors.invalid(`querystring.${error.message}.`);
    throw error;
  }
}
