// Builds the API for tests: real config parsing, a real PGlite catalog (shared per suite), stubbed Temporal.
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from '../../api/index.js';
import type { TemporalClients } from '../../temporal/clients/index.js';
import { openCatalog, type Catalog } from '../../catalog/index.js';
import { loadConfig } from '../../config/index.js';
import type { CatalogSelfCheckResult } from '../../workflows/self-check.js';
import { createTempDir, type TempDir } from './temp-dir.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export const OTHER_ADMIN_TOKEN = 'second-admin-token-abcdefghijklmnop';
export const authHeader = { authorization: `Bearer ${ADMIN_TOKEN}` };

export interface TestCatalog {
  catalog: Catalog;
  close(): Promise<void>;
}

export async function openTestCatalog(): Promise<TestCatalog> {
  const dir: TempDir = await createTempDir();
  const catalog = await openCatalog({ dataDir: dir.path });
  return {
    catalog,
    close: async () => {
      await catalog.close();
      await dir.remove();
    },
  };
}

/** The app on a fresh catalog that `seed` filled first, for suites that read what they seeded. */
export async function openSeededApp(
  seed: (db: Catalog['db']) => Promise<void>,
): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const db = await openTestCatalog();
  await seed(db.catalog.db);
  const app = await buildTestApp(db.catalog);
  return {
    app,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

export function stubTemporal(overrides: Partial<TemporalClients> = {}): TemporalClients {
  return {
    checkHealth: async () => {},
    runCatalogSelfCheck: async ({ requestedBy }): Promise<CatalogSelfCheckResult> => ({
      workflowId: 'system:self-check:stub',
      requestedBy,
      catalog: { kind: 'pglite', installId: 'stub', latestMigration: '0001-foundation', connectorCount: 0 },
    }),
    ...overrides,
  };
}

export async function buildTestApp(
  catalog: AppDeps['catalog'],
  overrides: Partial<AppDeps> = {},
  env: Record<string, string> = {},
): Promise<FastifyInstance> {
  const config = loadConfig({
    env: { LANTERN_ADMIN_TOKENS: `${ADMIN_TOKEN},${OTHER_ADMIN_TOKEN}`, LOG_LEVEL: 'silent', ...env },
  });
  return buildApp({ config, catalog, temporal: stubTemporal(), ...overrides });
}
