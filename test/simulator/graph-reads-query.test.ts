// The Graph query engine and read handlers, driven in-process (Fastify inject) against a hand-built tenant.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { issueAccessToken } from '../../simulator/identity/signing.js';
import {
  APP_ID,
  TENANT_ID,
  type Json,
  groupId,
  spId,
  startHarness,
  userId,
  type Harness,
} from './graph-reads-fixture.js';

const EVENTUAL = { consistencylevel: 'eventual' };
let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.app.close();
});

async function collectAll(url: string, headers?: Record<string, string>): Promise<{ items: Json[]; pages: number }> {
  const items: Json[] = [];
  let pages = 0;
  let link: string | undefined = url;
  while (link) {
    const res = await h.get(link, { headers });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    items.push(...res.body.value);
    pages++;
    link = res.body['@odata.nextLink'];
  }
  return { items, pages };
}

describe('Graph reads: paging', () => {
  it('serves 100 users per page by default with an absolute https nextLink carrying the query options', async () => {
    const res = await h.get('/v1.0/users?$select=id');
    assert.equal(res.body.value.length, 100);
    const next = new URL(res.body['@odata.nextLink']);
    assert.equal(next.protocol, 'https:');
    assert.equal(next.pathname, '/v1.0/users');
    assert.equal(next.searchParams.get('$select'), 'id');
    assert.ok(next.searchParams.get('$skiptoken'));
  });

  it('visits every user exactly once across pages', async () => {
    const { items, pages } = await collectAll('/v1.0/users?$top=60&$select=id');
    assert.equal(pages, 5);
    assert.equal(new Set(items.map((u) => u.id)).size, 250);
  });

  it('rejects $top outside 1..999 with the exact Graph message', async () => {
    for (const top of ['0', '1000', 'abc']) {
      const res = await h.get(`/v1.0/users?$top=${top}`);
      assert.equal(res.status, 400);
      assert.equal(
        res.body.error.message,
        `Invalid page size specified: '${top}'. Must be between 1 and 999 inclusive.`,
      );
    }
  });

  it('rejects a forged or re-targeted skiptoken', async () => {
    const page = await h.get('/v1.0/users?$top=2&$select=id');
    const token = new URL(page.body['@odata.nextLink']).searchParams.get('$skiptoken')!;
    const forged = `${Buffer.from('{"after":"0"}').toString('base64url')}.${token.split('.')[1]}`;
    assert.equal((await h.get(`/v1.0/users?$top=2&$select=id&$skiptoken=${forged}`)).status, 400);
    const retargeted = await h.get(`/v1.0/users?$top=2&$select=displayName&$skiptoken=${token}`);
    assert.equal(retargeted.status, 400);
    assert.equal(retargeted.body.error.message, 'Invalid skip token.');
  });

  it('refuses $skip on /users', async () => {
    const res = await h.get('/v1.0/users?$skip=10');
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'Request_BadRequest');
  });

  it('returns @odata.count only on the first page when $count=true with ConsistencyLevel', async () => {
    const first = await h.get('/v1.0/users?$count=true&$top=100&$select=id', { headers: EVENTUAL });
    assert.equal(first.body['@odata.count'], 250);
    const second = await h.get(first.body['@odata.nextLink'], { headers: EVENTUAL });
    assert.equal(second.body['@odata.count'], undefined);
  });

  it('lists directory roles in one response without paging', async () => {
    h.tenant.roleDefinitions.set('62e90394-69f5-4237-9190-012177145e10', {
      id: '62e90394-69f5-4237-9190-012177145e10',
      displayName: 'Global Administrator',
      description: 'GA',
      isBuiltIn: true,
      isEnabled: true,
      templateId: '62e90394-69f5-4237-9190-012177145e10',
      rolePermissions: [],
    });
    h.tenant.putRoleAssignment({
      id: 'ra-1',
      principalId: userId(1),
      roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10',
      directoryScopeId: '/',
      resourceScope: '/',
      appScopeId: null,
    });
    const roles = await h.get('/v1.0/directoryRoles?$top=1');
    assert.equal(roles.body['@odata.nextLink'], undefined);
    assert.equal(roles.body.value[0].roleTemplateId, '62e90394-69f5-4237-9190-012177145e10');
    const members = await h.get("/v1.0/directoryRoles(roleTemplateId='62e90394-69f5-4237-9190-012177145e10')/members");
    assert.deepEqual(
      members.body.value.map((m: Json) => m.id),
      [userId(1)],
    );
    const assignments = await h.get(
      `/v1.0/roleManagement/directory/roleAssignments?$filter=principalId eq '${userId(1)}'&$expand=principal`,
    );
    assert.equal(assignments.body.value[0].principal['@odata.type'], '#microsoft.graph.user');
    assert.equal('resourceScope' in assignments.body.value[0], false);
  });
});

