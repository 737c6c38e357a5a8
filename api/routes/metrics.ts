// Prometheus scrape endpoint. Public by decision: scrapers usually hold no credentials, and the content is
// operational (route templates, counts, latencies, process stats) — no user data, ids or secrets.
import type { FastifyPluginAsync } from 'fastify';
import { publicAccess } from '../auth.js';
import type { ApiMetrics } from '../metrics.js';

export const metricsRoutes: FastifyPluginAsync<{ metrics: ApiMetrics }> = async (app, { metrics }) => {
  app.get('/metrics', {
    config: publicAccess,
    schema: { tags: ['health'], summary: 'Prometheus metrics (process, HTTP, Temporal SDK)', security: [], produces: ['text/plain'] },
  }, async (_request, reply) => reply.type(metrics.contentType).send(await metrics.render()));
};
