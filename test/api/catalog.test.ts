import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { textArray } from '../../catalog/directory/writes/sql.js';
import { jsonb } from '../../catalog/index.js';
import { authHeader, openSeededApp, type TestCatalog } from '../helpers/api-app.js';

const C = 'c1';
const BASE = `/api/v1/connectors/${C}`;

/** A tiny tenant: Ada (member) is in Engineering, which holds an app role of Payroll; Bob is a disabled guest. */
async function seed(db: TestCatalog['catalog']['db']): Promise<void> {
  await db
    .insertInto('connectors')
    .values([
      { id: C, display_name: 'Contoso', tenant_id: 't1', status: 'connected' },
      { id: 'c2', display_name: 'Fabrikam', tenant_id: 't2', status: 'connected' },
    ])
    .execute();
  const generation = 1;
  const principal = (id: string, kind: 'user' | 'managedIdentity', display_name: string, extra: object = {}) => ({
    connector_id: C,
    id,
    kind,
    display_name,
    account_enabled: true,
    attributes: jsonb({}),
    generation,
    ...extra,
  });
  await db
    .insertInto('principals')
    .values([
      principal('u1', 'user', 'Ada Lovelace', {
        upn: 'ada@contoso.example',
        mail: 'ada@contoso.example',
        user_type: 'Member',
      }),
      principal('u2', 'user', 'Bob Guest', {
        upn: 'bob_ext#EXT#@contoso.example',
        user_type: 'Guest',
        account_enabled: false,
      }),
      principal('mi1', 'managedIdentity', 'build-agent'),
    ])
    .execute();
  const resource = (
    id: string,
    type: 'group' | 'application' | 'directoryRole',
    display_name: string,
    extra: object = {},
  ) => ({ connector_id: C, id, type, display_name, immutable: false, attributes: jsonb({}), generation, ...extra });
  await db
    .insertInto('resources')
    .values([
      resource('g1', 'group', 'Engineering'),
      resource('g2', 'group', 'All staff (dynamic)', { immutable: true, immutable_reason: 'dynamic membership' }),
      resource('app1', 'application', 'Payroll', { attributes: jsonb({ origin: 'thirdParty' }) }),
      resource('r1', 'directoryRole', 'Global Administrator'),
    ])
    .execute();
  await db
    .insertInto('entitlements')
    .values([
      {
        connector_id: C,
        id: 'group:g1:member',
        resource_id: 'g1',
        resource_type: 'group',
        kind: 'member',
        display_name: 'Engineering member',
        immutable: false,
        generation,
      },
      {
        connector_id: C,
        id: 'group:g2:member',
        resource_id: 'g2',
        resource_type: 'group',
        kind: 'member',
        display_name: 'All staff member',
        immutable: true,
        generation,
      },
      {
        connector_id: C,
        id: 'app:app1:role:admin',
        resource_id: 'app1',
        resource_type: 'application',
        kind: 'appRole',
        display_name: 'Payroll admin',
        app_role_id: 'admin',
        immutable: false,
        generation,
      },
    ])
    .execute();
  await db
    .insertInto('grants')
    .values([
      {
        connector_id: C,
        entitlement_id: 'group:g1:member',
        principal_id: 'u1',
        principal_kind: 'user',
        via_group_id: '',
        generation,
      },
      {
        connector_id: C,
        entitlement_id: 'app:app1:role:admin',
        principal_id: 'g1',
        principal_kind: 'group',
        via_group_id: '',
        generation,
      },
      {
        connector_id: C,
        entitlement_id: 'app:app1:role:admin',
        principal_id: 'u1',
        principal_kind: 'user',
        via_group_id: 'g1',
        generation,
      },
    ])
    .execute();
  await db
    .insertInto('discovered_apps')
    .values([
      {
        connector_id: C,
        app_id: 'a-risky',
        display_name: 'Mail Merger',
        scopes: textArray(['Mail.ReadWrite', 'User.Read']),
        risky_scopes: textArray(['Mail.ReadWrite']),
        consenting_users: 7,
        verified_publisher: false,
        generation,
      },
      {
        connector_id: C,
        app_id: 'a-safe',
        display_name: 'Calendar Helper',
        scopes: textArray(['User.Read']),
        risky_scopes: textArray([]),
        consenting_users: 2,
        verified_publisher: true,
        generation,
      },
    ])
    .execute();
  await db
    .insertInto('sync_runs')
    .values([
      {
        id: 'run-1',
        connector_id: C,
        generation: 1,
        mode: 'full',
        status: 'succeeded',
        started_at: '2026-01-01T00:00:00Z',
        finished_at: '2026-01-01T00:01:30Z',
        requests: 120,
        throttled: 1,
      },
      {
        id: 'run-2',
        connector_id: C,
        generation: 2,
        mode: 'delta',
        status: 'failed',
        started_at: '2026-01-01T01:00:00Z',
        finished_at: '2026-01-01T01:00:05Z',
        error: 'Graph unavailable',
      },
    ])
    .execute();
}

