// Builds the sync's dependencies from the worker's: one TenantGraph (token cache and per-tenant request budget shared
// by every sync activity in this process) and connectors read from the catalog.
import { ApplicationFailure } from '@temporalio/common';
import type { Catalog } from '../../catalog/index.js';
import { FAILURES } from '../../domain/failures.js';
import type { EntraAccess } from '../../config/index.js';
import { createTenantGraph, type TenantGraph } from '../../entra/tenant-graph.js';
import { connectorLoader } from '../connectors/index.js';
import type { SyncActivityDeps } from './deps.js';

export function syncActivityDeps(deps: {
  catalog: Pick<Catalog, 'db'>;
  entra?: EntraAccess | null | undefined;
  tenantGraph?: TenantGraph;
}): SyncActivityDeps {
  const { catalog, entra } = deps;
  if (!entra) {
    const refuse = async (): Promise<never> => {
      throw ApplicationFailure.nonRetryable(
        'This worker has no Entra app credentials: set LANTERN_ENTRA_CLIENT_ID and a secret or certificate.',
        FAILURES.entraNotConfigured,
      );
    };
    // Every sync activity loads its connector first, so the refusal comes before any Graph client is used.
    return {
      catalog,
      tenantGraph: deps.tenantGraph ?? createTenantGraph({ credentials: { clientId: '', clientSecret: '' } }),
      loadConnector: refuse,
    };
  }
  const tenantGraph =
    deps.tenantGraph ??
    createTenantGraph({ credentials: entra.credentials, readWriteCredentials: entra.readWriteCredentials });
  return { catalog, tenantGraph, loadConnector: connectorLoader(catalog, entra.defaultCloud, tenantGraph) };
}
