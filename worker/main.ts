// Standalone worker process (docker-compose's `worker` service). SIGINT/SIGTERM stop it gracefully: the Temporal
// runtime's signal handling shuts the worker down, in-flight tasks finish, then connections close.
import pino from 'pino';
import { openCatalog } from '../catalog/index.js';
import { ConfigError, loadConfig, redactedConfig } from '../config/index.js';
import { logDestination } from '../lib/log-output.js';
import { connectWorker, installTemporalRuntime, temporalAddress } from '../temporal/index.js';
import { createWorker, runWorker } from './create-worker.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel }, logDestination(1)).child({ component: 'worker' });
  if (!config.databaseUrl) {
    throw new ConfigError(
      'DATABASE_URL must be set for a standalone worker (the embedded catalog serves one process: use `npm start` for the all-in-one stack)',
    );
  }
  logger.info({ config: redactedConfig(config) }, 'starting worker');
  installTemporalRuntime({ logger, metricsBindAddress: config.worker.metricsBindAddress });
  const catalog = await openCatalog({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const connection = await connectWorker(config);
  try {
    const worker = await createWorker({ config, connection, catalog });
    logger.info({ temporal: temporalAddress(config), taskQueue: config.temporal.taskQueue }, 'worker polling');
    await runWorker(worker).finished;
    logger.info('worker stopped');
  } finally {
    await connection.close();
    await catalog.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
});
