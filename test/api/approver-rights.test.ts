// Approver rights decided from Entra at request time: real syncs of the simulated tenant into the catalog, the real
// accessGrant workflow on the dev server, and people acting through sign-in sessions. The rights cache runs on a clock
// the test moves, so "at most a minute later" is proved without waiting a minute.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createApproverRights } from '../../api/access/rights.js';
import { startAccessSuite, stopAccessSuite, type AccessSuite } from '../access/access-harness.js';
import { authHeader, buildTestApp, stubTemporal } from '../helpers/api-app.js';
import { signInAs } from '../helpers/sessions.js';
import { pickRightsPeople, syncOnce, type Person } from './approver-rights-fixture.js';

type Headers = Record<string, string>;

describe('approver rights follow Entra', () => {
  let suite: AccessSuite;
  let app: FastifyInstance;
  let nowMs = Date.now();
  const people = new Map<string, Headers>();
  let owner: Person;
  let requester: Person;
  let secondRequester: Person;
  let manager: Person;
  let noManager: Person;
  let guest: Person;
  let ownedEntitlement: string;
  let managedEntitlement: string;

  /** The session headers of a person of the connected tenant (one sign-in each). */
  async function as(person: Person, tenantId = suite.h.tenant.id): Promise<Headers> {
    const key = `${person.id}@${tenantId}`;
    if (!people.has(key)) {
      const { cookie, csrf } = await signInAs(suite.h.catalog.db, { objectId: person.id, tenantId, upn: person.upn });
      people.set(key, { cookie, 'x-csrf-token': csrf });
    }
    return people.get(key)!;
  }

  const ask = async (person: Person, entitlementId: string) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/connectors/${suite.h.connector.id}/access-requests`,
      headers: await as(person),
      payload: { entitlementId, durationSeconds: 600, justification: 'incident 7' },
    });
  const listedFor = async (person: Person) => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/access-requests', headers: await as(person) });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().items.map((r: { workflow_id: string }) => r.workflow_id) as string[];
  };
  const decide = async (person: Person, grantId: string, verb: 'approve' | 'deny' | 'revoke') =>
    app.inject({
      method: 'POST',
      url: `/api/v1/access-requests/${grantId}/${verb}`,
      headers: await as(person),
      payload: {},
    });
  const putPolicy = async (entitlementId: string, policy: object) => {
    const res = await app.inject({
      method: 'PUT',
      url: `/api/v1/connectors/${suite.h.connector.id}/access-policies/${entitlementId}`,
      headers: authHeader,
      payload: {
        maxDurationSeconds: 3600,
        approvalRequired: true,
        requestTimeoutSeconds: 600,
        extensionNeedsApproval: false,
        ...policy,
      },
    });
    assert.equal(res.statusCode, 200, res.body);
  };

  before(async () => {
    suite = await startAccessSuite();
    await syncOnce(suite);
    ({ owner, requester, secondRequester, manager, noManager, guest, ownedEntitlement, managedEntitlement } =
      pickRightsPeople(suite));
    const rights = createApproverRights({ now: () => nowMs });
    app = await buildTestApp(suite.h.catalog, {
      temporal: stubTemporal({ access: suite.h.access }),
      approverRights: rights,
    });
    await putPolicy(ownedEntitlement, { approvers: { owners: true } });
    await putPolicy(managedEntitlement, { approvers: { manager: true } });
  });
  after(async () => {
    await app?.close();
    await stopAccessSuite(suite ?? {});
  });

  test("a group's owner in Entra sees and approves a request for the group", async () => {
    const asked = await ask(requester, ownedEntitlement);
    assert.equal(asked.statusCode, 201, asked.body);
    const { workflowId } = asked.json();
    assert.ok((await listedFor(owner)).includes(workflowId));
    assert.ok(!(await listedFor(manager)).includes(workflowId), 'the manager is not an approver of this policy');
    assert.equal((await decide(manager, workflowId, 'approve')).statusCode, 404);
    const ownApproval = await decide(requester, workflowId, 'approve');
    assert.equal(ownApproval.statusCode, 403, 'a requester never decides their own request');

    const approved = await decide(owner, workflowId, 'approve');
    assert.equal(approved.statusCode, 200, approved.body);
    assert.equal(approved.json().approvedBy, owner.id, 'the decision records the person, by object id');
    await suite.h.waitFor(approved.json(), (s) => s.stage !== 'pending_approval' && s.stage !== 'provisioning');
  });

  test('an owner removed in Entra loses the request after the next sync and the cache lifetime', async () => {
    const asked = await ask(secondRequester, ownedEntitlement);
    assert.equal(asked.statusCode, 201, asked.body);
    const { workflowId } = asked.json();
    assert.ok((await listedFor(owner)).includes(workflowId), 'the owner may decide it');

    const groupId = ownedEntitlement.split(':')[1]!;
    assert.ok(suite.h.tenant.removeGroupOwner(groupId, owner.id));
    await syncOnce(suite);
    assert.ok((await listedFor(owner)).includes(workflowId), 'within the cache lifetime the earlier answer stands');
    nowMs += 60_000;

    assert.ok(!(await listedFor(owner)).includes(workflowId), 'no longer listed');
    const detail = await app.inject({
      method: 'GET',
      url: `/api/v1/access-requests/${workflowId}`,
      headers: await as(owner),
    });
    assert.equal(detail.statusCode, 404);
    assert.equal((await decide(owner, workflowId, 'approve')).statusCode, 404);
    const pending = await suite.h.waitFor(asked.json().status, () => true);
    assert.equal(pending.stage, 'pending_approval', 'nothing was decided');

    const page = await app.inject({ method: 'GET', url: '/approvals', headers: await as(owner) });
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes(workflowId), 'the approvals page no longer offers it');

    // (Withdrawing from the My access page is proved by the requester's page tests; here through the JSON API.)
    const withdrawn = await decide(secondRequester, workflowId, 'revoke');
    assert.equal(withdrawn.statusCode, 200, withdrawn.body);
    const ended = await suite.h.waitFor(asked.json().status, (s) => s.stage === 'ended');
    assert.equal(ended.endReason, 'revoked');
  });

  test('the person pages need a person of a connected tenant', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/approvals' });
    assert.equal(anonymous.statusCode, 401);
    assert.match(anonymous.body, /href="\/sign-in[^"]*"/);
    const stranger = await as(requester, '00000000-0000-4000-8000-00000000beef');
    const refused = await app.inject({ method: 'GET', url: '/approvals', headers: stranger });
    assert.equal(refused.statusCode, 403);
    assert.match(refused.headers['content-type'] as string, /text\/html/);
  });

  test("the requester's manager approves on the Approvals page when the policy names the manager", async () => {
    const asked = await ask(requester, managedEntitlement);
    assert.equal(asked.statusCode, 201, asked.body);
    const { workflowId } = asked.json();
    assert.ok(!(await listedFor(owner)).includes(workflowId));

    const page = await app.inject({ method: 'GET', url: '/approvals', headers: await as(manager) });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Approvals<\/h1>/);
    assert.ok(page.body.includes(workflowId) && page.body.includes(requester.upn));
    assert.match(page.body, />Approve<\/button>/);
    assert.match(page.body, />Deny<\/button>/);

    const headers = await as(manager);
    const form = (csrf: string) =>
      new URLSearchParams({ grantIds: workflowId, decision: 'approve', comment: 'ok', _csrf: csrf }).toString();
    const post = (csrf: string) =>
      app.inject({
        method: 'POST',
        url: '/approvals/decide',
        headers: { cookie: headers.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
        payload: form(csrf),
      });
    assert.equal(
      (await post('not-the-token')).statusCode,
      403,
      'a form without the session CSRF token changes nothing',
    );
    const done = await post(headers['x-csrf-token']!);
    assert.equal(done.statusCode, 303, done.body);
    assert.equal(done.headers.location, '/approvals?done=approved&count=1');
    const status = await suite.h.waitFor(asked.json().status, (s) => s.stage !== 'pending_approval');
    assert.equal(status.approvedBy, manager.id);

    assert.ok((await listedFor(requester)).includes(workflowId), 'the requester still sees it');
  });

  test('a request whose policy names only the manager is refused when Entra names no manager', async () => {
    const res = await ask(noManager, managedEntitlement);
    assert.equal(res.statusCode, 422, res.body);
    assert.equal(res.json().error.code, 'no_approver');
    assert.match(res.json().error.message, /has no manager in Entra/);
  });

  test('guests are refused unless the policy allows guests', async () => {
    const forGuest = () =>
      app.inject({
        method: 'POST',
        url: `/api/v1/connectors/${suite.h.connector.id}/access-requests`,
        headers: authHeader,
        payload: { entitlementId: managedEntitlement, principalId: guest.id, durationSeconds: 60, justification: 'x' },
      });
    const refused = await forGuest();
    assert.equal(refused.statusCode, 422, refused.body);
    assert.equal(refused.json().error.code, 'guest_not_allowed');
    await putPolicy(managedEntitlement, { approvers: { principalIds: [owner.id] }, allowGuests: true });
    const allowed = await forGuest();
    assert.equal(allowed.statusCode, 201, allowed.body);
    assert.equal((await decide(owner, allowed.json().workflowId, 'deny')).statusCode, 200);
  });

  test("a person requests only in their own tenant's connector", async () => {
    const otherTenantId = '00000000-0000-4000-8000-0000000000aa';
    await suite.h.catalog.db
      .insertInto('connectors')
      .values({ id: 'c-other', display_name: 'Other', tenant_id: otherTenantId, status: 'connected' })
      .execute();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/connectors/c-other/access-requests',
      headers: await as(requester),
      payload: { entitlementId: ownedEntitlement, durationSeconds: 60, justification: 'x' },
    });
    assert.equal(res.statusCode, 403, res.body);
    assert.match(res.json().error.message, /this connector's tenant/);
  });
});
