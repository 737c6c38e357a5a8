// $batch end to end through the official client's BatchRequestContent / BatchResponseContent: per-item status,
// headers and bodies, dependsOn with 424, the 20-item limit, duplicate ids, and per-item 429 under strict throttling.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BatchRequestContent, BatchResponseContent, type Client } from '@microsoft/microsoft-graph-client';
import type { RunningSimulator } from '../../simulator/index.js';
import type { Tenant } from '../../simulator/model/tenant.js';
import { startTestSimulator } from './clients.js';
import type { GraphBody } from './graph-writes-helpers.js';
import { clientWithRoles, editableGroup, failure, nonMember, ref, WRITER_ROLES } from './graph-writes-helpers.js';

describe('$batch through the official client', () => {
  let sim: RunningSimulator;
  let tenant: Tenant;
  let client: Client;
  const url = (path: string) => `${sim.graphBaseUrl}v1.0${path}`;
  const json = (method: string, body: unknown) => ({
    method,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

  before(async () => {
    sim = await startTestSimulator();
    tenant = sim.store.tenant(sim.tenants[0]!.id)!;
    client = await clientWithRoles(sim, tenant.id, [...WRITER_ROLES, 'Directory.Read.All']);
  });
  after(async () => {
    await sim.close();
  });

  it("returns each item's own status, headers and body, and 424 for the dependents of a failed item", async () => {
    const group = editableGroup(tenant);
    const user = nonMember(tenant, group.id);
    const batch = new BatchRequestContent([
      { id: 'add', request: new Request(url(`/groups/${group.id}/members/$ref`), json('POST', ref(sim, user))) },
      {
        id: 'again',
        request: new Request(url(`/groups/${group.id}/members/$ref`), json('POST', ref(sim, user))),
        dependsOn: ['add'],
      },
      { id: 'after-failure', request: new Request(url(`/users/${user}`)), dependsOn: ['again'] },
    ]);
    const responses = new BatchResponseContent(await client.api('/$batch').post(await batch.getContent()));
    const add = responses.getResponseById('add');
    assert.equal(add.status, 204);
    assert.equal(add.headers.get('x-ms-resource-unit'), '1');
    const again = responses.getResponseById('again');
    assert.equal(again.status, 400);
    assert.equal(
      ((await again.json()) as GraphBody).error.message,
      "One or more added object references already exist for the following modified properties: 'members'.",
    );
    const dependent = responses.getResponseById('after-failure');
    assert.equal(dependent.status, 424);
    assert.equal(((await dependent.json()) as GraphBody).error.code, 'FailedDependency');
  });

  it('carries x-ms-resource-unit per item, priced by the cost table', async () => {
    const batch = new BatchRequestContent([
      { id: 'narrow', request: new Request(url('/users?$select=id&$top=5')) },
      { id: 'wide', request: new Request(url(`/groups/${editableGroup(tenant).id}/transitiveMembers`)) },
    ]);
    const responses = new BatchResponseContent(await client.api('/$batch').post(await batch.getContent()));
    const narrow = responses.getResponseById('narrow');
    assert.equal(narrow.status, 200);
    assert.equal(narrow.headers.get('x-ms-resource-unit'), '1'); // users 2, $select −1, $top<20 −1, minimum 1
    assert.equal(((await narrow.json()) as GraphBody).value.length, 5);
    assert.equal(responses.getResponseById('wide').headers.get('x-ms-resource-unit'), '5');
  });

  it('refuses more than 20 requests and duplicate ids with 400 for the whole batch', async () => {
    const item = (id: string) => ({ id, method: 'GET', url: '/organization' });
    const tooMany = await failure(
      client.api('/$batch').post({ requests: Array.from({ length: 21 }, (_, i) => item(String(i))) }),
    );
    assert.equal(tooMany.statusCode, 400);
    const duplicate = await failure(client.api('/$batch').post({ requests: [item('a'), item('A')] }));
    assert.equal(duplicate.statusCode, 400);
  });

  it('authorizes every item on its own: a forbidden item fails while the others succeed', async () => {
    const reader = await clientWithRoles(sim, tenant.id, ['Directory.Read.All']);
    const group = editableGroup(tenant);
    const res = await reader.api('/$batch').post({
      requests: [
        { id: '1', method: 'GET', url: `/groups/${group.id}` },
        {
          id: '2',
          method: 'POST',
          url: `/groups/${group.id}/members/$ref`,
          headers: { 'Content-Type': 'application/json' },
          body: ref(sim, nonMember(tenant, group.id)),
        },
      ],
    });
    const byId = Object.fromEntries(res.responses.map((r: { id: string; status: number }) => [r.id, r.status]));
    assert.deepEqual(byId, { 1: 200, 2: 403 });
  });

  it('throttles items individually: under strict limits some items come back 429 with their own Retry-After', async () => {
    sim.context.settings.throttle = 'strict';
    try {
      const group = editableGroup(tenant);
      const items = Array.from({ length: 20 }, (_, i) => ({
        id: String(i),
        method: 'GET',
        url: `/groups/${group.id}/transitiveMembers`,
      }));
      const statuses: number[] = [];
      let retryAfter: string | undefined;
      for (let round = 0; round < 2; round++) {
        const res = await client.api('/$batch').post({ requests: items });
        for (const r of res.responses as { status: number; headers: Record<string, string> }[]) {
          statuses.push(r.status);
          if (r.status === 429) retryAfter = r.headers['Retry-After'];
        }
      }
      assert.ok(statuses.includes(200), 'some items were admitted');
      assert.ok(statuses.includes(429), 'some items were throttled (5 RU each against 70 RU / 10 s)');
      assert.match(String(retryAfter), /^[1-9]\d*$/);
    } finally {
      sim.context.settings.throttle = 'off';
    }
  });
});
