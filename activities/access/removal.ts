// The one removal path of Lantern: just-in-time grants that end and access reviews that deny both come here. Direct
// mode deletes through the entitlement's Entra kind; PIM mode ends directory roles and group memberships with an
// adminRemove schedule request (app roles have no PIM equivalent). "Already gone" is an outcome, not an error;
// permanent refusals are non-retryable failures (ACCESS_FAILURES.refused); throttling and outages are thrown as is.
import type { GrantableEntitlement } from '../../domain/entitlement-id.js';
import type { TenantGraphTarget } from '../../entra/kinds/index.js';
import type { ChangeResult } from './contract.js';
import { removeAccess } from './graph-operations.js';
import { pimOf, pimRemove } from './pim-operations.js';
import { provisioningOf } from './pim.js';
import type { SyncActivityDeps } from '../sync/deps.js';

export async function removeGrantedAccess(
  graph: TenantGraphTarget,
  pim: boolean,
  entitlement: GrantableEntitlement,
  principalId: string,
): Promise<ChangeResult> {
  const viaPim = pim ? pimOf(entitlement) : null;
  return viaPim ? pimRemove(graph, viaPim, principalId) : removeAccess(graph, entitlement, principalId);
}

/** The connector's Graph client (paced by the tenant's request budget) and whether it provisions through PIM. */
export async function reachConnector(
  deps: SyncActivityDeps,
  connectorId: string,
): Promise<{ graph: TenantGraphTarget; pim: boolean }> {
  const connector = await deps.loadConnector(connectorId);
  const { client } = deps.tenantGraph.client({ tenantId: connector.tenantId, cloud: connector.cloud });
  return { graph: { client, graphBaseUrl: connector.cloud.graphBaseUrl }, pim: provisioningOf(connector) === 'pim' };
}
