// Opens the API on config.api.host:port.
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { AppDeps } from './deps.js';
import { deprecatedTokenWarning } from './system/api-tokens.js';
import { readWriteAppNote } from '../config/entra-credentials.js';

export interface RunningApi {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startApi(deps: AppDeps): Promise<RunningApi> {
  const app = await buildApp(deps);
  const deprecation = deprecatedTokenWarning(deps.config.api);
  if (deprecation) app.log.warn(deprecation);
  const appNote = readWriteAppNote(deps.config.entra);
  if (appNote) app.log.info(appNote);
  const { host, port } = deps.config.api;
  const address = await app.listen({ host, port });
  return { url: address, app, close: () => app.close() };
}
