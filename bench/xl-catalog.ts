// The XL directory written into a catalog the way a full sync's activities write it (the same writers, pages of 999),
// for the benches that seed a catalog directly: minutes faster than syncing the simulator's XL tenant through Temporal.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../api/index.js';
import type { Catalog } from '../catalog/index.js';
import { loadConfig, type Config } from '../config/index.js';
import { stubTemporal } from '../test/helpers/api-app.js';
import {
  completeFullSync,
  startSyncRun,
  upsertEntitlements,
  upsertGrants,
  upsertGroupMembers,
  upsertPrincipals,
  upsertResources,
  type CatalogDb,
} from '../catalog/directory/writes/index.js';
import type { Directory } from './xl-directory.js';

export const PAGE = 999;
export const CONNECTOR_ID = 'xl';
export const TENANT_ID = '5e1f0000-0000-4000-8000-00000000b0b0';

export async function inPages<T>(rows: readonly T[], write: (page: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += PAGE) await write(rows.slice(start, start + PAGE));
}

/** Runs `work` and logs how long it took as "seeded <name> in <seconds> s". */
export function timedStep(log: (line: string) => void) {
  return async (name: string, work: () => Promise<unknown>): Promise<void> => {
    const started = performance.now();
    await work();
    log(`  seeded ${name} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
}

/**
 * Adds the connector 'Contoso XL' and writes `directory` as its first full sync (sweep and via-group grants included);
 * returns the sync's page (connector id, generation) for writers that follow.
 */
export async function writeXlDirectory(
  db: CatalogDb,
  directory: Directory,
  log: (line: string) => void,
): Promise<{ connectorId: string; generation: number }> {
  await db
    .insertInto('connectors')
    .values({ id: CONNECTOR_ID, display_name: 'Contoso XL', tenant_id: TENANT_ID, status: 'connected' })
    .execute();
  const generation = Number(
    (await startSyncRun(db, { id: 'xl-full', connectorId: CONNECTOR_ID, mode: 'full' })).generation,
  );
  const page = { connectorId: CONNECTOR_ID, generation };
  const step = timedStep(log);
  await step('principals', () =>
    inPages(directory.principals, (principals) => upsertPrincipals(db, { ...page, principals })),
  );
  await step('resources', () =>
    inPages(directory.resources, (resources) => upsertResources(db, { ...page, resources })),
  );
  await step('entitlements', () =>
    inPages(directory.entitlements, (entitlements) => upsertEntitlements(db, { ...page, entitlements })),
  );
  await step('group members', () => inPages(directory.edges, (edges) => upsertGroupMembers(db, { ...page, edges })));
  await step('grants', () => inPages(directory.grants, (grants) => upsertGrants(db, { ...page, grants })));
  await step('sweep + via-group grants', () => completeFullSync(db, page));
  return page;
}

/** The API on the XL catalog, as the page benches drive it: the XL tenant is the home tenant, no Temporal, no logs. */
export async function buildXlApp(catalog: Catalog, dataDir: string): Promise<{ app: FastifyInstance; config: Config }> {
  const config = loadConfig({
    env: {
      LANTERN_ADMIN_TOKENS: 'bench-admin-token-0123456789abcdef',
      LANTERN_HOME_TENANT_ID: TENANT_ID,
      LOG_LEVEL: 'silent',
      LANTERN_DATA_DIR: dataDir,
    },
  });
  return { app: await buildApp({ config, catalog, temporal: stubTemporal() }), config };
}
