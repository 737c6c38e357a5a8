// The verifyConnector contract: workflow name, id, input, result and failure types. Shared by the API (which executes
// it before storing a connector), the worker and tests. Sandbox-safe: types and constants only.
import type { ConnectorCloud, PermissionSetName, ProvisioningMode } from '../../domain/connector.js';
import { FAILURES } from '../../domain/failures.js';

export const VERIFY_CONNECTOR_WORKFLOW_TYPE = 'verifyConnector';

/** One verification at a time per connector id; a retried create reuses the id. */
export const verifyConnectorWorkflowId = (connectorId: string): string => `connector:${connectorId}:verify`;

export interface VerifyConnectorInput {
  connectorId: string;
  /** Tenant GUID or one of its verified domains. */
  tenant: string;
  cloud: ConnectorCloud;
  permissionSet: PermissionSetName;
  includeSignInActivity: boolean;
  /** 'pim' also checks the tenant's licence (PIM needs Entra ID P2). Absent = direct. */
  provisioning?: ProvisioningMode | undefined;
}

export interface VerifyConnectorResult {
  /** False when Lantern's app is not installed (admin-consented) in the tenant: nothing could be read. */
  consented: boolean;
  /** The tenant GUID (resolved from a domain when one was given); null when no token could be issued. */
  tenantId: string | null;
  tenantDisplayName: string | null;
  /** Application permissions the tenant granted Lantern (the token's roles). */
  grantedPermissions: string[];
  /** Required permissions not granted, by name. Empty = verified. */
  missingPermissions: string[];
  /** PIM mode only: whether the tenant's organization has an Entra ID P2 (or Governance) plan; null = could not tell. */
  pimLicensed?: boolean | null | undefined;
}

/** ApplicationFailure types the verification ends with when retrying cannot help. */
export const VERIFY_FAILURES = {
  tenantNotFound: 'TenantNotFound',
  invalidAppCredentials: 'InvalidAppCredentials',
  entraNotConfigured: FAILURES.entraNotConfigured,
} as const;
