// A connector as the sync and access activities see it (domain/connector.ts ResolvedConnector), read from the catalog
// at the start of each activity, never carried through history.
import { ApplicationFailure } from '@temporalio/common';
import { getConnector } from '../../catalog/connectors.js';
import type { Catalog } from '../../catalog/index.js';
import { resolveConnectorCloud } from './tenant-access.js';
import type { CloudEndpoints, ResolvedConnector } from '../../domain/connector.js';
import { FAILURES } from '../../domain/failures.js';

/** A loader for SyncActivityDeps.loadConnector. A deleted or not-yet-connected connector fails without retries. */
export function connectorLoader(catalog: Pick<Catalog, 'db'>, defaultCloud: CloudEndpoints) {
  return async (connectorId: string): Promise<ResolvedConnector> => {
    const connector = await getConnector(catalog.db, connectorId);
    if (!connector?.tenantId) {
      throw ApplicationFailure.nonRetryable(
        `Connector ${connectorId} does not exist or has no tenant yet: nothing to sync.`,
        FAILURES.connectorGone,
      );
    }
    const { skipOnPremisesSyncedGroups, includeSignInActivity, skipAppsWithoutAssignments, cloud, provisioning } =
      connector.options;
    return {
      id: connector.id,
      tenantId: connector.tenantId,
      cloud: resolveConnectorCloud(cloud, defaultCloud),
      options: { skipOnPremisesSyncedGroups, includeSignInActivity, skipAppsWithoutAssignments, provisioning },
    };
  };
}
