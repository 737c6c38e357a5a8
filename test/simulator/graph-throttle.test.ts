// Throttling units: the published resource-unit costs, the token buckets, and the 429 Graph returns when a bucket
// is empty (Retry-After = time until enough tokens, scope and information headers).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GraphError } from '../../simulator/graph/errors.js';
import { requestCost } from '../../simulator/graph/throttle/cost.js';
import { limitsFor, tenantSizeClass } from '../../simulator/graph/throttle/limits.js';
import { Throttler, type ThrottleInput } from '../../simulator/graph/throttle/throttler.js';

const cost = (method: string, path: string, query: Record<string, string> = {}) => requestCost({ method, path, query });

describe('resource unit costs', () => {
  it('follows the base table', () => {
    assert.equal(cost('GET', '/users').resourceUnits, 2);
    assert.equal(cost('GET', '/users/abc').resourceUnits, 1);
    assert.equal(cost('GET', '/groups/abc/members').resourceUnits, 3);
    assert.equal(cost('GET', '/groups/abc/transitiveMembers').resourceUnits, 5);
    assert.equal(cost('GET', '/oauth2PermissionGrants').resourceUnits, 2);
    assert.equal(cost('GET', '/users/abc/memberOf').resourceUnits, 2);
    assert.equal(cost('POST', '/directoryObjects/getByIds').resourceUnits, 3);
    assert.equal(cost('POST', '/users/abc/checkMemberGroups').resourceUnits, 4);
  });

  it('applies $select −1, $expand +1 and $top<20 −1, never below 1', () => {
    assert.equal(cost('GET', '/groups/abc/members', { $select: 'id' }).resourceUnits, 2);
    assert.equal(cost('GET', '/groups/abc/members', { $expand: 'x' }).resourceUnits, 4);
    assert.equal(cost('GET', '/groups/abc/members', { $select: 'id', $top: '5' }).resourceUnits, 1);
    assert.equal(cost('GET', '/users', { $select: 'id', $top: '5' }).resourceUnits, 1);
    assert.equal(cost('GET', '/users', { $top: '999' }).resourceUnits, 2);
  });

  it('charges writes to the write quota, but not read-only POST actions', () => {
    assert.equal(cost('POST', '/groups/abc/members/$ref').writeUnits, 1);
    assert.equal(cost('DELETE', '/groups/abc/members/def/$ref').writeUnits, 1);
    assert.equal(cost('POST', '/users/abc/getMemberGroups').writeUnits, 0);
    assert.equal(cost('GET', '/auditLogs/signIns').auditLog, true);
  });
});

describe('limits', () => {
  it('sizes tenants S < 50, M 50–500, L > 500 users', () => {
    assert.deepEqual(
      [tenantSizeClass(49), tenantSizeClass(50), tenantSizeClass(500), tenantSizeClass(501)],
      ['S', 'M', 'M', 'L'],
    );
    assert.deepEqual(
      [30, 300, 5000].map((n) => limitsFor('realistic', n).pairResourceUnits),
      [3500, 5000, 8000],
    );
    assert.equal(limitsFor('strict', 30).pairResourceUnits, 70);
  });
});

describe('throttler', () => {
  const input = (over: Partial<ThrottleInput> = {}): ThrottleInput => ({
    appId: 'app',
    tenantId: 'tenant',
    tenantUserCount: 30,
    mode: 'strict',
    cost: { resourceUnits: 2, writeUnits: 0, auditLog: false },
    ...over,
  });

  it('sends x-ms-resource-unit even with throttling off, and never refuses', () => {
    const throttler = new Throttler(() => 0);
    for (let i = 0; i < 1000; i++) assert.equal(throttler.admit(input({ mode: 'off' })).ok, true);
    const admission = throttler.admit(input({ mode: 'off' }));
    assert.deepEqual(admission.ok && admission.headers, { 'x-ms-resource-unit': '2' });
  });

  it('refuses with 429, an integer Retry-After and the scope headers once the pair bucket is empty', () => {
    let now = 0;
    const throttler = new Throttler(() => now);
    for (let i = 0; i < 35; i++) assert.equal(throttler.admit(input()).ok, true, `request ${i}`); // 70 RU / 10 s in strict
    const refused = throttler.admit(input());
    assert.equal(refused.ok, false);
    const error = (refused as { error: GraphError }).error;
    assert.equal(error.status, 429);
    assert.equal(error.code, 'TooManyRequests');
    assert.equal(error.headers['Retry-After'], '1'); // 2 RU at 7 RU/s
    assert.equal(error.headers['x-ms-throttle-scope'], 'Tenant_Application/ReadWrite/app/tenant');
    assert.equal(error.headers['x-ms-throttle-information'], 'ResourceUnitLimitExceeded');
    now += 1000;
    assert.equal(throttler.admit(input()).ok, true, 'admitted after waiting Retry-After');
  });

  it('warns with x-ms-throttle-limit-percentage above 80 % of the limit', () => {
    const throttler = new Throttler(() => 0);
    const percentages = Array.from({ length: 35 }, () => throttler.admit(input())).map(
      (a) => a.ok && a.headers['x-ms-throttle-limit-percentage'],
    );
    assert.equal(percentages[20], undefined);
    assert.equal(percentages[34], '1.0');
    assert.ok(percentages.slice(0, 28).every((p) => p === undefined));
  });

  it('counts writes against the write quota separately', () => {
    const throttler = new Throttler(() => 0);
    const write = input({ cost: { resourceUnits: 1, writeUnits: 1, auditLog: false } });
    for (let i = 0; i < 60; i++) assert.equal(throttler.admit(write).ok, true); // 3,000 / 150 s ÷ 50
    const refused = throttler.admit(write);
    assert.equal(!refused.ok && refused.error.headers['x-ms-throttle-information'], 'WriteLimitExceeded');
    assert.equal(!refused.ok && refused.error.headers['Retry-After'], '3'); // 60 per 150 s: 2.5 s per write
  });
});
