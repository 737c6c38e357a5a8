// What the sync needs to know about a connector, read from the catalog at the start of each activity (never carried
// through history): its tenant, its cloud resolved against the worker's default, and its sync options.
import { ApplicationFailure } from '@temporalio/common';
import { getConnector } from '../../catalog/connectors.js';
import type { Catalog } from '../../catalog/index.js';
import type { CloudEndpoints } from '../../entra/cloud.js';
import type { ProvisioningMode } from '../../entra/permission-sets.js';
import { resolveConnectorCloud } from './tenant-access.js';

export interface LoadedConnector {
  id: string;
  tenantId: string;
  cloud: CloudEndpoints;
  /** provisioning is read by the access activities (activities/access/pim.ts); the sync ignores it. */
  options: { skipOnPremisesSyncedGroups: boolean; includeSignInActivity: boolean; skipAppsWithoutAssignments: boolean; provisioning: ProvisioningMode };
}

export const CONNECTOR_GONE = 'ConnectorNotFound';

/** A loader for SyncActivityDeps.loadConnector. A deleted or not-yet-connected connector fails without retries. */
export function connectorLoader(catalog: Pick<Catalog, 'db'>, defaultCloud: CloudEndpoints) {
  return async (connectorId: string): Promise<LoadedConnector> => {
    const connector = await getConnector(catalog.db, connectorId);
    if (!connector?.tenantId) {
      throw ApplicationFailure.nonRetryable(`Connector ${connectorId} does not exist or has no tenant yet: nothing to sync.`, CONNECTOR_GONE);
    }
    const { skipOnPremisesSyncedGroups, includeSignInActivity, skipAppsWithoutAssignments, cloud, provisioning } = connector.options;
    return {
      id: connector.id, tenantId: connector.tenantId, cloud: resolveConnectorCloud(cloud, defaultCloud),
      options: { skipOnPremisesSyncedGroups, includeSignInActivity, skipAppsWithoutAssignments, provisioning },
    };
  };
}
