// Discovery documents as MSAL and id-token verifiers read them: per-tenant and organizations OpenID configuration,
// the JWKS (kid, x5t, n, e, x5c whose certificate carries the signing key), instance discovery, unknown tenants.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { startIdentityFixture, type IdentityFixture } from './identity-setup.js';

describe('identity platform: discovery', () => {
  let fx: IdentityFixture;
  before(async () => {
    fx = await startIdentityFixture();
  });
  after(async () => {
    await fx.sim.close();
  });

  const getJson = async (path: string) => {
    const response = await fetch(`${fx.sim.authorityHost}${path}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('publishes a tenant OpenID configuration on the authority host, under the tenant id even when asked by domain', async () => {
    const { status, body } = await getJson(`/${fx.consented.domain}/v2.0/.well-known/openid-configuration`);
    assert.equal(status, 200);
    const base = `${fx.sim.authorityHost}/${fx.consented.id}`;
    assert.equal(body.issuer, `${base}/v2.0`);
    assert.equal(body.token_endpoint, `${base}/oauth2/v2.0/token`);
    assert.equal(body.authorization_endpoint, `${base}/oauth2/v2.0/authorize`);
    assert.equal(body.jwks_uri, `${base}/discovery/v2.0/keys`);
    assert.deepEqual(body.id_token_signing_alg_values_supported, ['RS256']);
    assert.equal(body.cloud_instance_name, 'microsoftonline.com');
  });

  it('uses the {tenantid} issuer template for organizations and common', async () => {
    for (const segment of ['organizations', 'common']) {
      const { body } = await getJson(`/${segment}/v2.0/.well-known/openid-configuration`);
      assert.equal(body.issuer, `${fx.sim.authorityHost}/{tenantid}/v2.0`);
      assert.equal(body.token_endpoint, `${fx.sim.authorityHost}/${segment}/oauth2/v2.0/token`);
    }
  });

  it('answers 400 invalid_tenant AADSTS90002 for an unknown tenant', async () => {
    const { status, body } = await getJson('/unknown.onmicrosoft.com/v2.0/.well-known/openid-configuration');
    assert.equal(status, 400);
    assert.equal(body.error, 'invalid_tenant');
    assert.deepEqual(body.error_codes, [90002]);
  });

  it('publishes the signing key with x5t and an x5c certificate for the same key', async () => {
    const { body } = await getJson(`/${fx.consented.id}/discovery/v2.0/keys`);
    const [key] = body.keys as Record<string, unknown>[];
    assert.equal(key!.kty, 'RSA');
    assert.equal(key!.use, 'sig');
    assert.equal(key!.e, 'AQAB');
    assert.equal(key!.issuer, `${fx.sim.authorityHost}/${fx.consented.id}/v2.0`);
    const der = Buffer.from((key!.x5c as string[])[0]!, 'base64');
    assert.equal(key!.x5t, createHash('sha1').update(der).digest('base64url'));
    const certKey = new X509Certificate(der).publicKey.export({ format: 'jwk' });
    assert.equal(certKey.n, key!.n);
  });

  it('answers instance discovery with the simulator host as the only alias, and AADSTS50049 for other hosts', async () => {
    const ours = await getJson(
      `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${fx.sim.authorityHost}/common/oauth2/v2.0/authorize`)}`,
    );
    assert.deepEqual((ours.body.metadata as { aliases: string[] }[])[0]!.aliases, [fx.host]);
    const other = await getJson(
      '/common/discovery/instance?api-version=1.1&authorization_endpoint=https://login.example.com/common/oauth2/v2.0/authorize',
    );
    assert.equal(other.status, 400);
    assert.equal(other.body.error, 'invalid_instance');
  });

  it('lets MSAL use cloudDiscoveryMetadata from instance discovery instead of knownAuthorities', async () => {
    const { body } = await getJson('/common/discovery/instance?api-version=1.1');
    const cca = new ConfidentialClientApplication({
      auth: {
        clientId: fx.sim.app.clientId,
        clientSecret: fx.sim.app.clientSecret,
        authority: `${fx.sim.authorityHost}/${fx.consented.id}`,
        cloudDiscoveryMetadata: JSON.stringify(body),
      },
    });
    const result = await cca.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    assert.ok(result?.accessToken);
  });
});
