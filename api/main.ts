// Standalone API process (docker-compose's `api` service). SIGINT/SIGTERM close the listener (in-flight requests
// finish), then the Temporal connection and the catalog.
import pino from 'pino';
import { openCatalog } from '../catalog/index.js';
import { ConfigError, loadConfig, redactedConfig } from '../config/index.js';
import { logDestination } from '../lib/log-output.js';
import { connectClient } from '../temporal/index.js';
import { apiLoggerOptions } from './http/logger.js';
import { startApi } from './server.js';
import { temporalClients } from '../temporal/clients/index.js';
import { onboardingDepsFromConfig } from './onboarding/deps.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino(apiLoggerOptions(config.logLevel), logDestination(1));
  if (!config.databaseUrl) {
    throw new ConfigError(
      'DATABASE_URL must be set for a standalone API (the embedded catalog serves one process: use `npm start` for the all-in-one stack)',
    );
  }
  logger.info({ config: redactedConfig(config) }, 'starting API');
  const catalog = await openCatalog({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  // Lazy: the API comes up (and /readyz says why it is not ready) even while Temporal is still starting.
  const client = await connectClient(config, { lazy: true, bounded: true });
  const api = await startApi({
    config,
    catalog,
    temporal: temporalClients(client, config.temporal.taskQueue),
    logger,
    onboarding: onboardingDepsFromConfig(config, client),
  });
  logger.info({ url: api.url, docs: `${config.api.publicUrl}/docs` }, 'API listening');

  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping API');
    await api.close();
    await client.connection.close();
    await catalog.close();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stop(signal).catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exitCode = 1;
      });
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
});
