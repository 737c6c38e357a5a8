// Unit tests of the pieces onboarding trusts: signed links, the payload codec and its endpoint, id-token verification.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { defaultPayloadConverter } from '@temporalio/common';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { createIdTokenVerifier, IdTokenError } from '../../entra/id-token.js';
import { createLinkSigner } from '../../lib/links/signer.js';
import { AesGcmCodec } from '../../temporal/codec.js';
import type { OnboardingDeps } from '../../api/onboarding/deps.js';
import { authHeader, buildTestApp, openTestCatalog, type TestCatalog } from '../helpers/api-app.js';

describe('signed links', () => {
  const links = createLinkSigner(randomBytes(32));
  const claims = { subject: 'c1', actor: 'a@example.com', purpose: 'setup' as const, expiresAtMs: Date.now() + 60_000 };

  it('accepts its own link for the connector and purpose it names', () => {
    const check = links.verify(links.sign(claims), { purpose: 'setup', subject: 'c1' });
    assert.equal(check.ok, true);
    assert.equal(check.ok && check.claims.actor, 'a@example.com');
  });

  it('refuses a changed signature, another purpose or connector, an expired link and another key', () => {
    const token = links.sign(claims);
    const [payload] = token.split('.');
    assert.deepEqual(links.verify(`${payload}.${'A'.repeat(43)}`, { purpose: 'setup' }), {
      ok: false,
      reason: 'bad_signature',
    });
    assert.deepEqual(links.verify(token, { purpose: 'oauth-state' }), { ok: false, reason: 'wrong_scope' });
    assert.deepEqual(links.verify(token, { purpose: 'setup', subject: 'c2' }), { ok: false, reason: 'wrong_scope' });
    assert.deepEqual(links.verify(token, { purpose: 'setup' }, claims.expiresAtMs), { ok: false, reason: 'expired' });
    assert.deepEqual(createLinkSigner(randomBytes(32)).verify(token, { purpose: 'setup' }), {
      ok: false,
      reason: 'bad_signature',
    });
    assert.deepEqual(links.verify('not-a-token', { purpose: 'setup' }), { ok: false, reason: 'malformed' });
  });

  it('derives the same PKCE verifier for the same browser and state, and a different one otherwise', () => {
    assert.equal(links.derive('pkce', 'b1', 's1'), links.derive('pkce', 'b1', 's1'));
    assert.notEqual(links.derive('pkce', 'b1', 's1'), links.derive('pkce', 'b2', 's1'));
    assert.notEqual(links.derive('pkce', 'b1', 's1'), links.derive('nonce', 'b1', 's1'));
    assert.ok(links.derive('pkce', 'b', 's').length >= 43, 'long enough for RFC 7636');
  });
});

describe('AES-GCM payload codec', () => {
  const codec = new AesGcmCodec([randomBytes(32)]);
  const payload = defaultPayloadConverter.toPayload({ upn: 'admin@contoso.example', tenantId: 't-1' });

  it('round-trips a payload and leaves no plaintext in the encrypted form', async () => {
    const [encrypted] = await codec.encode([payload]);
    assert.ok(!Buffer.from(encrypted!.data!).toString('latin1').includes('admin@contoso'));
    const [decoded] = await codec.decode([encrypted!]);
    assert.deepEqual(defaultPayloadConverter.fromPayload(decoded!), { upn: 'admin@contoso.example', tenantId: 't-1' });
  });

  it('refuses to decode with another key and passes unencrypted payloads through', async () => {
    const [encrypted] = await codec.encode([payload]);
    await assert.rejects(new AesGcmCodec([randomBytes(32)]).decode([encrypted!]));
    assert.deepEqual(await codec.decode([payload]), [payload]);
  });
});