describe('catalog API', () => {
  let seeded: Awaited<ReturnType<typeof openSeededApp>>;
  let app: FastifyInstance;
  before(async () => {
    seeded = await openSeededApp(seed);
    app = seeded.app;
  });
  after(async () => {
    await seeded?.close();
  });

  const get = async (path: string) => {
    const response = await app.inject({ url: `${BASE}${path}`, headers: authHeader });
    assert.equal(response.statusCode, 200, `${path}: ${response.body}`);
    return response.json() as { items: Array<Record<string, unknown>>; nextCursor: string | null };
  };
  const ids = (page: { items: Array<Record<string, unknown>> }, key = 'id') => page.items.map((item) => item[key]);

  it('finds principals by name, UPN or mail and filters by kind, user type and enabled', async () => {
    assert.deepEqual(ids(await get('/principals')), ['u1', 'u2', 'mi1'], 'sorted by display name');
    assert.deepEqual(ids(await get('/principals?search=ADA@contoso')), ['u1']);
    assert.deepEqual(ids(await get('/principals?search=bob&match=prefix')), ['u2']);
    assert.deepEqual(ids(await get('/principals?kind=managedIdentity')), ['mi1']);
    assert.deepEqual(ids(await get('/principals?userType=Guest')), ['u2']);
    assert.deepEqual(ids(await get('/principals?enabled=false')), ['u2']);
    const one = await app.inject({ url: `${BASE}/principals/u1`, headers: authHeader });
    assert.equal(one.json().userPrincipalName, 'ada@contoso.example');
  });

  it('pages with a cursor until the last page', async () => {
    const first = await get('/principals?limit=2');
    assert.equal(first.items.length, 2);
    assert.ok(first.nextCursor);
    const second = await get(`/principals?limit=2&cursor=${first.nextCursor}`);
    assert.equal(second.items.length, 1);
    assert.equal(second.nextCursor, null);
    assert.equal(new Set([...ids(first), ...ids(second)]).size, 3);
  });

  it('lists groups, applications and roles, with immutability and origin filters', async () => {
    assert.deepEqual(ids(await get('/groups')).sort(), ['g1', 'g2']);
    assert.deepEqual(ids(await get('/groups?immutable=true')), ['g2']);
    assert.deepEqual(ids(await get('/applications?origin=thirdParty')), ['app1']);
    assert.deepEqual(ids(await get('/applications?origin=microsoft')), []);
    assert.deepEqual(ids(await get('/roles')), ['r1']);
  });

  it('lists entitlements by resource and whether Lantern can grant them', async () => {
    assert.deepEqual(ids(await get('/entitlements?resourceId=g1')), ['group:g1:member']);
    assert.deepEqual(ids(await get('/entitlements?requestable=false')), ['group:g2:member']);
    assert.deepEqual(ids(await get('/entitlements?kind=appRole')), ['app:app1:role:admin']);
  });

  it('lists grants by principal and entitlement, direct or via a group', async () => {
    assert.deepEqual(ids(await get('/grants?principalId=u1'), 'entitlementId'), [
      'app:app1:role:admin',
      'group:g1:member',
    ]);
    const viaGroup = await get('/grants?principalId=u1&how=viaGroup');
    assert.deepEqual([ids(viaGroup, 'entitlementId'), ids(viaGroup, 'viaGroupId')], [['app:app1:role:admin'], ['g1']]);
    assert.deepEqual(ids(await get('/grants?entitlementId=app:app1:role:admin&how=direct'), 'principalId'), ['g1']);
  });

  it('answers what a principal can access and who can access a resource', async () => {
    const access = await get('/principals/u1/access');
    assert.deepEqual(
      access.items.map((a) => [a.entitlementId, a.how, a.resourceName, a.viaGroupName]),
      [
        ['app:app1:role:admin', 'viaGroup', 'Payroll', 'Engineering'],
        ['group:g1:member', 'direct', 'Engineering', null],
      ],
    );
    assert.deepEqual(ids(await get('/principals/u1/access?resourceType=group'), 'entitlementId'), ['group:g1:member']);
    const holders = await get('/resources/app1/access');
    assert.deepEqual(
      holders.items.map((h) => [h.principalId, h.how, h.principalName]),
      [
        ['g1', 'direct', 'Engineering'],
        ['u1', 'viaGroup', 'Ada Lovelace'],
      ],
    );
  });

  it('lists discovered apps, most consented first, and only risky ones on request', async () => {
    assert.deepEqual(ids(await get('/discovered-apps'), 'appId'), ['a-risky', 'a-safe']);
    const risky = await get('/discovered-apps?riskyOnly=true');
    assert.deepEqual([ids(risky, 'appId'), risky.items[0]?.riskyScopes], [['a-risky'], ['Mail.ReadWrite']]);
  });

  it('lists sync runs newest first with status, duration, requests and throttling', async () => {
    const runs = await get('/sync-runs');
    assert.deepEqual(
      runs.items.map((r) => [r.id, r.status, r.durationMs]),
      [
        ['run-2', 'failed', 5000],
        ['run-1', 'succeeded', 90000],
      ],
    );
    assert.deepEqual([runs.items[1]?.requests, runs.items[1]?.throttled], [120, 1]);
    assert.deepEqual(ids(await get('/sync-runs?status=succeeded&mode=full')), ['run-1']);
  });

  it('answers 404 for an unknown connector on every catalog route', async () => {
    const routes = app.registeredRoutes.filter(
      (r) => r.method === 'GET' && r.url.startsWith('/api/v1/connectors/:id/'),
    );
    assert.ok(routes.length >= 11, `catalog routes registered: ${routes.length}`);
    for (const route of routes) {
      const url = route.url.replace(':id', 'nope').replace(/:[A-Za-z]+/g, 'u1');
      const response = await app.inject({ url, headers: authHeader });
      assert.equal(response.statusCode, 404, url);
      assert.match(response.json().error.message, /Connector nope was not found/);
    }
  });

  it("keeps each connector's catalog to itself", async () => {
    assert.deepEqual(
      (await app.inject({ url: '/api/v1/connectors/c2/principals', headers: authHeader })).json().items,
      [],
    );
  });

  it('rejects bad filters, ids, limits and cursors with a 400 naming the parameter', async () => {
    const foreignCursor = (await get('/groups?limit=1')).nextCursor!;
    const cases: Array<[string, RegExp]> = [
      ['/principals?kind=robot', /querystring\.kind/],
      ['/principals?userType=Admin', /querystring\.userType/],
      ['/principals?enabled=maybe', /querystring\.enabled must be boolean/],
      ['/principals?limit=0', /querystring\.limit must be >= 1/],
      ['/principals?limit=501', /querystring\.limit must be <= 500/],
      ['/principals?limit=abc', /querystring\.limit must be integer/],
      ['/principals?cursor=not-a-cursor', /querystring\.cursor: Invalid pagination cursor/],
      [`/principals?cursor=${foreignCursor}`, /querystring\.cursor: .*belongs to another listing/],
      [`/principals?search=${'x'.repeat(300)}`, /querystring\.search must NOT have more than 256 characters/],
      ['/principals?kindd=user', /Unknown parameter querystring\.kindd/],
      ['/groups?origin=thirdParty', /Unknown parameter querystring\.origin/],
      ['/applications?origin=martian', /querystring\.origin/],
      ['/entitlements?kind=superuser', /querystring\.kind/],
      ['/entitlements?resourceId=%20bad%20id', /querystring\.resourceId must match pattern/],
      ['/grants?how=sideways', /querystring\.how/],
      ['/principals/u1/access?resourceType=printer', /querystring\.resourceType/],
      ['/resources/app1/access?how=maybe', /querystring\.how/],
      ['/discovered-apps?sort=random', /querystring\.sort/],
      ['/sync-runs?status=exploded', /querystring\.status/],
      ['/principals/bad%20id/access', /params\.principalId must match pattern/],
    ];
    for (const [path, message] of cases) {
      const response = await app.inject({ url: `${BASE}${path}`, headers: authHeader });
      assert.equal(response.statusCode, 400, `${path}: ${response.body}`);
      assert.match(response.json().error.message, message, path);
    }
    const bad = await app.inject({ url: '/api/v1/connectors/bad%20id/principals', headers: authHeader });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.message, /params\.id/);
  });

  it('is described in the OpenAPI document', async () => {
    const spec = (await app.inject({ url: '/openapi.json' })).json();
    for (const path of [
      'principals',
      'groups',
      'applications',
      'roles',
      'entitlements',
      'grants',
      'principals/{principalId}/access',
      'resources/{resourceId}/access',
      'discovered-apps',
      'sync-runs',
    ]) {
      const operation = spec.paths[`/api/v1/connectors/{id}/${path}`]?.get;
      assert.ok(operation, path);
      assert.ok(
        operation.responses['200'] && operation.responses['400'] && operation.responses['404'],
        `${path} responses`,
      );
    }
  });
});