describe('Graph reads: $select and properties', () => {
  it('returns the default user property set without $select and only the selection with it', async () => {
    const plain = await h.get('/v1.0/users?$top=1');
    assert.deepEqual(Object.keys(plain.body.value[0]).sort(), [
      'businessPhones',
      'displayName',
      'givenName',
      'id',
      'jobTitle',
      'mail',
      'mobilePhone',
      'officeLocation',
      'preferredLanguage',
      'surname',
      'userPrincipalName',
    ]);
    const selected = await h.get('/v1.0/users?$top=1&$select=accountEnabled,userType');
    assert.deepEqual(Object.keys(selected.body.value[0]), ['accountEnabled', 'userType']);
  });

  it('answers 501 for a single-user-only property on the collection, but serves it for one user', async () => {
    assert.equal((await h.get('/v1.0/users?$select=aboutMe')).status, 501);
    assert.equal((await h.get(`/v1.0/users/${userId(1)}?$select=aboutMe`)).status, 200);
  });

  it('rejects unknown properties with Graph’s text', async () => {
    const res = await h.get('/v1.0/users?$select=shoeSize');
    assert.equal(res.status, 400);
    assert.equal(res.body.error.message, "Could not find a property named 'shoeSize' on type 'microsoft.graph.user'.");
  });

  it('gates signInActivity on the premium licence', async () => {
    const free = await startHarness('free');
    try {
      const res = await free.get('/v1.0/users?$select=signInActivity');
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant');
      assert.equal((await free.get('/v1.0/auditLogs/signIns')).status, 403);
    } finally {
      await free.app.close();
    }
    const premium = await h.get('/v1.0/users?$select=signInActivity&$top=1');
    assert.ok(premium.body.value[0].signInActivity.lastSignInDateTime);
  });

  it('addresses users by userPrincipalName, including guests', async () => {
    const guest = await h.get(
      `/v1.0/users/${encodeURIComponent('guest_fabrikam.com#EXT#@contoso.onmicrosoft.com')}?$select=userType`,
    );
    assert.equal(guest.body.userType, 'Guest');
    assert.match(guest.body['@odata.context'], /\$entity$/);
  });

  it('addresses a service principal by appId and lists its appRoleAssignedTo', async () => {
    const sp = await h.get(`/v1.0/servicePrincipals/${spId(1)}`);
    const byAppId = await h.get(`/v1.0/servicePrincipals(appId='${sp.body.appId}')/appRoleAssignedTo`);
    assert.equal(byAppId.status, 200);
    assert.equal(byAppId.body.value[0].principalId, userId(1));
    assert.equal('createdDateTime' in sp.body, false, 'servicePrincipal declares no createdDateTime');
  });

  it('returns the manager as a directoryObject, and 404 when there is none', async () => {
    const manager = await h.get(`/v1.0/users/${userId(2)}/manager`);
    assert.equal(manager.body.id, userId(1));
    assert.equal(manager.body['@odata.type'], '#microsoft.graph.user');
    assert.equal((await h.get(`/v1.0/users/${userId(1)}/manager`)).status, 404);
  });
});

