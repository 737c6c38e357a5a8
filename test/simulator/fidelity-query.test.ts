// Issue 18, query parsing, unknown endpoints and write references, driven only through MSAL and the Graph client.
// The read-only contract part also runs against a real tenant when LANTERN_CONTRACT_* variables are set.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { RunningSimulator } from '../../simulator/index.js';
import type { Tenant } from '../../simulator/model/tenant.js';
import type { Json } from './graph-reads-fixture.js';
import {
  appOnlyGraphClient,
  control,
  realTenantFromEnv,
  realTenantGraphClient,
  startTestSimulator,
} from './clients.js';
import { clientWithRoles, editableGroup, failure, nonMember, ref, WRITER_ROLES } from './graph-writes-helpers.js';

/** Office 365 E3's SKU id, written unquoted as OData v4 writes Edm.Guid literals. */
const E3_SKU = '6fd2c87f-b296-42f0-b197-1e91e994b900';

/** Query syntax Microsoft documents for the endpoints Lantern reads: must parse against the simulator and Microsoft. */
function contractSuite(target: string, setup: () => Promise<{ client: Client; close(): Promise<void> }>) {
  describe(`Graph query parsing contract (${target})`, () => {
    let env: Awaited<ReturnType<typeof setup>>;
    before(async () => {
      env = await setup();
    });
    after(async () => {
      await env.close();
    });

    it('accepts an unquoted GUID literal inside a lambda', async () => {
      const page = await env.client
        .api('/users')
        .filter(`assignedLicenses/any(u:u/skuId eq ${E3_SKU})`)
        .select('id,assignedLicenses')
        .get();
      for (const user of page.value as Json[])
        assert.ok(user.assignedLicenses.some((l: Json) => l.skuId.toLowerCase() === E3_SKU));
    });

    it('accepts any() without a lambda on licences and group types', async () => {
      const users = await env.client.api('/users').filter('assignedLicenses/any()').select('id,assignedLicenses').get();
      assert.ok((users.value as Json[]).every((u) => u.assignedLicenses.length > 0));
      const groups = await env.client.api('/groups').filter('groupTypes/any()').select('id,groupTypes').get();
      assert.ok((groups.value as Json[]).every((g) => g.groupTypes.length > 0));
    });

    it('keeps a nested $select inside $expand together and applies it to the members', async () => {
      const page = await env.client
        .api('/groups')
        .select('id,displayName')
        .expand('members($select=id,displayName)')
        .top(10)
        .get();
      for (const group of page.value as Json[])
        for (const member of group.members as Json[])
          assert.deepEqual(Object.keys(member).sort(), ['@odata.type', 'displayName', 'id']);
    });
  });
}

contractSuite('simulator', async () => {
  const sim = await startTestSimulator();
  return { client: appOnlyGraphClient(sim, { tenantId: sim.tenants[0]!.id }), close: () => sim.close() };
});

const real = realTenantFromEnv();
if (real) {
  contractSuite('real tenant', async () => ({ client: realTenantGraphClient(real), close: async () => {} }));
} else {
  describe('Graph query parsing contract (real tenant)', () => {
    it('runs when LANTERN_CONTRACT_TENANT_ID/CLIENT_ID/CLIENT_SECRET are set', { skip: 'no real tenant' }, () => {});
  });
}

