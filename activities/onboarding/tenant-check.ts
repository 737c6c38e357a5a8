// verifyTenantAccess: after consent, does an app-only token for the tenant carry every permission the connector
// needs, and are the owners who signed in Global Administrators according to Graph (role assignments)? Read-only, so
// safe to retry; the workflow retries with backoff while consent propagates. A fresh MSAL client per call: a token
// cached from before the consent would hide newly granted roles for an hour. The token is the app the tenant consented
// to: the read-write app for a readWrite connector when one is configured.
import { ConfidentialClientApplication } from '@azure/msal-node';
import { ApplicationFailure } from '@temporalio/common';
import { appCredentialsFor, type EntraAccess } from '../../config/index.js';
import { msalConfiguration, rolesOf } from '../../entra/app-tokens.js';
import { createGraphClient } from '../../entra/graph-client.js';
import { holdsGlobalAdministrator } from '../../entra/oauth.js';
import { missingPermissions, requiredPermissions } from '../../entra/permission-sets.js';
import { ONBOARDING_FAILURES } from '../../workflows/onboarding/messages.js';
import type { CloudEndpoints, PermissionSetName } from '../../domain/connector.js';
import { FAILURES } from '../../domain/failures.js';

export interface VerifyTenantAccessInput {
  connectorId: string;
  tenantId: string;
  permissionSet: PermissionSetName;
  includeSignInActivity: boolean;
  /** Graph object ids of the owners whose sign-ins advanced the onboarding. */
  ownerObjectIds: string[];
}

export async function verifyTenantAccess(
  entra: EntraAccess | null,
  cloud: CloudEndpoints | null,
  input: VerifyTenantAccessInput,
): Promise<{ grantedPermissions: string[] }> {
  if (!entra || !cloud)
    throw ApplicationFailure.nonRetryable(
      'This worker has no Entra app credentials (LANTERN_ENTRA_CLIENT_ID and a secret or certificate).',
      FAILURES.entraNotConfigured,
    );
  let accessToken: string;
  try {
    const result = await new ConfidentialClientApplication(
      msalConfiguration(cloud, appCredentialsFor(entra, input.permissionSet), input.tenantId),
    ).acquireTokenByClientCredential({ scopes: [cloud.graphScope], skipCache: true });
    if (!result?.accessToken) throw new Error('no access token');
    accessToken = result.accessToken;
  } catch {
    throw permissionsMissing(
      requiredPermissions(input),
      'Lantern could not get a token for the tenant yet: the admin consent has not taken effect.',
    );
  }
  const granted = rolesOf(accessToken);
  const missing = missingPermissions(input, granted);
  if (missing.length > 0) throw permissionsMissing(missing, `The tenant has not granted: ${missing.join(', ')}.`);

  const graph = createGraphClient({ cloud, getAccessToken: async () => accessToken, maxRetries: 3 });
  for (const objectId of input.ownerObjectIds) {
    if (!(await holdsGlobalAdministrator(graph.client, objectId))) {
      throw ApplicationFailure.nonRetryable(
        `Graph does not list user ${objectId} as a Global Administrator of the tenant.`,
        ONBOARDING_FAILURES.ownerNotGlobalAdmin,
      );
    }
  }
  return { grantedPermissions: [...granted].sort() };
}

function permissionsMissing(missing: string[], message: string): ApplicationFailure {
  return ApplicationFailure.create({ message, type: ONBOARDING_FAILURES.permissionsMissing, details: [missing] });
}