describe('Graph reads: $filter, $search, $orderby, $count', () => {
  it('filters with eq, startsWith, in and and/or, case-insensitively', async () => {
    const eq = await h.get("/v1.0/users?$filter=userPrincipalName eq 'USER5@contoso.onmicrosoft.com'&$select=id");
    assert.deepEqual(
      eq.body.value.map((u: Json) => u.id),
      [userId(5)],
    );
    const sw = await collectAll("/v1.0/users?$filter=startsWith(displayName,'user 00')&$select=id");
    assert.equal(sw.items.length, 9);
    const inList = await h.get(
      `/v1.0/users?$filter=id in ('${userId(1)}','${userId(2)}') or jobTitle eq 'nobody'&$select=id`,
    );
    assert.equal(inList.body.value.length, 2);
    const lambda = await h.get("/v1.0/groups?$filter=groupTypes/any(c:c eq 'DynamicMembership')&$select=id");
    assert.deepEqual(
      lambda.body.value.map((g: Json) => g.id),
      [groupId(4)],
    );
  });

  it('demands ConsistencyLevel and $count=true for ne, not and endsWith', async () => {
    for (const [filter, op] of [
      ['accountEnabled ne true', 'ne'],
      ["not(startsWith(displayName,'User'))", 'not'],
      ["endsWith(mail,'.com')", 'endsWith'],
    ]) {
      const refused = await h.get(`/v1.0/users?$filter=${encodeURIComponent(filter!)}`);
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error.code, 'Request_UnsupportedQuery');
      assert.match(refused.body.error.message, new RegExp(`^Operator '${op}' is not supported`));
      const allowed = await h.get(`/v1.0/users?$filter=${encodeURIComponent(filter!)}&$count=true`, {
        headers: EVENTUAL,
      });
      assert.equal(allowed.status, 200);
    }
    const disabled = await h.get('/v1.0/users?$filter=accountEnabled ne true&$count=true&$select=id', {
      headers: EVENTUAL,
    });
    assert.equal(disabled.body['@odata.count'], 35);
  });

  it('searches displayName by word prefix only with ConsistencyLevel', async () => {
    assert.equal((await h.get('/v1.0/users?$search="displayName:042"')).status, 400);
    const found = await h.get('/v1.0/users?$search="displayName:042"&$select=displayName', { headers: EVENTUAL });
    assert.deepEqual(found.body.value, [{ displayName: 'User 042' }]);
  });

  it('orders by displayName, and needs an advanced query to combine $orderby with $filter', async () => {
    const desc = await h.get('/v1.0/users?$orderby=displayName desc&$top=2&$select=displayName');
    assert.deepEqual(
      desc.body.value.map((u: Json) => u.displayName),
      ['User 250', 'User 249'],
    );
    assert.equal((await h.get("/v1.0/users?$orderby=displayName&$filter=jobTitle eq 'Engineer'")).status, 400);
  });

  it('serves the $count segment as text/plain with ConsistencyLevel, 400 without it', async () => {
    const count = await h.get(`/v1.0/groups/${groupId(1)}/members/$count`, { headers: EVENTUAL });
    assert.equal(count.text, '31');
    assert.match(String(count.headers['content-type']), /^text\/plain/);
    assert.equal((await h.get('/v1.0/users/$count')).status, 400);
  });
});

