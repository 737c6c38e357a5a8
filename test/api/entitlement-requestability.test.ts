// The catalog's `requestable` flag and the access API must agree: an entitlement listed as requestable is never
// refused as not grantable, and one listed as not requestable always is (app ownership, immutable groups).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { jsonb } from '../../catalog/index.js';
import { authHeader, openSeededApp, type TestCatalog } from '../helpers/api-app.js';

const C = 'c1';
const BASE = `/api/v1/connectors/${C}`;
const NOT_GRANTABLE = new Set(['entitlement_not_requestable', 'entitlement_immutable']);

async function seed(db: TestCatalog['catalog']['db']): Promise<void> {
  const generation = 1;
  await db
    .insertInto('connectors')
    .values({ id: C, display_name: 'Contoso', tenant_id: 't1', status: 'connected' })
    .execute();
  await db
    .insertInto('principals')
    .values({
      connector_id: C,
      id: 'u1',
      kind: 'user',
      display_name: 'Ada',
      upn: 'ada@contoso.example',
      account_enabled: true,
      attributes: jsonb({}),
      generation,
    })
    .execute();
  const resource = (id: string, type: 'group' | 'application', immutable = false) => ({
    connector_id: C,
    id,
    type,
    display_name: id,
    immutable,
    attributes: jsonb({}),
    generation,
  });
  await db
    .insertInto('resources')
    .values([resource('g1', 'group'), resource('g2', 'group', true), resource('app1', 'application')])
    .execute();
  const entitlement = (
    id: string,
    resource_id: string,
    resource_type: 'group' | 'application',
    kind: 'member' | 'owner' | 'appRole',
    immutable = false,
  ) => ({
    connector_id: C,
    id,
    resource_id,
    resource_type,
    kind,
    display_name: id,
    immutable,
    generation,
    app_role_id: kind === 'appRole' ? 'r' : null,
  });
  await db
    .insertInto('entitlements')
    .values([
      entitlement('group:g1:member', 'g1', 'group', 'member'),
      entitlement('group:g1:owner', 'g1', 'group', 'owner'),
      entitlement('group:g2:member', 'g2', 'group', 'member', true),
      entitlement('app:app1:role:r', 'app1', 'application', 'appRole'),
      entitlement('app:app1:owner', 'app1', 'application', 'owner'),
    ])
    .execute();
}

describe('entitlement requestability', () => {
  let seeded: Awaited<ReturnType<typeof openSeededApp>>;
  let app: FastifyInstance;
  before(async () => {
    seeded = await openSeededApp(seed);
    app = seeded.app;
    const policy = await app.inject({
      method: 'PUT',
      url: `${BASE}/access-policies/default`,
      headers: authHeader,
      payload: {
        maxDurationSeconds: 3600,
        approvalRequired: false,
        approvers: {},
        requestTimeoutSeconds: 60,
        extensionNeedsApproval: false,
      },
    });
    assert.equal(policy.statusCode, 200, policy.body);
  });
  after(async () => {
    await seeded?.close();
  });

  it('lists app ownership as not requestable, as an access request for it is told', async () => {
    const listed = (await app.inject({ method: 'GET', url: `${BASE}/entitlements`, headers: authHeader })).json()
      .items as { id: string; requestable: boolean }[];
    assert.equal(listed.find((e) => e.id === 'app:app1:owner')?.requestable, false);
    for (const { id, requestable } of listed) {
      const res = await app.inject({
        method: 'POST',
        url: `${BASE}/access-requests`,
        headers: authHeader,
        payload: { entitlementId: id, principalId: 'u1', durationSeconds: 60, justification: 'check' },
      });
      // Past the catalog rules a requestable one reaches Temporal, which this app has none of (503).
      const refused = res.statusCode === 422 && NOT_GRANTABLE.has(res.json().error.code);
      assert.equal(
        refused,
        !requestable,
        `${id}: listed requestable=${requestable}, request answered ${res.statusCode} ${res.body}`,
      );
    }
    const locked = (
      await app.inject({ method: 'GET', url: `${BASE}/entitlements?requestable=false`, headers: authHeader })
    )
      .json()
      .items.map((e: { id: string }) => e.id);
    assert.deepEqual(locked.sort(), ['app:app1:owner', 'group:g2:member']);
  });
});
