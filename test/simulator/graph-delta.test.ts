// Delta queries: initial rounds, change rounds from the tenant's change log, $select tracking, members@delta,
// @removed, $deltaToken=latest, id filters, tamper-evident tokens and the 7-day expiry (410 + Location).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PageIterator, type GraphError } from '@microsoft/microsoft-graph-client';
import { type Json, groupId, makeUser, startHarness, userId, type Harness } from './graph-reads-fixture.js';
import { appOnlyGraphClient, startTestSimulator } from './clients.js';
import type { RunningSimulator } from '../../simulator/index.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.app.close();
});

/** Follows nextLinks to the deltaLink; returns every entry and the deltaLink. */
async function round(
  url: string,
  headers?: Record<string, string>,
): Promise<{ entries: Json[]; deltaLink: string; pages: number }> {
  const entries: Json[] = [];
  let link = url;
  for (let pages = 1; ; pages++) {
    const res = await h.get(link, { headers });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    entries.push(...res.body.value);
    if (res.body['@odata.deltaLink']) return { entries, deltaLink: res.body['@odata.deltaLink'], pages };
    link = res.body['@odata.nextLink'];
    assert.ok(link, 'a delta page has either a nextLink or a deltaLink');
  }
}

describe('Graph delta (in-process)', () => {
  it('pages the initial round with nextLinks and ends with an absolute deltaLink', async () => {
    const { entries, deltaLink, pages } = await round('/v1.0/users/delta?$select=displayName');
    assert.equal(entries.length, 250);
    assert.equal(pages, 3);
    assert.match(deltaLink, /^https:\/\/localhost:1\/v1\.0\/users\/delta\?\$deltatoken=/);
  });

  it('honours Prefer: odata.maxpagesize', async () => {
    const { pages } = await round('/v1.0/users/delta?$select=id', { prefer: 'odata.maxpagesize=50' });
    assert.equal(pages, 5);
  });

  it('reports creations, tracked updates and deletions, but not changes outside $select', async () => {
    const { deltaLink } = await round('/v1.0/users/delta?$select=displayName,accountEnabled');
    h.tenant.putUser({ ...h.tenant.users.get(userId(10))!, jobTitle: 'CEO' }, ['jobTitle']);
    h.tenant.putUser({ ...h.tenant.users.get(userId(11))!, displayName: 'Renamed' }, ['displayName']);
    h.tenant.deleteObject(userId(12));
    h.tenant.putUser(makeUser(500));
    const next = await round(deltaLink);
    const byId = new Map(next.entries.map((e) => [e.id, e]));
    assert.equal(byId.has(userId(10)), false, 'jobTitle is not selected');
    assert.equal(byId.get(userId(11)).displayName, 'Renamed');
    assert.deepEqual(byId.get(userId(12)), { id: userId(12), '@removed': { reason: 'changed' } });
    assert.equal(byId.get(userId(500)).displayName, 'User 500');
    assert.equal(next.entries.length, 3);
    const quiet = await round(next.deltaLink);
    assert.deepEqual(quiet.entries, [], 'a round without changes is empty');
  });

  it('sends only the changed properties with Prefer: return=minimal', async () => {
    const { deltaLink } = await round('/v1.0/users/delta?$select=displayName,accountEnabled');
    h.tenant.putUser({ ...h.tenant.users.get(userId(20))!, accountEnabled: false }, ['accountEnabled']);
    const next = await round(deltaLink, { prefer: 'return=minimal' });
    assert.deepEqual(next.entries, [{ accountEnabled: false, id: userId(20) }]);
  });

  it('tracks group membership as members@delta, with @removed for removed members', async () => {
    const initial = await round('/v1.0/groups/delta?$select=displayName,members');
    const group2 = initial.entries.find((g) => g.id === groupId(2));
    assert.deepEqual(group2['members@delta'].map((m: Json) => m.id).sort(), [userId(40), groupId(3)].sort());
    h.tenant.addGroupMember(groupId(2), userId(100));
    h.tenant.removeGroupMember(groupId(2), userId(40));
    const next = await round(initial.deltaLink);
    assert.deepEqual(next.entries, [
      {
        displayName: 'Group 2',
        id: groupId(2),
        'members@delta': [
          { '@odata.type': '#microsoft.graph.user', id: userId(100) },
          { '@odata.type': '#microsoft.graph.user', id: userId(40), '@removed': { reason: 'deleted' } },
        ],
      },
    ]);
  });

  it('tracks a manager change as manager@delta when manager is selected', async () => {
    const { entries, deltaLink } = await round('/v1.0/users/delta?$select=displayName,manager');
    assert.deepEqual(entries.find((u) => u.id === userId(2))['manager@delta'], [
      { '@odata.type': '#microsoft.graph.user', id: userId(1) },
    ]);
    h.tenant.setManager(userId(30), userId(31));
    const next = await round(deltaLink);
    assert.deepEqual(next.entries, [
      {
        displayName: 'User 030',
        id: userId(30),
        'manager@delta': [{ '@odata.type': '#microsoft.graph.user', id: userId(31) }],
      },
    ]);
  });

  it('ignores membership changes when members are not selected', async () => {
    const { deltaLink } = await round('/v1.0/groups/delta?$select=displayName');
    h.tenant.addGroupMember(groupId(2), userId(101));
    assert.deepEqual((await round(deltaLink)).entries, []);
  });

  it('returns only a deltaLink for $deltaToken=latest, then later changes', async () => {
    const latest = await h.get('/v1.0/users/delta?$deltaToken=latest');
    assert.deepEqual(latest.body.value, []);
    assert.equal(latest.body['@odata.nextLink'], undefined);
    h.tenant.putUser(makeUser(501));
    const next = await round(latest.body['@odata.deltaLink']);
    assert.deepEqual(
      next.entries.map((e) => e.id),
      [userId(501)],
    );
  });

  it('restricts the round to $filter=id eq … or …, at most 50 ids', async () => {
    const filtered = await round(
      `/v1.0/users/delta?$filter=id eq '${userId(1)}' or id eq '${userId(2)}'&$select=displayName`,
    );
    assert.deepEqual(filtered.entries.map((e) => e.id).sort(), [userId(1), userId(2)]);
    h.tenant.putUser({ ...h.tenant.users.get(userId(1))!, displayName: 'One' }, ['displayName']);
    h.tenant.putUser({ ...h.tenant.users.get(userId(3))!, displayName: 'Three' }, ['displayName']);
    assert.deepEqual(
      (await round(filtered.deltaLink)).entries.map((e) => e.id),
      [userId(1)],
    );
    const many = Array.from({ length: 51 }, (_, i) => `id eq '${userId(i + 1)}'`).join(' or ');
    assert.equal((await h.get(`/v1.0/users/delta?$filter=${encodeURIComponent(many)}`)).status, 400);
  });

  it('refuses $top, $expand and $orderby on delta', async () => {
    for (const q of ['$top=5', '$expand=manager', '$orderby=displayName']) {
      assert.equal((await h.get(`/v1.0/users/delta?${q}`)).status, 400, q);
    }
  });

  it('rejects a tampered delta token', async () => {
    const { deltaLink } = await round('/v1.0/directoryRoles/delta');
    const url = new URL(deltaLink);
    const token = url.searchParams.get('$deltatoken')!;
    const tampered = `${Buffer.from(JSON.stringify({ ph: 'delta', seq: 0 })).toString('base64url')}.${token.split('.')[1]}`;
    assert.equal((await h.get(`/v1.0/directoryRoles/delta?$deltatoken=${tampered}`)).status, 400);
    assert.equal((await h.get(`/v1.0/users/delta?$deltatoken=${token}`)).status, 400, 'a token of another collection');
  });

  it('expires tokens after 7 simulated days with 410 resyncRequired and a Location restarting the query', async () => {
    const { deltaLink } = await round('/v1.0/oauth2PermissionGrants/delta?$select=scope');
    h.ctx.store.clock.advance(7 * 24 * 3600 * 1000 + 1000);
    const res = await h.get(deltaLink);
    assert.equal(res.status, 410);
    assert.equal(res.body.error.code, 'resyncRequired');
    const location = new URL(String(res.headers.location));
    assert.equal(location.pathname, '/v1.0/oauth2PermissionGrants/delta');
    assert.equal(location.searchParams.get('$select'), 'scope');
    const restart = await round(String(res.headers.location));
    assert.equal(restart.entries.length, h.tenant.oauth2PermissionGrants.size);
  });
});

