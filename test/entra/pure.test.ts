import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateResourceUnits, resourceUnitQuotaPer10s } from '../../entra/resource-units.js';
import { createRequestBudget } from '../../entra/request-budget.js';
import { classifyGraphError, isPermanent } from '../../entra/outcomes.js';
import { endpointKey, createGraphStats } from '../../entra/graph-stats.js';
import { graphHostsFor, knownAuthoritiesFor, NATIONAL_CLOUDS, normaliseCloud } from '../../entra/cloud.js';

test('resource units follow the published cost table and modifiers', () => {
  assert.equal(estimateResourceUnits('GET', 'https://graph.microsoft.com/v1.0/users'), 2);
  assert.equal(estimateResourceUnits('GET', 'https://graph.microsoft.com/v1.0/users?$select=id,displayName'), 1);
  assert.equal(estimateResourceUnits('GET', '/v1.0/groups/0b9c7a1e-0000-0000-0000-000000000001/members?$top=999'), 3);
  assert.equal(estimateResourceUnits('GET', '/v1.0/groups/g1/transitiveMembers?$select=id'), 4);
  assert.equal(estimateResourceUnits('GET', '/v1.0/groups?$top=5'), 1, 'never below one');
  assert.equal(estimateResourceUnits('GET', '/v1.0/groups?$expand=owners'), 2);
  assert.equal(estimateResourceUnits('POST', '/v1.0/groups/g1/members/$ref'), 1);
  assert.equal(estimateResourceUnits('GET', '/v1.0/oauth2PermissionGrants'), 2);
});

test('quota depends on tenant size bands S < 50, M 50–500, L > 500', () => {
  assert.equal(resourceUnitQuotaPer10s(49), 3_500);
  assert.equal(resourceUnitQuotaPer10s(50), 5_000);
  assert.equal(resourceUnitQuotaPer10s(500), 5_000);
  assert.equal(resourceUnitQuotaPer10s(501), 8_000);
});

test('the request budget makes callers wait once the bucket is empty, for as long as refilling takes', async () => {
  let clock = 0;
  const waits: number[] = [];
  const budget = createRequestBudget({
    unitsPer10s: 100,
    utilisation: 1,
    now: () => clock,
    sleep: async (ms) => {
      waits.push(ms);
      clock += ms;
    },
  });
  await budget.take(100);
  assert.deepEqual(waits, [], 'a full bucket serves at once');
  await budget.take(10);
  assert.deepEqual(waits, [1000], '10 units at 10 units/s take one second');
});

test('settling a cheaper real cost returns the difference to the bucket', async () => {
  let clock = 0;
  const waits: number[] = [];
  const budget = createRequestBudget({
    unitsPer10s: 10,
    utilisation: 1,
    now: () => clock,
    sleep: async (ms) => {
      waits.push(ms);
      clock += ms;
    },
  });
  await budget.take(10);
  budget.settle(10, 4);
  await budget.take(6);
  assert.deepEqual(waits, []);
});

test('graph errors are classified into outcomes callers can act on', () => {
  const err = (statusCode: number, message = '', code = '') => ({ statusCode, message, code });
  assert.equal(
    classifyGraphError(
      err(400, "One or more added object references already exist for the following modified properties: 'members'."),
    ),
    'AlreadyExists',
  );
  assert.equal(classifyGraphError(err(400, 'Permission being assigned already exists on the object')), 'AlreadyExists');
  assert.equal(classifyGraphError(err(404)), 'NotFound');
  assert.equal(
    classifyGraphError(
      err(400, "One or more removed object references do not exist for the following modified properties: 'members'."),
    ),
    'NotFound',
  );
  assert.equal(classifyGraphError(err(410, 'Resync required', 'resyncRequired')), 'ResyncRequired');
  assert.equal(classifyGraphError(err(429)), 'Throttled');
  assert.equal(classifyGraphError(err(403)), 'Forbidden');
  assert.equal(classifyGraphError(err(503)), 'Transient');
  assert.equal(classifyGraphError(new TypeError('fetch failed')), 'Transient');
  assert.equal(isPermanent('Forbidden'), true);
  assert.equal(isPermanent('Throttled'), false);
});

test('endpoint keys hide object ids; throttled requests count as requests but not as served units', () => {
  assert.equal(
    endpointKey('get', 'https://localhost:9/v1.0/groups/0b9c7a1e-1234-4321-8888-000000000001/members?$top=999'),
    'GET groups/{id}/members',
  );
  const stats = createGraphStats();
  stats.record({ method: 'GET', url: '/v1.0/users', status: 200, resourceUnits: 2 });
  stats.record({ method: 'GET', url: '/v1.0/users?$skiptoken=x', status: 429, resourceUnits: 2 });
  assert.deepEqual(stats.snapshot(), {
    requests: 2,
    resourceUnits: 2,
    throttled: 1,
    serverErrors: 0,
    byEndpoint: { 'GET users': 2 },
  });
});

test('non-Microsoft authority hosts are declared known with their port; Graph hosts are bare hostnames', () => {
  const sim = normaliseCloud({
    authorityHost: 'https://localhost:8443/',
    graphBaseUrl: 'https://localhost:8443',
    graphScope: 'https://graph.microsoft.com/.default',
  });
  assert.equal(sim.authorityHost, 'https://localhost:8443');
  assert.equal(sim.graphBaseUrl, 'https://localhost:8443/');
  assert.deepEqual(knownAuthoritiesFor(sim), ['localhost:8443']);
  assert.deepEqual([...graphHostsFor(sim)], ['localhost']);
  assert.deepEqual(knownAuthoritiesFor(NATIONAL_CLOUDS.global), []);
});
