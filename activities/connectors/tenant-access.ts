// Reaching one tenant with Lantern's app credentials: the connector's cloud resolved against the worker's default,
// one MSAL token provider per cloud (MSAL caches a client and its tokens per tenant inside it), and the Graph client.
// Shared by connector verification and the sync activities.
import { createAppTokenProvider, type AppTokenProvider } from '../../entra/app-tokens.js';
import { NATIONAL_CLOUDS, normaliseCloud } from '../../entra/cloud.js';
import type { EntraAccess } from '../../config/index.js';
import type { CloudEndpoints, ConnectorCloud } from '../../domain/connector.js';

export function resolveConnectorCloud(cloud: ConnectorCloud, defaultCloud: CloudEndpoints): CloudEndpoints {
  if (cloud === null) return normaliseCloud(defaultCloud);
  if (typeof cloud === 'string') return NATIONAL_CLOUDS[cloud];
  return normaliseCloud(cloud);
}

export interface TenantAccess {
  entra: EntraAccess;
  cloudOf(cloud: ConnectorCloud): CloudEndpoints;
  tokensFor(cloud: CloudEndpoints): AppTokenProvider;
}

export function createTenantAccess(entra: EntraAccess): TenantAccess {
  const providers = new Map<string, AppTokenProvider>();
  return {
    entra,
    cloudOf: (cloud) => resolveConnectorCloud(cloud, entra.defaultCloud),
    tokensFor(cloud) {
      const key = `${cloud.authorityHost} ${cloud.graphScope}`;
      let provider = providers.get(key);
      if (!provider) {
        provider = createAppTokenProvider(cloud, entra.credentials);
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
