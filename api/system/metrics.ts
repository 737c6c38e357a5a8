// Prometheus metrics for the API process: Node process metrics, an HTTP request histogram by route template and status,
// and — when api.temporalMetricsUrl is set — the worker's Temporal SDK metrics fetched and appended, so one scrape
// target shows everything in the embedded stack. (In a multi-worker deployment scrape each worker's exporter directly.)
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { publicAccess } from '../http/auth.js';

const TEMPORAL_SCRAPE_TIMEOUT_MS = 1_000;

export interface ApiMetrics {
  registry: Registry;
  /** The full /metrics text: this process, then the Temporal SDK's exporter if configured. */
  render(): Promise<string>;
  contentType: string;
}

export function createApiMetrics(options: {
  registry?: Registry | undefined;
  temporalMetricsUrl?: string | undefined;
}): ApiMetrics {
  const registry = options.registry ?? new Registry();
  if (!registry.getSingleMetric('process_cpu_seconds_total')) collectDefaultMetrics({ register: registry });
  const temporalUp = new Gauge({
    name: 'lantern_temporal_sdk_metrics_up',
    help: '1 when the Temporal SDK metrics endpoint answered the last scrape, 0 when it did not',
    registers: options.temporalMetricsUrl ? [registry] : [],
  });

  async function render(): Promise<string> {
    const sdk = options.temporalMetricsUrl ? await fetchText(options.temporalMetricsUrl) : undefined;
    if (options.temporalMetricsUrl) temporalUp.set(sdk === undefined ? 0 : 1);
    const own = await registry.metrics();
    return sdk ? `${own}\n${sdk.trimEnd()}\n` : own;
  }

  return { registry, render, contentType: registry.contentType };
}

export function installHttpMetrics(app: FastifyInstance, registry: Registry): void {
  const histogram = new Histogram({
    name: 'lantern_http_request_duration_seconds',
    help: 'API request duration by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    // Route templates, never raw URLs: ids in paths would explode the label cardinality.
    const route = request.routeOptions.url ?? 'unmatched';
    histogram.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
}

/**
 * The Prometheus scrape endpoint. Public by decision: scrapers usually hold no credentials, and the content is
 * operational (route templates, counts, latencies, process stats) — no user data, ids or secrets.
 */
export const metricsRoutes: FastifyPluginAsync<{ metrics: ApiMetrics }> = async (app, { metrics }) => {
  app.get(
    '/metrics',
    {
      config: publicAccess,
      schema: {
        tags: ['health'],
        summary: 'Prometheus metrics (process, HTTP, Temporal SDK)',
        security: [],
        produces: ['text/plain'],
      },
    },
    async (_request, reply) => reply.type(metrics.contentType).send(await metrics.render()),
  );
};

async function fetchText(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(TEMPORAL_SCRAPE_TIMEOUT_MS) });
    return response.ok ? await response.text() : undefined;
  } catch {
    return undefined;
  }
}
