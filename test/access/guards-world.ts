// The removal guards' world without Temporal: the in-process simulator, a PGlite catalog holding its tenant as a
// connector, and the real access and reconcile activities called directly (they need no workflow around them).
import { openCatalog, type Catalog } from '../../catalog/index.js';
import { createAccessActivities, type AccessActivities } from '../../activities/access/index.js';
import { createTenantGraph } from '../../entra/tenant-graph.js';
import type { ResolvedConnector } from '../../domain/connector.js';
import type { RunningSimulator } from '../../simulator/index.js';
import type { Tenant } from '../../simulator/model/tenant.js';
import { startTestSimulator } from '../simulator/clients.js';
import { connectSimulatorTenant } from '../helpers/simulator-env.js';
import { createTempDir, type TempDir } from '../helpers/temp-dir.js';
import { directGrantRow, userRow } from '../helpers/catalog-rows.js';

export interface GuardsWorld {
  sim: RunningSimulator;
  tenant: Tenant;
  catalog: Catalog;
  connector: ResolvedConnector;
  deps: Parameters<typeof createAccessActivities>[0];
  activities: AccessActivities;
  /** Writes the catalog's view of one direct grant (and its user principal), as a sync would. */
  seedGrant(entitlementId: string, principalId: string): Promise<void>;
  protect(principalId: string, reason: string): Promise<void>;
  /** The simulator's change log head and audit count: unchanged = Lantern wrote nothing to Graph. */
  graphWrites(): { changes: number; audits: number };
  close(): Promise<void>;
}

export async function startGuardsWorld(): Promise<GuardsWorld> {
  const sim = await startTestSimulator();
  const dir: TempDir = await createTempDir('lantern-guards-');
  const catalog = await openCatalog({ dataDir: dir.path });
  const { tenant, connector } = await connectSimulatorTenant(sim, catalog.db);
  const tenantGraph = createTenantGraph({
    credentials: { clientId: sim.appReadWrite.clientId, clientSecret: sim.appReadWrite.clientSecret },
  });
  const deps = { catalog, tenantGraph, loadConnector: async () => connector };
  return {
    sim,
    tenant,
    catalog,
    connector,
    deps,
    activities: createAccessActivities(deps),
    async seedGrant(entitlementId, principalId) {
      const user = tenant.users.get(principalId);
      if (user)
        await catalog.db
          .insertInto('principals')
          .values(userRow(connector.id, principalId, { upn: user.userPrincipalName }))
          .onConflict((oc) => oc.doNothing())
          .execute();
      await catalog.db
        .insertInto('grants')
        .values(
          directGrantRow(connector.id, entitlementId, principalId, {
            principalKind: user ? 'user' : 'servicePrincipal',
          }),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
    },
    async protect(principalId, reason) {
      await catalog.db
        .insertInto('protected_accounts')
        .values({ connector_id: connector.id, principal_id: principalId, reason, added_by: 'admin-token#1' })
        .execute();
    },
    graphWrites: () => ({ changes: tenant.lastSeq, audits: tenant.directoryAudits.length }),
    async close() {
      await catalog.close();
      await sim.close();
      await dir.remove();
    },
  };
}
