// App-only (client credentials) tokens for Lantern's multi-tenant app registration, one MSAL client per tenant.
// Credentials come from server configuration only; they never travel through a request body or Temporal history.
import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import { knownAuthoritiesFor, normaliseCloud } from './cloud.js';
import type { CloudEndpoints } from '../domain/connector.js';

export type AppCredentials =
  | { clientId: string; clientSecret: string }
  | { clientId: string; certificate: { thumbprintSha256: string; privateKeyPem: string; x5c?: string } };

export interface AppToken {
  accessToken: string;
  expiresOn: Date;
  /** Application permissions the token carries (its `roles` claim). */
  roles: string[];
}

export interface AppTokenProvider {
  /** A cached token while it is valid; `forceRefresh` asks the authority for a new one (e.g. after a 401). */
  getToken(tenantId: string, options?: { forceRefresh?: boolean }): Promise<AppToken>;
}

export function msalConfiguration(cloud: CloudEndpoints, credentials: AppCredentials, tenantId: string): Configuration {
  const { authorityHost } = normaliseCloud(cloud);
  return {
    auth: {
      clientId: credentials.clientId,
      authority: `${authorityHost}/${tenantId}`,
      knownAuthorities: knownAuthoritiesFor(cloud),
      ...('clientSecret' in credentials
        ? { clientSecret: credentials.clientSecret }
        : {
            clientCertificate: {
              thumbprintSha256: credentials.certificate.thumbprintSha256,
              privateKey: credentials.certificate.privateKeyPem,
              ...(credentials.certificate.x5c ? { x5c: credentials.certificate.x5c } : {}),
            },
          }),
    },
  };
}

export function createAppTokenProvider(cloud: CloudEndpoints, credentials: AppCredentials): AppTokenProvider {
  const clients = new Map<string, ConfidentialClientApplication>();
  const scopes = [normaliseCloud(cloud).graphScope];
  return {
    async getToken(tenantId, { forceRefresh = false } = {}) {
      let client = clients.get(tenantId);
      if (!client) {
        client = new ConfidentialClientApplication(msalConfiguration(cloud, credentials, tenantId));
        clients.set(tenantId, client);
      }
      const result = await client.acquireTokenByClientCredential({ scopes, skipCache: forceRefresh });
      if (!result?.accessToken) throw new Error(`No access token was issued for tenant ${tenantId}`);
      return {
        accessToken: result.accessToken,
        expiresOn: result.expiresOn ?? new Date(Date.now() + 300_000),
        roles: rolesOf(result.accessToken),
      };
    },
  };
}

/**
 * Reads the `roles` claim. The token came straight from the authority over TLS and is only inspected to report
 * which permissions were granted, never to authorise anything inside Lantern, so its signature is not checked here.
 */
export function rolesOf(accessToken: string): string[] {
  const payload = accessToken.split('.')[1];
  if (!payload) return [];
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { roles?: unknown };
    return Array.isArray(claims.roles) ? claims.roles.map(String) : [];
  } catch {
    return [];
  }
}