describe('Graph reads: relationships', () => {
  it('walks transitive members through nested groups and terminates on cycles', async () => {
    const { items } = await collectAll(`/v1.0/groups/${groupId(1)}/transitiveMembers?$select=id`);
    const ids = items.map((i) => i.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of [userId(40), userId(41), groupId(2), groupId(3)]) assert.ok(ids.includes(id), id);
    assert.ok(!ids.includes(groupId(1)));
  });

  it('casts a relation to one member type', async () => {
    const groups = await h.get(`/v1.0/groups/${groupId(2)}/members/microsoft.graph.group`);
    assert.deepEqual(
      groups.body.value.map((g: Json) => g.id),
      [groupId(3)],
    );
    assert.match(groups.body['@odata.context'], /#groups$/);
  });

  it('caps $expand=members at 20 and refuses two expansions', async () => {
    const res = await h.get(`/v1.0/groups/${groupId(1)}?$expand=members`);
    assert.equal(res.body.members.length, 20);
    assert.equal((await h.get('/v1.0/groups?$expand=members,owners')).status, 400);
  });

  it('filters oauth2PermissionGrants by consentType', async () => {
    const res = await h.get("/v1.0/oauth2PermissionGrants?$filter=consentType eq 'Principal'");
    assert.deepEqual(
      res.body.value.map((g: Json) => g.id),
      ['grant-1'],
    );
  });

  it('serves sign-ins newest first and filters on createdDateTime and appDisplayName', async () => {
    const all = await h.get('/v1.0/auditLogs/signIns');
    const dates = all.body.value.map((s: Json) => s.createdDateTime);
    assert.deepEqual(dates, [...dates].sort().reverse());
    const recent = await h.get('/v1.0/auditLogs/signIns?$filter=createdDateTime ge 2025-01-04T00:00:00Z');
    assert.equal(recent.body.value.length, 2);
    const graph = await h.get("/v1.0/auditLogs/signIns?$filter=startsWith(appDisplayName,'Graph')");
    assert.ok(graph.body.value.every((s: Json) => s.appDisplayName === 'Graph Explorer'));
  });
});

describe('Graph plugin: authentication, permissions and envelopes', () => {
  it('answers 401 InvalidAuthenticationToken without a token, with the request ids in headers and body', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/v1.0/users', headers: { 'client-request-id': 'my-id' } });
    const body = JSON.parse(res.body);
    assert.equal(res.statusCode, 401);
    assert.equal(body.error.code, 'InvalidAuthenticationToken');
    assert.equal(body.error.message, 'Access token is empty.');
    assert.equal(res.headers['client-request-id'], 'my-id');
    assert.equal(body.error.innerError['client-request-id'], 'my-id');
    assert.equal(body.error.innerError['request-id'], res.headers['request-id']);
    assert.ok(res.headers['x-ms-ags-diagnostic']);
    assert.match(
      String(res.headers['www-authenticate']),
      /^Bearer realm="", authorization_uri="https:\/\/localhost:1\/common\/oauth2\/authorize"/,
    );
  });

  it('answers 401 for an expired token', async () => {
    const token = await h.token(['User.Read.All'], 60);
    h.ctx.store.clock.advance(120_000);
    const res = await h.app.inject({
      method: 'GET',
      url: '/v1.0/users',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(res.statusCode, 401);
    assert.equal(JSON.parse(res.body).error.message, 'Access token has expired or is not yet valid.');
  });

  it('answers 403 Authorization_RequestDenied when the token lacks the permission', async () => {
    const res = await h.get('/v1.0/groups', { roles: ['User.Read.All'] });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'Authorization_RequestDenied');
    const signIns = await h.get('/v1.0/auditLogs/signIns', { roles: ['AuditLog.Read.All'] });
    assert.equal(signIns.status, 403, 'sign-ins need Directory.Read.All as well');
  });

  it('answers 400 for unknown segments and 405 for wrong methods', async () => {
    const unknown = await h.get(`/v1.0/users/${userId(1)}/shoes`);
    assert.equal(unknown.body.error.message, "Resource not found for the segment 'shoes'.");
    const token = await h.token(['Directory.ReadWrite.All']);
    const wrong = await h.app.inject({
      method: 'PUT',
      url: '/v1.0/users',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(wrong.statusCode, 405);
    assert.equal(JSON.parse(wrong.body).error.message, 'Specified HTTP method is not allowed for the request target.');
  });

  it('serves /me for delegated tokens and refuses it for app-only ones', async () => {
    const delegated = await issueAccessToken(h.ctx.keys, {
      tenantId: TENANT_ID,
      appId: APP_ID,
      scopes: ['User.Read'],
      userId: userId(4),
      issuedAt: Math.floor(h.ctx.store.clock.now() / 1000),
      lifetimeSeconds: 600,
    });
    const me = await h.app.inject({
      method: 'GET',
      url: '/v1.0/me?$select=id',
      headers: { authorization: `Bearer ${delegated}` },
    });
    assert.deepEqual(JSON.parse(me.body).id, userId(4));
    const appOnly = await h.get('/v1.0/me', { roles: ['User.Read.All'] });
    assert.equal(appOnly.status, 400);
    assert.equal(appOnly.body.error.message, '/me request is only valid with delegated authentication flow.');
  });

  it('serves JSON with Graph’s OData content type', async () => {
    const res = await h.get('/v1.0/organization');
    assert.equal(
      res.headers['content-type'],
      'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
    );
  });
});
