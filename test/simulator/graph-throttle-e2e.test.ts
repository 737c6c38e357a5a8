// Throttling end to end: under strict limits Graph answers 429 with Retry-After and the x-ms-throttle-* headers,
// and the official client's RetryHandler waits and recovers without the caller noticing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RetryHandlerOptions, type Client } from '@microsoft/microsoft-graph-client';
import type { RunningSimulator } from '../../simulator/index.js';
import type { Tenant } from '../../simulator/model/tenant.js';
import { startTestSimulator } from './clients.js';
import type { GraphBody } from './graph-writes-helpers.js';
import { clientWithRoles, editableGroup, failure } from './graph-writes-helpers.js';

describe('throttling through the official client', () => {
  let sim: RunningSimulator;
  let tenant: Tenant;
  let client: Client;
  const noRetry = () => [new RetryHandlerOptions(0, 0)];

  before(async () => {
    sim = await startTestSimulator({ throttle: 'strict' });
    tenant = sim.store.tenant(sim.tenants[0]!.id)!;
    client = await clientWithRoles(sim, tenant.id, ['Directory.Read.All']);
  });
  after(async () => {
    await sim.close();
  });

  it('refuses with 429 TooManyRequests, an integer Retry-After and the scope headers, then the RetryHandler recovers', async () => {
    const path = `/groups/${editableGroup(tenant).id}/transitiveMembers`; // 5 RU; strict S tenant: 70 RU / 10 s
    let throttled;
    for (let i = 0; i < 20 && !throttled; i++) {
      const res = (await client
        .api(path)
        .middlewareOptions(noRetry())
        .responseType('raw' as never)
        .get()) as Response;
      if (res.status === 429) throttled = res;
      else assert.equal(res.headers.get('x-ms-resource-unit'), '5');
    }
    assert.ok(throttled, 'a 429 within 20 requests');
    assert.match(String(throttled.headers.get('retry-after')), /^[1-9]\d*$/);
    assert.equal(
      throttled.headers.get('x-ms-throttle-scope'),
      `Tenant_Application/ReadWrite/${sim.app.clientId}/${tenant.id}`,
    );
    assert.equal(throttled.headers.get('x-ms-throttle-information'), 'ResourceUnitLimitExceeded');
    const body = (await throttled.json()) as GraphBody;
    assert.equal(body.error.code, 'TooManyRequests');
    assert.equal(body.error.innerError.status, '429');

    const err = await failure(client.api(path).middlewareOptions(noRetry()).get());
    assert.equal(err.statusCode, 429);
    const recovered = await client.api(path).get(); // default RetryHandler honours Retry-After
    assert.ok(Array.isArray(recovered.value));
  });

  it('sends x-ms-throttle-limit-percentage once more than 80 % of the limit is used', async () => {
    const other = await clientWithRoles(sim, tenant.id, ['Directory.Read.All']);
    const seen: (string | null)[] = [];
    for (let i = 0; i < 14; i++) {
      const res = (await other
        .api('/organization')
        .middlewareOptions(noRetry())
        .responseType('raw' as never)
        .get()) as Response;
      if (res.status === 200) seen.push(res.headers.get('x-ms-throttle-limit-percentage'));
    }
    assert.ok(
      seen.some((p) => p !== null && Number(p) > 0.8),
      `percentages seen: ${seen.join(',')}`,
    );
  });
});
