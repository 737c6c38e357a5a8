// Connectors: one per Entra tenant Lantern governs. Create verifies the tenant first (verifyConnector workflow) and
// then creates the connector's sync Schedule; pause/resume/sync act on that Schedule, which the Temporal UI shows too.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listConnectorRecords, type ConnectorRecord } from '../../catalog/connectors.js';
import { latestSyncRun } from '../../catalog/directory/reads/index.js';
import { ConnectorIdKey } from '../../temporal/search-attributes.js';
import { syncScheduleId } from '../../workflows/sync/messages.js';
import { requireRole } from '../http/auth.js';
import {
  changeConnector,
  createConnector,
  removeConnector,
  requestSync,
  requireConnector,
  setPaused,
  temporalOps,
  type ConnectorCall,
} from './service.js';
import type { AppDeps } from '../deps.js';
import { textProblem } from '../../lib/safe-text.js';
import { apiErrors } from '../http/errors.js';
import { ConnectorIdParam, errorResponses } from '../http/schemas.js';
import {
  ConnectorDetail,
  ConnectorList,
  ConnectorListQuery,
  ConnectorView,
  CreateConnectorBody,
  SyncRequested,
  UpdateConnectorBody,
} from './schemas.js';

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 8,
      maxLength: 200,
      pattern: '^[\\x21-\\x7E]+$',
      description: 'Makes a retried create return the connector the first attempt made (8-200 printable characters)',
    }),
  ),
});

export const connectorRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const admin = requireRole('admin');
  const tags = ['connectors'];
  const call = (request: {
    principal: { id: string } | null;
    id: string;
    log: ConnectorCall['log'];
  }): ConnectorCall => ({ deps, actor: request.principal?.id ?? 'unknown', requestId: request.id, log: request.log });

  app.get(
    '/api/v1/connectors',
    {
      config: admin,
      schema: {
        tags,
        summary: 'List connectors',
        querystring: ConnectorListQuery,
        response: { 200: ConnectorList, ...errorResponses(400) },
      },
    },
    async (request) => {
      const page = await listConnectorRecords(deps.catalog.db, request.query);
      return { items: page.items.map(connectorView), nextAfter: page.nextAfter };
    },
  );

  app.post(
    '/api/v1/connectors',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Connect a tenant: verify access, store the connector, schedule its sync and start the first one',
        headers: IdempotencyHeaders,
        body: CreateConnectorBody,
        response: { 201: ConnectorView, 200: ConnectorView, ...errorResponses(400, 409, 413, 422, 503) },
      },
    },
    async (request, reply) => {
      const { created, connector } = await createConnector(
        call(request),
        request.body,
        request.headers['idempotency-key'],
      );
      return reply
        .code(created ? 201 : 200)
        .header('location', `/api/v1/connectors/${connector.id}`)
        .send(connectorView(connector));
    },
  );

  app.get(
    '/api/v1/connectors/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'A connector with its sync schedule and last sync run',
        params: ConnectorIdParam,
        response: { 200: ConnectorDetail, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const connector = await requireConnector(deps, request.params.id);
      const lastRun = await latestSyncRun(deps.catalog.db, { connectorId: connector.id });
      let schedule = null;
      let scheduleError: string | undefined;
      try {
        schedule = await temporalOps(deps).describe(connector.id);
      } catch (error) {
        request.log.warn({ err: error }, 'describing the sync schedule failed');
        scheduleError = 'Temporal did not answer: the schedule state is unknown right now.';
      }
      return {
        ...connectorView(connector),
        schedule,
        ...(scheduleError ? { scheduleError } : {}),
        lastSyncRun: lastRun
          ? {
              id: lastRun.id,
              mode: lastRun.mode,
              status: lastRun.status,
              startedAt: lastRun.startedAt,
              finishedAt: lastRun.finishedAt,
              durationMs: lastRun.durationMs,
              counts: lastRun.counts,
              requests: lastRun.requests,
              throttled: lastRun.throttled,
              error: lastRun.error,
            }
          : null,
      };
    },
  );

  app.patch(
    '/api/v1/connectors/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Change the name, sync interval or options (verifies again when the needed permissions change)',
        params: ConnectorIdParam,
        body: UpdateConnectorBody,
        response: { 200: ConnectorView, ...errorResponses(400, 404, 413, 422, 503) },
      },
    },
    async (request) => connectorView(await changeConnector(call(request), request.params.id, request.body)),
  );

  for (const [action, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    app.post(
      `/api/v1/connectors/:id/${action}`,
      {
        config: admin,
        schema: {
          tags,
          summary: `${paused ? 'Pause' : 'Resume'} the connector's sync schedule (optional JSON body { note })`,
          params: ConnectorIdParam,
          response: { 204: Type.Null(), ...errorResponses(400, 404, 503) },
        },
      },
      async (request, reply) => {
        await setPaused(call(request), request.params.id, paused, pauseNote(request.body));
        return reply.code(204).send(null);
      },
    );
  }

  app.delete(
    '/api/v1/connectors/:id',
    {
      config: admin,
      schema: {
        tags,
        summary:
          'Delete the connector: its schedule, running syncs and synced directory (the audit log keeps the history)',
        params: ConnectorIdParam,
        response: { 204: Type.Null(), ...errorResponses(400, 404, 503) },
      },
    },
    async (request, reply) => {
      await removeConnector(call(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/connectors/:id/sync',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Sync now (skipped when a sync is already running)',
        params: ConnectorIdParam,
        response: { 202: SyncRequested, ...errorResponses(400, 404, 503) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const outcome = await requestSync(call(request), id);
      return reply.code(202).send({
        connectorId: id,
        scheduleId: syncScheduleId(id),
        ...outcome,
        find: { syncRuns: `/api/v1/connectors/${id}/sync-runs`, temporalQuery: `${ConnectorIdKey.name} = '${id}'` },
      });
    },
  );
};

export function connectorView(c: ConnectorRecord) {
  const { syncIntervalMinutes, ...options } = c.options;
  return {
    id: c.id,
    displayName: c.displayName,
    tenantId: c.tenantId,
    status: c.status,
    syncIntervalMinutes,
    options,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** The body is optional (a bare POST pauses), so it is checked here rather than by a schema that would require it. */
function pauseNote(body: unknown): string | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  const note = typeof body === 'object' && !Array.isArray(body) ? (body as { note?: unknown }).note : body;
  if (note === undefined) return undefined;
  if (typeof note !== 'string' || note.length > 500)
    throw apiErrors.invalid('body.note must be a string of at most 500 characters.');
  // Checked here too, not only by the global input rule: the note goes to Temporal and the audit log, which refuses NUL.
  const problem = textProblem(note);
  if (problem) throw apiErrors.invalid(`body.note ${problem}.`);
  return note;
}
