// The API's input rules (api/http/input-rules.ts): unusable text, wrong types and unknown fields are 400s that name the
// field, and a refused request changes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { authHeader } from '../helpers/api-app.js';
import { buildGuardedApp, SEED, type GuardedApp } from './guarded-app.js';

const C = SEED.connectorId;

describe('API input rules', () => {
  let g: GuardedApp;
  before(async () => {
    g = await buildGuardedApp();
  });
  after(async () => {
    await g?.close();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    g.app.inject({
      method,
      url,
      headers: authHeader,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const refused = (res: LightMyRequestResponse, field: RegExp) => {
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().error.code, 'invalid_request');
    assert.match(res.json().error.message, field);
  };
  /** Runs `act` and asserts that no row and no call to Temporal resulted from it. */
  const changesNothing = async (act: () => Promise<void>) => {
    const before = await g.state();
    await act();
    assert.deepEqual(await g.state(), before);
  };

  it('refuses a NUL character in any query parameter, naming it', async () => {
    for (const [url, field] of [
      ['/api/v1/access-requests?stage=%00', /querystring\.stage contains a NUL/],
      ['/api/v1/connectors?after=a%00', /querystring\.after contains a NUL/],
      ['/api/v1/audit?subject=grant%00', /querystring\.subject contains a NUL/],
      [`/api/v1/connectors/${C}/principals?search=%00`, /querystring\.search contains a NUL/],
      [`/api/v1/connectors/${C}/groups?search=x%00`, /querystring\.search contains a NUL/],
    ] as const)
      refused(await call('GET', url), field);
  });

  it('refuses NUL characters and lone surrogates in bodies, naming the field and changing nothing', async () => {
    await changesNothing(async () => {
      refused(
        await call('POST', '/api/v1/onboardings', { displayName: 'Fabri\u0000kam', owners: ['o@x.example'] }),
        /body\.displayName contains a NUL/,
      );
      refused(
        await call('POST', '/api/v1/onboardings', { displayName: 'Fabrikam', owners: ['o\uD800@x.example'] }),
        /body\.owners\.0 contains a lone UTF-16 surrogate/,
      );
      refused(
        await call('POST', '/api/v1/connectors', { displayName: 'Conto\uDC00so', tenantId: 'contoso.onmicrosoft.com' }),
        /body\.displayName contains a lone/,
      );
      refused(
        await call('PATCH', `/api/v1/connectors/${C}`, { displayName: '\u0000' }),
        /body\.displayName contains a NUL/,
      );
      refused(
        await call('POST', `/api/v1/connectors/${C}/access-requests`, {
          entitlementId: SEED.entitlementId,
          principalId: SEED.principalId,
          durationSeconds: 60,
          justification: 'incident\u0000 42',
        }),
        /body\.justification contains a NUL/,
      );
    });
  });

  it('refuses an audit cursor too large for its bigint column', async () => {
    refused(await call('GET', '/api/v1/audit?before=9999999999999999999'), /querystring\.before/);
    assert.equal((await call('GET', '/api/v1/audit?before=123')).statusCode, 200);
  });

  it('takes body values as JSON types: a string is not an array and "60" is not a number', async () => {
    await changesNothing(async () => {
      refused(
        await call('POST', '/api/v1/onboardings', { displayName: 'Fabrikam', owners: 'a@example.com' }),
        /body\.owners must be array/,
      );
      refused(
        await call('POST', '/api/v1/onboardings', {
          displayName: 'Fabrikam',
          owners: ['a@example.com'],
          syncIntervalMinutes: '60',
        }),
        /body\.syncIntervalMinutes must be integer/,
      );
      refused(
        await call('POST', '/api/v1/onboardings', { displayName: 42, owners: ['a@example.com'] }),
        /body\.displayName must be string/,
      );
      refused(
        await call('POST', `/api/v1/connectors/${C}/access-requests`, {
          entitlementId: SEED.entitlementId,
          principalId: SEED.principalId,
          durationSeconds: '60',
          justification: 'x',
        }),
        /body\.durationSeconds must be integer/,
      );
      refused(
        await call('PATCH', `/api/v1/connectors/${C}`, { options: { includeSignInActivity: 'true' } }),
        /body\.options\.includeSignInActivity must be boolean/,
      );
    });
  });

  it('still reads numbers and booleans from query strings, within their bounds', async () => {
    assert.equal((await call('GET', `/api/v1/connectors/${C}/principals?limit=5&enabled=true`)).statusCode, 200);
    refused(
      await call('GET', `/api/v1/connectors/${C}/principals?limit=1e400`),
      /querystring\.limit must be a finite number/,
    );
    refused(await call('GET', '/api/v1/audit?limit=1e400'), /querystring\.limit must be a finite number/);
    refused(await call('GET', `/api/v1/connectors/${C}/principals?limit=501`), /querystring\.limit must be <= 500/);
    refused(await call('GET', '/api/v1/audit?limit=-1'), /querystring\.limit must be >= 1/);
  });

  it('refuses unknown query parameters on every route, /audit and routes without parameters included', async () => {
    for (const url of [
      '/api/v1/audit?subjet=x',
      '/api/v1/access-requests?stag=active',
      `/api/v1/connectors/${C}?verbose=1`,
      '/api/v1/connectors?limt=5',
      `/api/v1/connectors/${C}/access-policies?x=1`,
    ]) {
      refused(await call('GET', url), /Unknown parameter querystring\.\w+: check the spelling/);
    }
  });

  it('refuses unknown body fields, also in schemas that do not say so themselves', async () => {
    await changesNothing(async () => {
      refused(
        await call('POST', '/api/v1/onboardings', {
          displayName: 'F',
          owners: ['a@example.com'],
          ownerz: ['b@example.com'],
        }),
        /Unknown field body\.ownerz/,
      );
      refused(
        await call('POST', '/api/v1/connectors', {
          displayName: 'F',
          tenantId: 'contoso.onmicrosoft.com',
          options: { cloud: { authorityHost: 'x', foo: 1 } },
        }),
        /Unknown field body\.options\.cloud\.foo/,
      );
    });
  });

  it('accepts the same requests once they are well formed', async () => {
    const created = await call('POST', '/api/v1/onboardings', {
      displayName: 'Fabrikam 😀',
      owners: ['a@example.com'],
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual(g.onboardingsStarted.at(-1)?.owners, ['a@example.com']);
    const asked = await call('POST', `/api/v1/connectors/${C}/access-requests`, {
      entitlementId: SEED.entitlementId,
      principalId: SEED.principalId,
      durationSeconds: 60,
      justification: 'incident 42 \u202Eright-to-left',
    });
    assert.equal(asked.statusCode, 201, asked.body);
  });
});