describe('Graph query parsing against the ground truth (simulator only)', () => {
  let sim: RunningSimulator;
  let tenant: Tenant;
  let client: Client;
  before(async () => {
    sim = await startTestSimulator();
    tenant = sim.store.tenant(sim.tenants[0]!.id)!;
    client = appOnlyGraphClient(sim, { tenantId: tenant.id });
  });
  after(async () => {
    await sim.close();
  });

  const allIds = async (request: ReturnType<Client['api']>) => {
    const page = await request.top(999).get();
    return (page.value as Json[]).map((item) => item.id as string).sort();
  };

  it('finds exactly the users holding a licence by its unquoted skuId', async () => {
    const licensed = [...tenant.users.values()][3]!;
    await control(sim, 'PATCH', `/tenants/${tenant.id}/users/${licensed.id}`, {
      assignedLicenses: [{ skuId: E3_SKU.toUpperCase(), disabledPlans: [] }],
    });
    const expected = [...tenant.users.values()]
      .filter((u) => u.assignedLicenses?.some((l) => l.skuId.toLowerCase() === E3_SKU))
      .map((u) => u.id)
      .sort();
    const found = await allIds(client.api('/users').filter(`assignedLicenses/any(u:u/skuId eq ${E3_SKU})`));
    assert.ok(found.includes(licensed.id));
    assert.deepEqual(found, expected);
  });

  it('reads any() without a lambda as "has at least one item"', async () => {
    const unified = await allIds(client.api('/groups').filter('groupTypes/any()'));
    const expected = [...tenant.groups.values()].filter((g) => g.groupTypes.length > 0).map((g) => g.id);
    assert.ok(expected.length > 0, 'the generated tenant has Microsoft 365 or dynamic groups');
    assert.deepEqual(unified, expected.sort());
    const negated = await client
      .api('/groups')
      .header('ConsistencyLevel', 'eventual')
      .query({ $count: 'true' })
      .filter('not(groupTypes/any())')
      .top(999)
      .get();
    assert.equal(negated['@odata.count'], tenant.groups.size - expected.length);
  });

  it('applies a nested $select to an expanded manager', async () => {
    const requester = sim.tenants[0]!.demo.people.requester;
    const user = await client.api(`/users/${requester.objectId}`).expand('manager($select=id,displayName)').get();
    assert.deepEqual(Object.keys(user.manager).sort(), ['@odata.type', 'displayName', 'id']);
    assert.equal(user.manager.id, tenant.managers.get(requester.objectId));
  });

  it("lists a manager's direct reports, the inverse of manager", async () => {
    const { approver, requester } = sim.tenants[0]!.demo.people;
    const reports = await allIds(client.api(`/users/${approver.objectId}/directReports`));
    const expected = [...tenant.managers].filter(([, m]) => m === approver.objectId).map(([id]) => id);
    assert.ok(reports.includes(requester.objectId));
    assert.deepEqual(reports, expected.sort());
  });

  it('refuses an unknown property in a nested $select and a second expansion after it', async () => {
    const unknown = await failure(client.api('/groups').expand('members($select=id,shoeSize)').get());
    assert.equal(unknown.statusCode, 400);
    assert.equal(
      unknown.message,
      "Could not find a property named 'shoeSize' on type 'microsoft.graph.directoryObject'.",
    );
    const two = await failure(client.api('/groups').expand('members($select=id,displayName),owners').get());
    assert.equal(two.statusCode, 400);
    assert.equal(two.message, 'Only one navigation property can be expanded at a time.');
  });
});

describe('Endpoints the simulator does not serve (simulator only)', () => {
  let sim: RunningSimulator;
  let client: Client;
  before(async () => {
    sim = await startTestSimulator();
    client = appOnlyGraphClient(sim, { tenantId: sim.tenants[0]!.id });
  });
  after(async () => {
    await sim.close();
  });

  const unserved: [string, string][] = [
    ['/applications', 'applications'],
    ['/schemaExtensions', 'schemaExtensions'],
    ['/administrativeUnits', 'administrativeUnits'],
    ['/roleManagement/entitlementManagement/roleDefinitions', 'entitlementManagement'],
  ];
  for (const [path, segment] of unserved) {
    it(`answers ${path} as Graph answers an unknown segment`, async () => {
      const err = await failure(client.api(path).get());
      assert.equal(err.statusCode, 400);
      assert.equal(err.code, 'BadRequest');
      assert.equal(err.message, `Resource not found for the segment '${segment}'.`);
    });
  }
});

describe('Write references name the service’s own host (simulator only)', () => {
  let sim: RunningSimulator;
  let tenant: Tenant;
  let writer: Client;
  before(async () => {
    sim = await startTestSimulator();
    tenant = sim.store.tenant(sim.tenants[0]!.id)!;
    writer = await clientWithRoles(sim, tenant.id, WRITER_ROLES);
  });
  after(async () => {
    await sim.close();
  });

  it('refuses members@odata.bind on the global host in PATCH /groups/{id} and adds nobody', async () => {
    const group = editableGroup(tenant);
    const user = nonMember(tenant, group.id);
    const err = await failure(
      writer
        .api(`/groups/${group.id}`)
        .patch({ 'members@odata.bind': [`https://graph.microsoft.com/v1.0/directoryObjects/${user}`] }),
    );
    assert.equal(err.statusCode, 400);
    assert.equal(err.code, 'BadRequest');
    assert.equal(err.message, 'Invalid URL format specified in @odata.bind for members');
    assert.ok(!tenant.groupMembers.get(group.id)?.has(user));
  });

  it('accepts members@odata.bind on its own host', async () => {
    const group = editableGroup(tenant);
    const user = nonMember(tenant, group.id);
    await writer.api(`/groups/${group.id}`).patch({ 'members@odata.bind': [ref(sim, user)['@odata.id']] });
    assert.ok(tenant.groupMembers.get(group.id)?.has(user));
  });

  it('refuses an owner $ref on another port of the same host name', async () => {
    const group = editableGroup(tenant);
    const user = nonMember(tenant, group.id);
    const other = new URL(sim.graphBaseUrl);
    other.port = String(Number(other.port) + 1);
    const err = await failure(
      writer
        .api(`/groups/${group.id}/owners/$ref`)
        .post({ '@odata.id': `${other.origin}/v1.0/directoryObjects/${user}` }),
    );
    assert.equal(err.statusCode, 400);
    assert.equal(err.message, 'Invalid URL format specified in @odata.bind for owners');
  });
});
