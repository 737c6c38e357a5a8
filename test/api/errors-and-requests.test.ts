import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import pino from 'pino';
import { apiLoggerOptions } from '../../api/index.js';
import { redactQuery } from '../../api/http/logger.js';
import {
  ADMIN_TOKEN,
  authHeader,
  buildTestApp,
  openTestCatalog,
  stubTemporal,
  type TestCatalog,
} from '../helpers/api-app.js';

describe('errors, request ids, logs and the sample routes', () => {
  let db: TestCatalog;
  before(async () => {
    db = await openTestCatalog();
  });
  after(async () => {
    await db?.close();
  });

  it('names the invalid field and the rule in a 400', async () => {
    const app = await buildTestApp(db.catalog);
    const response = await app.inject({ url: '/api/v1/connectors?limit=1000', headers: authHeader });
    assert.equal(response.statusCode, 400);
    const { error } = response.json();
    assert.equal(error.code, 'invalid_request');
    assert.match(error.message, /querystring\.limit must be <= 500/);
    await app.close();
  });

  it('hides internals in a 500 but gives the request id to quote', async () => {
    const exploding = {
      ...db.catalog,
      db: {
        selectFrom: () => {
          throw new Error('password=hunter2 at db.internal:5432');
        },
      },
    };
    const app = await buildTestApp(exploding as never);
    const response = await app.inject({
      url: '/api/v1/connectors',
      headers: { ...authHeader, 'x-request-id': 'trace-500' },
    });
    assert.equal(response.statusCode, 500);
    assert.deepEqual(Object.keys(response.json().error).sort(), ['code', 'message', 'requestId']);
    assert.equal(response.json().error.code, 'internal_error');
    assert.equal(response.json().error.requestId, 'trace-500');
    assert.doesNotMatch(response.body, /hunter2|db\.internal/);
    await app.close();
  });

  it('answers unknown routes with a JSON 404 for authenticated callers', async () => {
    const app = await buildTestApp(db.catalog);
    const response = await app.inject({ url: '/api/v1/nothing?x=1', headers: authHeader });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().error.code, 'not_found');
    assert.match(response.json().error.message, /GET \/api\/v1\/nothing/);
    await app.close();
  });

  it('echoes a caller-supplied x-request-id and generates one otherwise', async () => {
    const app = await buildTestApp(db.catalog);
    const echoed = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    assert.equal(echoed.headers['x-request-id'], 'abc-123');
    const generated = await app.inject({ url: '/healthz' });
    assert.match(String(generated.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    const unsafe = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'bad id\nwith newline' } });
    assert.match(String(unsafe.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    const failed = await app.inject({ url: '/api/v1/connectors', headers: { 'x-request-id': 'req-401' } });
    assert.equal(failed.json().error.requestId, 'req-401');
    await app.close();
  });

  it('never writes bearer tokens or secret query values to the log', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = await buildTestApp(db.catalog, { logger: pino(apiLoggerOptions('trace'), sink) });
    await app.inject({ url: '/api/v1/connectors?token=link-secret-value&limit=2', headers: authHeader });
    await app.inject({
      url: '/api/v1/connectors',
      headers: { authorization: 'Bearer wrong-token-that-is-long-enough' },
    });
    await app.close();
    const log = lines.join('');
    assert.match(log, /incoming request/, 'requests are logged at all');
    assert.ok(!log.includes(ADMIN_TOKEN) && !log.includes('wrong-token-that') && !log.includes('link-secret-value'));
    assert.equal(redactQuery('/x?sig=abc&limit=2'), '/x?sig=redacted&limit=2');
  });

  it('lists connectors in pages ordered by id', async () => {
    await db.catalog.db
      .insertInto('connectors')
      .values(['c', 'a', 'b'].map((id) => ({ id, display_name: `Tenant ${id}`, tenant_id: null })))
      .execute();
    const app = await buildTestApp(db.catalog);
    const first = (await app.inject({ url: '/api/v1/connectors?limit=2', headers: authHeader })).json();
    assert.deepEqual(
      first.items.map((c: { id: string }) => c.id),
      ['a', 'b'],
    );
    assert.equal(first.nextAfter, 'b');
    assert.equal(first.items[0].displayName, 'Tenant a');
    assert.equal(first.items[0].status, 'pending');
    const second = (await app.inject({ url: '/api/v1/connectors?limit=2&after=b', headers: authHeader })).json();
    assert.deepEqual(
      second.items.map((c: { id: string }) => c.id),
      ['c'],
    );
    assert.equal(second.nextAfter, null);
    await app.close();
  });

  it('runs the self-check workflow for an admin and reports who asked', async () => {
    const app = await buildTestApp(db.catalog);
    const response = await app.inject({ method: 'POST', url: '/api/v1/system/self-check', headers: authHeader });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().requestedBy, 'admin-token#1');
    await app.close();
  });

  it('answers 503 with a hint when the self-check workflow cannot complete', async () => {
    const temporal = stubTemporal({
      runCatalogSelfCheck: async () => {
        throw new WorkflowFailedError('timed out', ApplicationFailure.create({ message: 'x' }), 'TIMEOUT');
      },
    });
    const app = await buildTestApp(db.catalog, { temporal });
    const response = await app.inject({ method: 'POST', url: '/api/v1/system/self-check', headers: authHeader });
    assert.equal(response.statusCode, 503);
    assert.match(response.json().error.message, /worker/);
    await app.close();
  });
});
