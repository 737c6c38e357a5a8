// What the sync activities need from the outside world, as narrow interfaces so tests can hand in a simulator-backed
// Graph and a throwaway catalog.
import type { CloudEndpoints } from '../../entra/cloud.js';
import type { TenantGraph } from '../../entra/tenant-graph.js';
import type { CatalogDb } from '../../catalog/directory/index.js';

export interface SyncOptions {
  skipOnPremisesSyncedGroups: boolean;
  includeSignInActivity: boolean;
  skipAppsWithoutAssignments: boolean;
}

export const DEFAULT_SYNC_OPTIONS: SyncOptions = {
  skipOnPremisesSyncedGroups: false,
  includeSignInActivity: false,
  skipAppsWithoutAssignments: false,
};

/** A connector as the sync sees it: which tenant, in which cloud, with which options. */
export interface SyncConnector {
  id: string;
  tenantId: string;
  cloud: CloudEndpoints;
  options: SyncOptions;
}

export interface SyncActivityDeps {
  catalog: { db: CatalogDb };
  tenantGraph: TenantGraph;
  loadConnector(connectorId: string): Promise<SyncConnector>;
}
