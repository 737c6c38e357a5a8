// What the sync activities need from the outside world, as narrow interfaces so tests can hand in a simulator-backed
// Graph and a throwaway catalog.
import type { TenantGraph } from '../../entra/tenant-graph.js';
import type { CatalogDb } from '../../catalog/directory/writes/index.js';
import type { ResolvedConnector } from '../../domain/connector.js';

export interface SyncActivityDeps {
  catalog: { db: CatalogDb };
  tenantGraph: TenantGraph;
  loadConnector(connectorId: string): Promise<ResolvedConnector>;
}
