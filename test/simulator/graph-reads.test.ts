// Graph reads end to end, only through @azure/msal-node and @microsoft/microsoft-graph-client. The read-only
// contract part also runs against a real tenant when LANTERN_CONTRACT_* variables are set (Azurite-style switch).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PageIterator, ResponseType, type Client, type GraphError } from '@microsoft/microsoft-graph-client';
import { issueAccessToken } from '../../simulator/identity/signing.js';
import type { RunningSimulator } from '../../simulator/index.js';
import type { Json } from './graph-reads-fixture.js';
import {
  appOnlyGraphClient,
  graphClient,
  realTenantFromEnv,
  realTenantGraphClient,
  startTestSimulator,
} from './clients.js';

const EVENTUAL = { ConsistencyLevel: 'eventual' };

async function failure(request: Promise<unknown>): Promise<GraphError> {
  return request.then(
    () => assert.fail('expected the request to fail'),
    (err: GraphError) => err,
  );
}

async function iterateAll(client: Client, first: Json, headers?: Record<string, string>): Promise<Json[]> {
  const items: Json[] = [];
  await new PageIterator(
    client,
    first,
    (item) => {
      items.push(item);
      return true;
    },
    headers ? { headers } : undefined,
  ).iterate();
  return items;
}

/** Behaviour that must hold against the simulator and against Microsoft alike. */
function contractSuite(
  target: string,
  setup: () => Promise<{ client: Client; userCount: () => number | undefined; close(): Promise<void> }>,
) {
  describe(`Graph read contract (${target})`, () => {
    let env: Awaited<ReturnType<typeof setup>>;
    before(async () => {
      env = await setup();
    });
    after(async () => {
      await env.close();
    });

    it('pages /users with absolute nextLinks until every user was seen once', async () => {
      const first = await env.client.api('/users').top(7).select('id,displayName').get();
      assert.match(first['@odata.nextLink'] ?? 'https://', /^https:\/\//);
      const users = await iterateAll(env.client, first);
      assert.equal(new Set(users.map((u) => u.id)).size, users.length);
      const expected = env.userCount();
      if (expected !== undefined) assert.equal(users.length, expected);
    });

    it('re-sends ConsistencyLevel on every page of an advanced query', async () => {
      const first = await env.client
        .api('/users')
        .header('ConsistencyLevel', 'eventual')
        .query({ $count: 'true' })
        .filter('accountEnabled ne false')
        .top(5)
        .select('id,accountEnabled')
        .get();
      assert.equal(typeof first['@odata.count'], 'number');
      const users = await iterateAll(env.client, first, EVENTUAL);
      assert.equal(users.length, first['@odata.count']);
      assert.ok(users.every((u) => u.accountEnabled !== false));
    });

    it('refuses $top=1000 with the documented 400', async () => {
      const err = await failure(env.client.api('/users').top(1000).get());
      assert.equal(err.statusCode, 400);
      assert.equal(err.message, "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.");
    });

    it('refuses ne without ConsistencyLevel and $count', async () => {
      const err = await failure(env.client.api('/users').filter('accountEnabled ne false').get());
      assert.equal(err.statusCode, 400);
      assert.equal(err.code, 'Request_UnsupportedQuery');
    });

    it('lists activated directory roles without a nextLink', async () => {
      const roles = await env.client.api('/directoryRoles').get();
      assert.equal(roles['@odata.nextLink'], undefined);
      assert.ok(roles.value.every((r: Json) => typeof r.roleTemplateId === 'string'));
    });

    it('answers with request-id, client-request-id (echoed) and x-ms-ags-diagnostic headers', async () => {
      const response: Response = await env.client
        .api('/organization')
        .header('client-request-id', '0f1e2d3c-0000-4000-8000-000000000001')
        .responseType(ResponseType.RAW)
        .get();
      assert.equal(response.status, 200);
      assert.ok(response.headers.get('request-id'));
      assert.equal(response.headers.get('client-request-id'), '0f1e2d3c-0000-4000-8000-000000000001');
      assert.ok(response.headers.get('x-ms-ags-diagnostic'));
      assert.match(response.headers.get('content-type') ?? '', /^application\/json;odata\.metadata=minimal/);
    });
  });
}

contractSuite('simulator', async () => {
  const sim = await startTestSimulator();
  const tenant = sim.tenants[0]!;
  return {
    client: appOnlyGraphClient(sim, { tenantId: tenant.id }),
    userCount: () => sim.store.tenant(tenant.id)!.users.size,
    close: () => sim.close(),
  };
});

const real = realTenantFromEnv();
if (real) {
  contractSuite('real tenant', async () => ({
    client: realTenantGraphClient(real),
    userCount: () => undefined,
    close: async () => {},
  }));
} else {
  describe('Graph read contract (real tenant)', () => {
    it(
      'runs when LANTERN_CONTRACT_TENANT_ID/CLIENT_ID/CLIENT_SECRET are set',
      { skip: 'no real tenant configured' },
      () => {},
    );
  });
}

describe('Graph reads (simulator only)', () => {
  let sim: RunningSimulator;
  let client: Client;
  let tenantId: string;
  before(async () => {
    sim = await startTestSimulator();
    tenantId = sim.tenants[0]!.id;
    client = appOnlyGraphClient(sim, { tenantId });
  });
  after(async () => {
    await sim.close();
  });

  const tokenWith = (roles: string[], lifetimeSeconds = 3600) =>
    issueAccessToken(sim.context.keys, {
      tenantId,
      appId: sim.app.clientId,
      roles,
      issuedAt: Math.floor(sim.store.clock.now() / 1000),
      lifetimeSeconds,
    });

  it('answers 401 InvalidAuthenticationToken when the token is missing or expired', async () => {
    const none = await failure(
      graphClient(sim, async () => '')
        .api('/users')
        .get(),
    );
    assert.equal(none.statusCode, 401);
    assert.equal(none.code, 'InvalidAuthenticationToken');
    const stale = await tokenWith(['User.Read.All'], 60);
    sim.store.clock.advance(61_000);
    const expired = await failure(
      graphClient(sim, async () => stale)
        .api('/users')
        .get(),
    );
    assert.equal(expired.statusCode, 401);
    assert.equal(expired.message, 'Access token has expired or is not yet valid.');
  });

  it('answers 403 Authorization_RequestDenied when the token lacks the endpoint’s permission', async () => {
    const token = await tokenWith(['User.Read.All']);
    const err = await failure(
      graphClient(sim, async () => token)
        .api('/servicePrincipals')
        .get(),
    );
    assert.equal(err.statusCode, 403);
    assert.equal(err.code, 'Authorization_RequestDenied');
    assert.equal(err.message, 'Insufficient privileges to complete the operation.');
  });

  it('serves the $count segment as a number with ConsistencyLevel', async () => {
    const count = await client.api('/users/$count').header('ConsistencyLevel', 'eventual').get();
    assert.equal(Number(count), sim.store.tenant(tenantId)!.users.size);
  });

  it('addresses a service principal by appId and lists who is assigned to it', async () => {
    const model = sim.store.tenant(tenantId)!;
    const assignment = [...model.appRoleAssignments.values()][0]!;
    const resource = model.servicePrincipals.get(assignment.resourceId)!;
    const assigned = await iterateAll(
      client,
      await client.api(`/servicePrincipals(appId='${resource.appId}')/appRoleAssignedTo`).get(),
    );
    assert.ok(assigned.some((a) => a.id === assignment.id && a.principalType === assignment.principalType));
  });

  it('lists group members as typed directoryObjects', async () => {
    const model = sim.store.tenant(tenantId)!;
    const [groupId, members] = [...model.groupMembers].find(([, m]) => m.size > 0)!;
    const listed = await iterateAll(client, await client.api(`/groups/${groupId}/members`).top(2).get());
    assert.deepEqual(listed.map((m) => m.id).sort(), [...members].sort());
    assert.ok(listed.every((m) => /^#microsoft\.graph\.(user|group|servicePrincipal)$/.test(m['@odata.type'])));
  });

  it('filters unified role assignments by role and expands the principal', async () => {
    const page = await client
      .api('/roleManagement/directory/roleAssignments')
      .filter("roleDefinitionId eq '62e90394-69f5-4237-9190-012177145e10'")
      .expand('principal')
      .get();
    assert.ok(page.value.length >= 2, 'the generator seeds at least two Global Administrators');
    assert.ok(
      page.value.every(
        (a: Json) => a.roleDefinitionId === '62e90394-69f5-4237-9190-012177145e10' && a.principal.id === a.principalId,
      ),
    );
  });

  it('gates sign-ins and signInActivity on a premium licence', async () => {
    const model = sim.store.tenant(tenantId)!;
    const licence = model.info.licence;
    try {
      model.info.licence = 'free';
      const err = await failure(client.api('/auditLogs/signIns').get());
      assert.equal(err.statusCode, 403);
      assert.equal(err.code, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant');
      assert.equal((await failure(client.api('/users').select('signInActivity').get())).statusCode, 403);
    } finally {
      model.info.licence = licence === 'free' ? 'P2' : licence;
    }
    const signIns = await client.api('/auditLogs/signIns').get();
    const dates = signIns.value.map((s: Json) => s.createdDateTime);
    assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');
  });

  it('lists synchronization jobs of a provisioning app', async () => {
    const model = sim.store.tenant(tenantId)!;
    const entry = [...model.synchronizationJobs].find(([, jobs]) => jobs.length > 0);
    assert.ok(entry, 'the generator seeds SCIM apps with synchronization jobs');
    const jobs = await client.api(`/servicePrincipals/${entry[0]}/synchronization/jobs`).get();
    assert.deepEqual(
      jobs.value.map((j: Json) => j.id),
      entry[1].map((j) => j.id),
    );
  });
});
