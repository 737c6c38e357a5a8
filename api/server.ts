// Opens the API on config.api.host:port.
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { AppDeps } from './deps.js';

export interface RunningApi {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startApi(deps: AppDeps): Promise<RunningApi> {
  const app = await buildApp(deps);
  const { host, port } = deps.config.api;
  const address = await app.listen({ host, port });
  return { url: address, app, close: () => app.close() };
}
