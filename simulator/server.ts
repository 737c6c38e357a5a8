// Builds the simulator's single HTTPS Fastify app: the identity platform at /{tenant}/..., Graph v1.0 at /v1.0/...,
// and the control API at /_control/.... Each area registers its own encapsulated scope (parsers, error handlers).
import Fastify, { type FastifyInstance } from 'fastify';
import type { SimulatorContext } from './context.js';
import { registerIdentityRoutes } from './identity/routes.js';
import { registerGraph } from './graph/plugin.js';
import { registerControl, type ControlDeps } from './control/routes.js';

export interface ServerOptions {
  ctx: SimulatorContext;
  tls: { key: string; cert: string };
  control: ControlDeps;
  /** Log requests (pino, JSON to stdout); off for tests. */
  logger?: boolean;
}

export async function buildSimulatorServer({
  ctx,
  tls,
  control,
  logger = false,
}: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    https: { key: tls.key, cert: tls.cert },
    logger,
    // Graph $batch bodies and directory exports are larger than Fastify's 1 MiB default.
    bodyLimit: 16 * 1024 * 1024,
    // skiptokens and deltaLinks are long; ids in paths too.
    routerOptions: { maxParamLength: 2048 },
    // Keep-alive like Microsoft's front doors, so clients reuse connections (matters for the benchmark).
    keepAliveTimeout: 65_000,
    forceCloseConnections: true,
  });
  registerIdentityRoutes(app, ctx);
  await registerGraph(app, ctx);
  registerControl(app, control);
  await app.ready();
  return app;
}