describe('codec endpoint', () => {
  let db: TestCatalog;
  const codec = new AesGcmCodec([randomBytes(32)]);
  before(async () => {
    db = await openTestCatalog();
  });
  after(async () => {
    await db.close();
  });

  const onboarding = {
    codec,
    codecCorsOrigins: ['http://localhost:8233'],
    publicUrl: 'http://localhost:8080',
    links: createLinkSigner(randomBytes(32)),
  } as unknown as OnboardingDeps;
  const encryptedBody = async (text: string) => {
    const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload(text)]);
    return {
      payloads: [
        {
          metadata: Object.fromEntries(
            Object.entries(encrypted!.metadata!).map(([k, v]) => [k, Buffer.from(v!).toString('base64')]),
          ),
          data: Buffer.from(encrypted!.data!).toString('base64'),
        },
      ],
    };
  };

  it('decodes for the Temporal UI origin only (CORS) and answers preflights', async () => {
    const app = await buildTestApp(db.catalog, { onboarding });
    try {
      const body = await encryptedBody('hello operator');
      const ui = await app.inject({
        method: 'POST',
        url: '/codec/decode',
        headers: { origin: 'http://localhost:8233', ...authHeader },
        payload: body,
      });
      assert.equal(ui.statusCode, 200);
      assert.equal(ui.headers['access-control-allow-origin'], 'http://localhost:8233');
      assert.equal(Buffer.from(ui.json().payloads[0].data, 'base64').toString(), '"hello operator"');
      const other = await app.inject({
        method: 'POST',
        url: '/codec/decode',
        headers: { origin: 'https://evil.example', ...authHeader },
        payload: body,
      });
      assert.equal(other.headers['access-control-allow-origin'], undefined);
      const preflight = await app.inject({
        method: 'OPTIONS',
        url: '/codec/decode',
        headers: { origin: 'http://localhost:8233' },
      });
      assert.equal(preflight.statusCode, 204);
      assert.match(String(preflight.headers['access-control-allow-headers']), /x-namespace/);
      assert.match(String(preflight.headers['access-control-allow-headers']), /authorization/);
    } finally {
      await app.close();
    }
  });

  it('refuses to decode or encode for a caller without an admin token, telling the UI why', async () => {
    const app = await buildTestApp(
      db.catalog,
      { onboarding },
      { LANTERN_APPROVER_TOKENS: 'approver-token-0123456789=p-1' },
    );
    try {
      const body = await encryptedBody('alice@contoso.example needs Global Administrator');
      for (const op of ['decode', 'encode']) {
        for (const headers of [
          {},
          { authorization: 'Bearer approver-token-0123456789' },
          { authorization: 'Bearer not-a-token' },
        ]) {
          const refused = await app.inject({
            method: 'POST',
            url: `/codec/${op}`,
            headers: { origin: 'http://localhost:8233', ...headers },
            payload: body,
          });
          assert.ok(
            [401, 403].includes(refused.statusCode),
            `${op} with ${JSON.stringify(headers)} answered ${refused.statusCode}`,
          );
          assert.doesNotMatch(refused.body, /alice|Global Administrator/);
          assert.equal(
            refused.headers['access-control-allow-origin'],
            'http://localhost:8233',
            'the UI can read the refusal',
          );
        }
      }
    } finally {
      await app.close();
    }
  });
});

describe('id token verification', () => {
  const tenant = '3f2a1b4c-1111-4222-8333-444455556666';
  const clientId = 'lantern-client-id';
  let server: Server;
  let authority: string;
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  let jwk: JWK;
  before(async () => {
    keys = await generateKeyPair('RS256');
    jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((req, res) => {
      if (req.url === `/${tenant}/discovery/v2.0/keys`)
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      else res.writeHead(404).end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    authority = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.close();
  });

  const verifier = () =>
    createIdTokenVerifier({
      cloud: {
        authorityHost: authority,
        graphBaseUrl: 'https://graph.example/',
        graphScope: 'https://graph.example/.default',
      },
      clientId,
    });
  async function idToken(
    overrides: { iss?: string; aud?: string; exp?: number; nonce?: string; key?: Parameters<SignJWT['sign']>[0] } = {},
  ) {
    return new SignJWT({
      oid: 'o-1',
      tid: tenant,
      preferred_username: 'admin@contoso.example',
      nonce: overrides.nonce ?? 'n-1',
      wids: ['62e90394-69f5-4237-9190-012177145e10'],
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuedAt()
      .setIssuer(overrides.iss ?? `${authority}/${tenant}/v2.0`)
      .setAudience(overrides.aud ?? clientId)
      .setExpirationTime(overrides.exp ?? Math.floor(Date.now() / 1000) + 600)
      .sign(overrides.key ?? keys.privateKey);
  }

  it('accepts a token signed by the tenant key for our app and returns its claims', async () => {
    const verified = await verifier().verify(await idToken(), { nonce: 'n-1' });
    assert.deepEqual(verified, {
      objectId: 'o-1',
      tenantId: tenant,
      upn: 'admin@contoso.example',
      roleTemplateIds: ['62e90394-69f5-4237-9190-012177145e10'],
      // No `roles` or `name` claim: no app roles, and the UPN stands in for the display name.
      appRoles: [],
      displayName: 'admin@contoso.example',
    });
  });

  it('rejects a forged signature, another issuer, another audience, an expired token and a replayed nonce', async () => {
    const forger = await generateKeyPair('RS256');
    const cases = {
      signature: await idToken({ key: forger.privateKey }),
      issuer: await idToken({ iss: `https://login.evil.example/${tenant}/v2.0` }),
      audience: await idToken({ aud: 'someone-else' }),
      expiry: await idToken({ exp: Math.floor(Date.now() / 1000) - 3600 }),
      nonce: await idToken({ nonce: 'other' }),
    };
    for (const [name, token] of Object.entries(cases)) {
      await assert.rejects(verifier().verify(token, { nonce: 'n-1' }), IdTokenError, name);
    }
  });
});
