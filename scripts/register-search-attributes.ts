// Registers Lantern's custom search attributes on the configured Temporal namespace (idempotent). The embedded
// stack does this itself at every start; docker-compose runs this once before the API and workers start.
//   TEMPORAL_ADDRESS=host:7233 [TEMPORAL_NAMESPACE=...] node --import tsx scripts/register-search-attributes.ts
import { Connection } from '@temporalio/client';
import { ConfigError, loadConfig } from '../config/index.js';
import { ensureSearchAttributes } from '../stack/search-attributes.js';
import { LANTERN_SEARCH_ATTRIBUTES, temporalConnectionOptions } from '../temporal/index.js';

try {
  const config = loadConfig();
  const connection = await Connection.connect({ ...temporalConnectionOptions(config), connectTimeout: 30_000 });
  try {
    const added = await ensureSearchAttributes(connection, config.temporal.namespace, LANTERN_SEARCH_ATTRIBUTES);
    console.log(
      added.length > 0
        ? `registered search attributes on ${config.temporal.namespace}: ${added.join(', ')}`
        : `search attributes already registered on ${config.temporal.namespace}`,
    );
  } finally {
    await connection.close();
  }
} catch (error) {
  console.error(
    error instanceof ConfigError ? error.message : `could not register search attributes: ${(error as Error).message}`,
  );
  process.exitCode = 1;
}
