// Client-credentials tokens through @azure/msal-node: secret, certificate (SHA-1 and SHA-256 thumbprints), and
// the AADSTS errors Entra returns for a missing consent, a bad secret, an unknown tenant and a wrong scope.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { aadsts, claimsOf, startIdentityFixture, type IdentityFixture } from './identity-setup.js';
import { LANTERN_READ_ONLY_APP_ROLES, LANTERN_REQUIRED_APP_ROLES } from '../../simulator/model/lantern-app.js';
import { servicePrincipalByAppId } from '../../simulator/model/consent.js';
import { GRAPH_APP_ROLES } from '../../simulator/model/well-known.js';

const GRAPH_DEFAULT = ['https://graph.microsoft.com/.default'];

describe('identity platform: client credentials', () => {
  let fx: IdentityFixture;
  before(async () => {
    fx = await startIdentityFixture();
  });
  after(async () => {
    await fx.sim.close();
  });

  it('issues an app-only Graph token whose roles are the permissions consented in the tenant', async () => {
    const result = await fx.msal(fx.consented.id).acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT });
    assert.ok(result);
    const claims = claimsOf(result.accessToken);
    assert.equal(claims.tid, fx.consented.id);
    assert.equal(claims.appid, fx.sim.app.clientId);
    assert.equal(claims.scp, undefined);
    assert.deepEqual([...(claims.roles as string[])].sort(), [...LANTERN_READ_ONLY_APP_ROLES].sort());
  });

  it("gives the read-write app's tokens the write permissions the sign-in app's tokens lack", async () => {
    const rw = fx.msal(fx.consented.id, {
      clientId: fx.sim.appReadWrite.clientId,
      clientSecret: fx.sim.appReadWrite.clientSecret,
    });
    const claims = claimsOf((await rw.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }))!.accessToken);
    assert.equal(claims.appid, fx.sim.appReadWrite.clientId);
    assert.deepEqual([...(claims.roles as string[])].sort(), [...LANTERN_REQUIRED_APP_ROLES].sort());
    assert.ok(!LANTERN_READ_ONLY_APP_ROLES.some((r) => r.includes('ReadWrite')));
  });

  it('gives tokens a 3599-second lifetime on the simulated clock', async () => {
    fx.sim.store.clock.advance(2 * 3600_000);
    const result = await fx.msal(fx.consented.id).acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT });
    const claims = claimsOf(result!.accessToken);
    assert.equal(Number(claims.exp) - Number(claims.iat), 3599);
    assert.ok(Math.abs(Number(claims.iat) * 1000 - fx.sim.store.clock.now()) < 5_000);
  });

  it('drops a role from new tokens once its app role assignment is removed', async () => {
    const tenant = fx.sim.store.tenant(fx.consented.id)!;
    const sp = servicePrincipalByAppId(tenant, fx.sim.app.clientId)!;
    const assignment = [...tenant.appRoleAssignments.values()].find(
      (a) => a.principalId === sp.id && a.appRoleId === GRAPH_APP_ROLES['Group.Read.All'],
    )!;
    tenant.deleteAppRoleAssignment(assignment.id);
    const result = await fx
      .msal(fx.consented.id)
      .acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT, skipCache: true });
    assert.ok(!(claimsOf(result!.accessToken).roles as string[]).includes('Group.Read.All'));
    tenant.putAppRoleAssignment(assignment);
  });

  it('accepts a client assertion signed with the app certificate (SHA-1 x5t)', async () => {
    const cca = fx.msal(fx.consented.id, {
      clientCertificate: { thumbprint: fx.sim.app.thumbprint, privateKey: fx.sim.app.privateKeyPem },
    });
    const result = await cca.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT });
    assert.ok((claimsOf(result!.accessToken).roles as string[]).includes('User.Read.All'));
  });

  it('accepts a client assertion named by its SHA-256 thumbprint (x5t#S256, PS256)', async () => {
    const cca = fx.msal(fx.consented.id, {
      clientCertificate: { thumbprintSha256: fx.sim.app.thumbprintSha256, privateKey: fx.sim.app.privateKeyPem },
    });
    const result = await cca.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT });
    assert.equal(claimsOf(result!.accessToken).tid, fx.consented.id);
  });

  it('rejects an assertion whose thumbprint names no registered certificate (AADSTS700027)', async () => {
    const cca = fx.msal(fx.consented.id, {
      clientCertificate: { thumbprint: 'AB'.repeat(20), privateKey: fx.sim.app.privateKeyPem },
    });
    await assert.rejects(
      cca.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }),
      aadsts(700027, 'invalid_client'),
    );
  });

  it('answers AADSTS700016 unauthorized_client in a tenant that has not consented', async () => {
    await assert.rejects(
      fx.msal(fx.fresh.id).acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }),
      aadsts(700016, 'unauthorized_client'),
    );
  });

  it('answers 401 invalid_client AADSTS7000215 for a wrong secret', async () => {
    const cca = fx.msal(fx.consented.id, { clientSecret: 'not-the-secret' });
    await assert.rejects(
      cca.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }),
      aadsts(7000215, 'invalid_client'),
    );
  });

  it('answers invalid_scope AADSTS70011 for anything but the Graph .default scope', async () => {
    await assert.rejects(
      fx
        .msal(fx.consented.id)
        .acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/User.Read.All'] }),
      aadsts(70011, 'invalid_scope'),
    );
  });

  it('answers AADSTS90002 for an unknown tenant at the token endpoint', async () => {
    const unknown = '3f1e0a52-0000-4000-8000-000000000bad';
    const response = await fetch(`${fx.sim.authorityHost}/${unknown}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: fx.sim.app.clientId,
        client_secret: fx.sim.app.clientSecret,
        scope: GRAPH_DEFAULT[0]!,
      }),
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as {
      error: string;
      error_codes: number[];
      error_description: string;
      trace_id: string;
      correlation_id: string;
    };
    assert.equal(body.error, 'invalid_request');
    assert.deepEqual(body.error_codes, [90002]);
    assert.match(
      body.error_description,
      /^AADSTS90002: Tenant '3f1e0a52-0000-4000-8000-000000000bad' not found\..* Trace ID: .+ Correlation ID: .+ Timestamp: /,
    );
  });

  it('lets MSAL fail authority resolution for an unknown tenant, as it does against Microsoft', async () => {
    await assert.rejects(
      fx.msal('3f1e0a52-0000-4000-8000-000000000bad').acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }),
      (err: { errorCode?: string }) => err.errorCode === 'endpoints_resolution_error',
    );
  });

  it('accepts HTTP Basic client authentication', async () => {
    const basic = Buffer.from(`${fx.sim.app.clientId}:${encodeURIComponent(fx.sim.app.clientSecret)}`).toString(
      'base64',
    );
    const response = await fetch(`${fx.sim.authorityHost}/${fx.consented.domain}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        scope: '00000003-0000-0000-c000-000000000000/.default',
      }),
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'ext_expires_in', 'token_type']);
    assert.equal(body.expires_in, 3599);
  });
});

// The same expectations against Microsoft when a real tenant is configured (skipped otherwise), as Azurite does.
const real = {
  tenantId: process.env.LANTERN_CONTRACT_TENANT_ID,
  clientId: process.env.LANTERN_CONTRACT_CLIENT_ID,
  clientSecret: process.env.LANTERN_CONTRACT_CLIENT_SECRET,
};
describe(
  'identity platform contract against a real tenant',
  { skip: !(real.tenantId && real.clientId && real.clientSecret) && 'LANTERN_CONTRACT_* not set' },
  () => {
    const cca = (clientSecret: string) =>
      new ConfidentialClientApplication({
        auth: {
          clientId: real.clientId!,
          clientSecret,
          authority: `https://login.microsoftonline.com/${real.tenantId}`,
        },
      });

    it('issues an app-only Graph token for the tenant', async () => {
      const result = await cca(real.clientSecret!).acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT });
      assert.equal(claimsOf(result!.accessToken).tid, real.tenantId);
    });

    it('answers invalid_client AADSTS7000215 for a wrong secret', async () => {
      await assert.rejects(
        cca('not-the-secret').acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }),
        aadsts(7000215, 'invalid_client'),
      );
    });
  },
);
