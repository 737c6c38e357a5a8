import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { authHeader, buildTestApp, openTestCatalog, stubTemporal, type TestCatalog } from '../helpers/api-app.js';

describe('health, readiness, metrics and docs', () => {
  let db: TestCatalog;
  before(async () => {
    db = await openTestCatalog();
  });
  after(async () => {
    await db?.close();
  });

  it('says the process is up on /healthz without credentials', async () => {
    const app = await buildTestApp(db.catalog);
    const response = await app.inject({ url: '/healthz' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: 'ok' });
    await app.close();
  });

  it('is ready when Temporal and the catalog both answer', async () => {
    const app = await buildTestApp(db.catalog);
    const response = await app.inject({ url: '/readyz' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: 'ready', checks: { temporal: 'ok', catalog: 'ok' } });
    await app.close();
  });

  it('answers 503 naming Temporal when Temporal is unreachable, without leaking the error', async () => {
    const temporal = stubTemporal({
      checkHealth: async () => {
        throw new Error('14 UNAVAILABLE: tcp connect 10.0.0.7:7233 refused');
      },
    });
    const app = await buildTestApp(db.catalog, { temporal });
    const response = await app.inject({ url: '/readyz' });
    assert.equal(response.statusCode, 503);
    assert.deepEqual(response.json(), { status: 'not_ready', checks: { temporal: 'failed', catalog: 'ok' } });
    assert.doesNotMatch(response.body, /10\.0\.0\.7/);
    await app.close();
  });

  it('answers 503 naming the catalog when the database does not answer', async () => {
    const brokenCatalog = {
      ...db.catalog,
      ping: async () => {
        throw new Error('connection refused');
      },
    };
    const app = await buildTestApp(brokenCatalog);
    const response = await app.inject({ url: '/readyz' });
    assert.equal(response.statusCode, 503);
    assert.deepEqual(response.json().checks, { temporal: 'ok', catalog: 'failed' });
    await app.close();
  });

  it('is not ready when no Temporal client is configured', async () => {
    const app = await buildTestApp(db.catalog, { temporal: null });
    const response = await app.inject({ url: '/readyz' });
    assert.equal(response.statusCode, 503);
    assert.equal(response.json().checks.temporal, 'not_configured');
    await app.close();
  });

  it('exports process metrics and an HTTP histogram labelled by route template and status', async () => {
    const app = await buildTestApp(db.catalog);
    await app.inject({ url: '/api/v1/connectors?limit=5', headers: authHeader });
    await app.inject({ url: '/api/v1/connectors' });
    const response = await app.inject({ url: '/metrics' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/plain/);
    assert.match(response.body, /^process_cpu_seconds_total /m);
    assert.match(
      response.body,
      /lantern_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/connectors",status_code="200"\} 1/,
    );
    assert.match(
      response.body,
      /lantern_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/connectors",status_code="401"\} 1/,
    );
    assert.doesNotMatch(response.body, /limit=5/);
    await app.close();
  });

  describe('with a Temporal SDK metrics endpoint', () => {
    let sdk: Server;
    let sdkUrl: string;
    before(async () => {
      sdk = createServer((_req, res) =>
        res.end(
          '# TYPE temporal_worker_task_slots_available gauge\ntemporal_worker_task_slots_available{worker_type="WorkflowWorker"} 100\n',
        ),
      );
      await new Promise<void>((resolve) => sdk.listen(0, '127.0.0.1', resolve));
      sdkUrl = `http://127.0.0.1:${(sdk.address() as AddressInfo).port}/metrics`;
    });
    after(() => new Promise<void>((resolve) => sdk.close(() => resolve())));

    it('merges the SDK metrics into /metrics and reports the scrape as up', async () => {
      const app = await buildTestApp(db.catalog, {}, { LANTERN_TEMPORAL_METRICS_URL: sdkUrl });
      const body = (await app.inject({ url: '/metrics' })).body;
      assert.match(body, /temporal_worker_task_slots_available\{worker_type="WorkflowWorker"\} 100/);
      assert.match(body, /^lantern_temporal_sdk_metrics_up 1$/m);
      await app.close();
    });

    it('still answers, reporting the scrape as down, when the SDK endpoint is gone', async () => {
      const app = await buildTestApp(db.catalog, {}, { LANTERN_TEMPORAL_METRICS_URL: 'http://127.0.0.1:1/metrics' });
      const response = await app.inject({ url: '/metrics' });
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /^lantern_temporal_sdk_metrics_up 0$/m);
      await app.close();
    });
  });

  it('publishes an OpenAPI document with bearer security and a docs page', async () => {
    const app = await buildTestApp(db.catalog);
    const spec = (await app.inject({ url: '/openapi.json' })).json();
    assert.equal(spec.openapi, '3.1.0');
    assert.ok(spec.paths['/api/v1/connectors'].get, 'connectors route documented');
    assert.deepEqual(spec.security, [{ bearerAuth: [] }]);
    assert.deepEqual(spec.paths['/healthz'].get.security, [], 'public routes say they need no credentials');
    assert.equal(spec.paths['/openapi.json'], undefined);
    const docs = await app.inject({ url: '/docs/' });
    assert.equal(docs.statusCode, 200);
    assert.match(docs.body, /swagger/i);
    await app.close();
  });
});
