// The control API (/_control/...): the test harness's back door to mutate tenants, read ground truth, set
// throttle/fault modes, move the simulated clock and reset. Every route but /health needs the control key.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SimulatorContext } from '../context.js';
import type { TenantSummary } from '../index.js';
import { ControlError, controlErrorBody, controlErrors } from './errors.js';
import { registerDirectoryRoutes } from './directory.js';
import { registerGroundTruthRoutes } from './ground-truth.js';
import { registerRuntimeRoutes } from './runtime.js';

export interface ControlDeps {
  ctx: SimulatorContext;
  controlKey: string;
  reset(): void;
  summaries(): TenantSummary[];
}

export function registerControl(app: FastifyInstance, deps: ControlDeps): void {
  void app.register(
    async (scope) => {
      scope.setErrorHandler((err, _request, reply) => {
        const error =
          err instanceof ControlError
            ? err
            : (err as { statusCode?: number }).statusCode === 400
              ? controlErrors.invalid((err as Error).message)
              : new ControlError(500, 'internalError', (err as Error).message);
        return reply.code(error.status).send(controlErrorBody(error));
      });
      scope.get('/health', async () => ({ ok: true }));
      scope.addHook('onRequest', async (request) => {
        if (request.url.replace(/\?.*$/, '') === '/_control/health') return;
        if (!keyMatches(request, deps.controlKey)) throw controlErrors.unauthorized();
      });
      registerRuntimeRoutes(scope, deps);
      registerGroundTruthRoutes(scope, deps);
      registerDirectoryRoutes(scope, deps);
    },
    { prefix: '/_control' },
  );
}

function keyMatches(request: FastifyRequest, key: string): boolean {
  const sent = request.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1] ?? '';
  const a = Buffer.from(sent);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}
