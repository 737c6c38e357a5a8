// Operator self-check: runs the catalogSelfCheck workflow end to end, proving Temporal, a polling worker and the
// catalog all work together. Admin-only because every call starts a workflow.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WorkflowFailedError } from '@temporalio/client';
import { requireRole } from '../http/auth.js';
import type { AppDeps } from '../deps.js';
import { apiErrors } from '../http/errors.js';

const SelfCheck = Type.Object({
  workflowId: Type.String(),
  requestedBy: Type.String(),
  catalog: Type.Object({
    kind: Type.String(),
    installId: Type.String(),
    latestMigration: Type.Union([Type.String(), Type.Null()]),
    connectorCount: Type.Integer(),
  }),
});

export const systemRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post(
    '/api/v1/system/self-check',
    {
      config: requireRole('admin'),
      schema: {
        tags: ['system'],
        summary: 'Run a workflow that reads the catalog through a worker',
        response: { 200: SelfCheck },
      },
    },
    async (request) => {
      if (!deps.temporal) throw apiErrors.unavailable('Temporal is not configured for this API process.');
      try {
        return await deps.temporal.runCatalogSelfCheck({
          requestedBy: request.principal?.id ?? 'unknown',
          requestId: request.id,
        });
      } catch (error) {
        if (!(error instanceof WorkflowFailedError)) throw error;
        request.log.warn({ err: error }, 'self-check workflow failed');
        throw apiErrors.unavailable(
          'The self-check workflow did not complete: is a Lantern worker running on this task queue?',
        );
      }
    },
  );
};
