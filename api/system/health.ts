// Liveness and readiness for orchestrators. Public by decision: probes carry no credentials, and the bodies say
// only ok/failed per dependency (details go to the log).
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { publicAccess } from '../http/auth.js';
import type { AppDeps } from '../deps.js';

const CHECK_TIMEOUT_MS = 2_000;
const CheckStatus = Type.Union([
  Type.Literal('ok'),
  Type.Literal('failed'),
  Type.Literal('timeout'),
  Type.Literal('not_configured'),
]);
const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
  checks: Type.Object({ temporal: CheckStatus, catalog: CheckStatus }),
});

export const healthRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/healthz',
    {
      config: publicAccess,
      schema: {
        tags: ['health'],
        summary: 'The process is up',
        security: [],
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: publicAccess,
      schema: {
        tags: ['health'],
        summary: 'Temporal and the catalog database are reachable',
        security: [],
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (request, reply) => {
      const [temporal, catalog] = await Promise.all([
        deps.temporal
          ? probe(() => deps.temporal!.checkHealth(CHECK_TIMEOUT_MS))
          : Promise.resolve('not_configured' as const),
        probe(() => deps.catalog.ping()),
      ]);
      for (const [name, result] of Object.entries({ temporal, catalog })) {
        if (typeof result === 'object') request.log.warn({ err: result.error }, `readiness: ${name} check failed`);
      }
      const checks = { temporal: statusOf(temporal), catalog: statusOf(catalog) };
      const ready = checks.temporal === 'ok' && checks.catalog === 'ok';
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
    },
  );
};

type ProbeResult = 'ok' | 'timeout' | 'not_configured' | { error: unknown };

async function probe(check: () => Promise<void>): Promise<ProbeResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check().then(() => 'ok' as const), timeout]);
  } catch (error) {
    return { error };
  } finally {
    clearTimeout(timer);
  }
}

function statusOf(result: ProbeResult): 'ok' | 'failed' | 'timeout' | 'not_configured' {
  return typeof result === 'object' ? 'failed' : result;
}
