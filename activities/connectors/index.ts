// Activities about connectors. The worker builds them once with the Entra app credentials from its configuration;
// without credentials verification fails with a message saying which settings are missing.
import type { EntraAccess } from '../../config/index.js';
import type { VerifyConnectorInput, VerifyConnectorResult } from '../../workflows/connectors/messages.js';
import { createTenantAccess } from './tenant-access.js';
import { verifyConnectorAccess } from './verify.js';

export interface ConnectorActivityDeps {
  /** null/undefined = Lantern runs without an Entra app registration. */
  entra?: EntraAccess | null | undefined;
}

export function createConnectorActivities({ entra }: ConnectorActivityDeps) {
  const access = entra ? createTenantAccess(entra) : null;
  return {
    /** Read-only: a token, GET /organization and a roles check. Safe to retry. */
    async verifyConnectorAccess(input: VerifyConnectorInput): Promise<VerifyConnectorResult> {
      return verifyConnectorAccess(access, input);
    },
  };
}

export type ConnectorActivities = ReturnType<typeof createConnectorActivities>;
export { createTenantAccess, resolveConnectorCloud, tokenClaim, type TenantAccess } from './tenant-access.js';
export { connectorLoader } from './load-connector.js';
