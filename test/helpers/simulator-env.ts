// Lantern pointed at a running simulator, the same way in every suite: the LANTERN_ENTRA_* variables, and the
// simulated tenant as a connector in the catalog.
import type { CatalogDb } from '../../catalog/directory/writes/sql.js';
import { DEFAULT_SYNC_OPTIONS, type ResolvedConnector } from '../../domain/connector.js';
import type { RunningSimulator } from '../../simulator/index.js';
import type { Tenant } from '../../simulator/model/tenant.js';
import { connectorRow } from './catalog-rows.js';

/** LANTERN_ENTRA_* for the simulator's sign-in app (plus its read-write app when asked) on its custom cloud. */
export function simulatorLanternEnv(
  sim: RunningSimulator,
  options: { readWrite?: boolean } = {},
): Record<string, string> {
  return {
    LANTERN_ENTRA_CLIENT_ID: sim.app.clientId,
    LANTERN_ENTRA_CLIENT_SECRET: sim.app.clientSecret,
    ...(options.readWrite
      ? {
          LANTERN_ENTRA_RW_CLIENT_ID: sim.appReadWrite.clientId,
          LANTERN_ENTRA_RW_CLIENT_SECRET: sim.appReadWrite.clientSecret,
        }
      : {}),
    LANTERN_ENTRA_CLOUD: 'custom',
    LANTERN_ENTRA_AUTHORITY_HOST: sim.authorityHost,
    LANTERN_ENTRA_GRAPH_BASE_URL: sim.graphBaseUrl,
    LANTERN_ENTRA_GRAPH_SCOPE: 'https://graph.microsoft.com/.default',
  };
}

/**
 * The simulator's first tenant as a connected Lantern connector (default sync options, the simulator's cloud), with
 * its row written to the catalog: the starting point of every suite that runs real activities against the simulator.
 */
export async function connectSimulatorTenant(
  sim: RunningSimulator,
  db: CatalogDb,
  displayName = 'Test tenant',
): Promise<{ tenant: Tenant; connector: ResolvedConnector }> {
  const tenant = sim.store.tenants()[0]!;
  const connector: ResolvedConnector = {
    id: `c-${tenant.id.slice(0, 8)}`,
    tenantId: tenant.id,
    cloud: {
      authorityHost: sim.authorityHost,
      graphBaseUrl: sim.graphBaseUrl,
      graphScope: 'https://graph.microsoft.com/.default',
    },
    options: DEFAULT_SYNC_OPTIONS,
  };
  await db
    .insertInto('connectors')
    .values(connectorRow(connector.id, { displayName, tenantId: tenant.id }))
    .execute();
  return { tenant, connector };
}
