// A connector as the sync and access activities see it (domain/connector.ts ResolvedConnector), read from the catalog
// at the start of each activity, never carried through history.
import { ApplicationFailure } from '@temporalio/common';
import { getConnector } from '../../catalog/connectors.js';
import type { Catalog } from '../../catalog/index.js';
import type { TenantGraph } from '../../entra/tenant-graph.js';
import { resolveConnectorCloud } from './tenant-access.js';
import type { CloudEndpoints, ResolvedConnector } from '../../domain/connector.js';
import { FAILURES } from '../../domain/failures.js';

/**
 * A loader for SyncActivityDeps.loadConnector. A deleted or not-yet-connected connector fails without retries. It
 * tells `apps` which app registration the tenant consented to (its permission set), before any Graph client is made.
 */
export function connectorLoader(
  catalog: Pick<Catalog, 'db'>,
  defaultCloud: CloudEndpoints,
  apps?: Pick<TenantGraph, 'useApp'>,
) {
  return async (connectorId: string): Promise<ResolvedConnector> => {
    const connector = await getConnector(catalog.db, connectorId);
    if (!connector?.tenantId) {
      throw ApplicationFailure.nonRetryable(
        `Connector ${connectorId} does not exist or has no tenant yet: nothing to sync.`,
        FAILURES.connectorGone,
      );
    }
    apps?.useApp(connector.tenantId, connector.options.permissionSet);
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
