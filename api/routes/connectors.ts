// Connectors: one per Entra tenant Lantern governs. Listing only for now; onboarding arrives with its workflow.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../auth.js';
import type { AppDeps } from '../deps.js';

const ConnectorView = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  tenantId: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
}, { $id: 'Connector' });

const ListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100, description: 'Page size' }),
  after: Type.Optional(Type.String({ minLength: 1, description: 'Return connectors whose id sorts after this one' })),
});

const ConnectorList = Type.Object({
  items: Type.Array(ConnectorView),
  nextAfter: Type.Union([Type.String(), Type.Null()], { description: 'Pass as ?after= for the next page; null at the end' }),
});

export const connectorRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get('/api/v1/connectors', {
    config: requireRole('admin'),
    schema: { tags: ['connectors'], summary: 'List connectors', querystring: ListQuery, response: { 200: ConnectorList } },
  }, async (request) => listConnectors(deps, request.query));
};

async function listConnectors(deps: AppDeps, { limit, after }: Static<typeof ListQuery>): Promise<Static<typeof ConnectorList>> {
  let query = deps.catalog.db.selectFrom('connectors').selectAll().orderBy('id').limit(limit + 1);
  if (after) query = query.where('id', '>', after);
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map((row) => ({
      id: row.id, displayName: row.display_name, tenantId: row.tenant_id, status: row.status,
      createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
    })),
    nextAfter: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}
