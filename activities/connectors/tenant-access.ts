// Reaching one tenant with Lantern's app credentials: the connector's cloud resolved against the worker's default,
// one MSAL token provider per cloud and app registration (MSAL caches a client and its tokens per tenant inside it).
// readWrite connectors use the read-write app when one is configured (config/entra-credentials.ts).
// Shared by connector verification and the sync activities.
import { createAppTokenProvider, type AppTokenProvider } from '../../entra/app-tokens.js';
import { NATIONAL_CLOUDS, normaliseCloud } from '../../entra/cloud.js';
import { appCredentialsFor, type EntraAccess } from '../../config/index.js';
import type { CloudEndpoints, ConnectorCloud, PermissionSetName } from '../../domain/connector.js';

export function resolveConnectorCloud(cloud: ConnectorCloud, defaultCloud: CloudEndpoints): CloudEndpoints {
  if (cloud === null) return normaliseCloud(defaultCloud);
  if (typeof cloud === 'string') return NATIONAL_CLOUDS[cloud];
  return normaliseCloud(cloud);
}

export interface TenantAccess {
  entra: EntraAccess;
  cloudOf(cloud: ConnectorCloud): CloudEndpoints;
  /** `permissionSet` picks the app registration the tenant consented to (default readOnly: the primary app). */
  tokensFor(cloud: CloudEndpoints, permissionSet?: PermissionSetName): AppTokenProvider;
}

export function createTenantAccess(entra: EntraAccess): TenantAccess {
  const providers = new Map<string, AppTokenProvider>();
  return {
    entra,
    cloudOf: (cloud) => resolveConnectorCloud(cloud, entra.defaultCloud),
    tokensFor(cloud, permissionSet = 'readOnly') {
      const credentials = appCredentialsFor(entra, permissionSet);
      const key = `${cloud.authorityHost} ${cloud.graphScope} ${credentials.clientId}`;
      let provider = providers.get(key);
      if (!provider) {
        provider = createAppTokenProvider(cloud, credentials);
        providers.set(key, provider);
      }
      return provider;
    },
  };
}

/** Reads one claim of a token Lantern just received from the authority (never used to authorise anything). */
export function tokenClaim(accessToken: string, claim: string): string | null {
  try {
    const payload = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    const value = payload[claim];
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}