describe('Graph delta through the official Graph client', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startTestSimulator();
  });
  after(async () => {
    await sim.close();
  });

  it('follows a users/delta round with PageIterator, then sees a change made through the tenant', async () => {
    const tenant = sim.tenants[0]!;
    const client = appOnlyGraphClient(sim, { tenantId: tenant.id });
    const seen: Json[] = [];
    const iterator = new PageIterator(client, await client.api('/users/delta').select('displayName').get(), (u) => {
      seen.push(u);
      return true;
    });
    await iterator.iterate();
    const model = sim.store.tenant(tenant.id)!;
    assert.equal(seen.length, model.users.size);
    const deltaLink = iterator.getDeltaLink()!;
    assert.ok(deltaLink);

    const someone = [...model.users.values()][0]!;
    model.putUser({ ...someone, displayName: 'Changed Name' }, ['displayName']);
    const next = await client.api(deltaLink).get();
    assert.deepEqual(next.value, [{ displayName: 'Changed Name', id: someone.id }]);

    sim.store.clock.advance(8 * 24 * 3600 * 1000);
    // MSAL's cached token expired on the simulated clock too: a fresh client acquires a new one.
    const later = appOnlyGraphClient(sim, { tenantId: tenant.id });
    const expired = await later
      .api(next['@odata.deltaLink'])
      .get()
      .then(
        () => undefined,
        (err: GraphError) => err,
      );
    assert.equal(expired?.statusCode, 410);
    assert.equal(expired?.code, 'resyncRequired');
  });
});
