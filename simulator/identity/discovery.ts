// OpenID Connect discovery, JWKS and instance discovery documents, shaped like login.microsoftonline.com's.
import type { SimulatorContext } from '../context.js';
import { issuerFor } from './authority.js';
import { publishedKey } from './jwks.js';

/** `segment` is the tenant GUID, or `organizations`/`common` (whose issuer is the `{tenantid}` template). */
export function openIdConfiguration(
  ctx: SimulatorContext,
  segment: string,
  tenantRegion = 'EU',
): Record<string, unknown> {
  const base = `${ctx.authorityHost}/${segment}`;
  const isTenant = segment !== 'organizations' && segment !== 'common';
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: issuerFor(ctx, isTenant ? segment : '{tenantid}'),
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${ctx.graphBaseUrl}oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'cloud_instance_name',
      'cloud_instance_host_name',
      'cloud_graph_host_name',
      'msgraph_host',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    kerberos_endpoint: `${base}/kerberos`,
    ...(isTenant ? { tenant_region_scope: tenantRegion } : { tenant_region_scope: null }),
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: new URL(ctx.graphBaseUrl).host,
    rbac_url: 'https://pas.windows.net',
  };
}

export async function jsonWebKeySet(ctx: SimulatorContext, segment: string): Promise<Record<string, unknown>> {
  const isTenant = segment !== 'organizations' && segment !== 'common';
  const key = await publishedKey(ctx.keys);
  return { keys: [{ ...key, issuer: issuerFor(ctx, isTenant ? segment : '{tenantid}') }] };
}

/** What MSAL's instance discovery expects; the simulator's host:port is its only alias. */
export function instanceDiscovery(ctx: SimulatorContext): Record<string, unknown> {
  const host = new URL(ctx.authorityHost).host;
  return {
    tenant_discovery_endpoint: `${ctx.authorityHost}/common/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  };
}
