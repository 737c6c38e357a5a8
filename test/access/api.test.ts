// The access API end to end: policies, validated requests, approvals by bearer-token identities, visibility rules and
// the audit export, over the real workflow, dev server and simulator.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { jsonb } from '../../catalog/index.js';
import { accessGrantWorkflowId } from '../../workflows/access/messages.js';
import { authHeader, buildTestApp, stubTemporal } from '../helpers/api-app.js';
import { createTemporalTestEnv, type TemporalTestEnv } from '../helpers/temporal-env.js';
import { createAccessHarness, pickFixtures, type AccessHarness } from './access-harness.js';

const APPROVER_TOKEN = 'approver-token-0123456789abcdefghij';
const REQUESTER_TOKEN = 'requester-token-0123456789abcdefghi';
const OTHER_TOKEN = 'other-requester-token-0123456789abcd';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Fails instead of hanging when the API never answers (as it did for text the catalog cannot store). */
async function answerWithin<T>(ms: number, answer: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the API did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('access API', () => {
  let temporal: TemporalTestEnv;
  let h: AccessHarness;
  let app: FastifyInstance;
  let requester: { id: string; upn: string };
  let role: string;
  let entitlementId: string;
  const approverId = 'approver-object-id';

  before(async () => {
    temporal = await createTemporalTestEnv();
    h = await createAccessHarness(temporal);
    const fx = pickFixtures(h.tenant);
    const user = fx.users[10]!;
    requester = { id: user.id, upn: user.userPrincipalName };
    role = fx.roleNotHeldBy(user.id);
    entitlementId = `role:${role}:member`;
    const C = h.connector.id;
    const generation = 1;
    const principal = (id: string, upn: string, enabled = true) => ({
      connector_id: C,
      id,
      kind: 'user' as const,
      display_name: upn,
      upn,
      account_enabled: enabled,
      attributes: jsonb({}),
      generation,
    });
    await h.catalog.db
      .insertInto('principals')
      .values([principal(user.id, user.userPrincipalName), principal('disabled-user', 'gone@x.example', false)])
      .execute();
    await h.catalog.db
      .insertInto('resources')
      .values([
        {
          connector_id: C,
          id: role,
          type: 'directoryRole',
          display_name: 'Role',
          immutable: false,
          attributes: jsonb({}),
          generation,
        },
        {
          connector_id: C,
          id: 'g-dyn',
          type: 'group',
          display_name: 'Dynamic',
          immutable: true,
          attributes: jsonb({}),
          generation,
        },
      ])
      .execute();
    await h.catalog.db
      .insertInto('entitlements')
      .values([
        {
          connector_id: C,
          id: entitlementId,
          resource_id: role,
          resource_type: 'directoryRole',
          kind: 'roleMember',
          display_name: 'Role member',
          immutable: false,
          generation,
        },
        {
          connector_id: C,
          id: 'group:g-dyn:member',
          resource_id: 'g-dyn',
          resource_type: 'group',
          kind: 'member',
          display_name: 'Dyn member',
          immutable: true,
          generation,
        },
      ])
      .execute();
    app = await buildTestApp(
      h.catalog,
      { temporal: stubTemporal({ access: h.access }) },
      {
        LANTERN_APPROVER_TOKENS: `${APPROVER_TOKEN}=${approverId}`,
        LANTERN_REQUESTER_TOKENS: `${REQUESTER_TOKEN}=${user.id},${OTHER_TOKEN}=someone-else`,
      },
    );
  });
  after(async () => {
    await app?.close();
    await h?.close();
    await temporal?.teardown();
  });

  const ask = (body: object, token = REQUESTER_TOKEN) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/connectors/${h.connector.id}/access-requests`,
      headers: bearer(token),
      payload: { justification: 'incident 42', ...body },
    });

  test('an admin sets the connector default policy', async () => {
    const res = await app.inject({
      method: 'PUT',
      url: `/api/v1/connectors/${h.connector.id}/access-policies/default`,
      headers: authHeader,
      payload: {
        maxDurationSeconds: 3600,
        approvalRequired: true,
        approvers: { principalIds: [approverId] },
        requestTimeoutSeconds: 60,
        extensionNeedsApproval: false,
      },
    });
    assert.equal(res.statusCode, 200, res.body);
    const forbidden = await app.inject({
      method: 'GET',
      url: `/api/v1/connectors/${h.connector.id}/access-policies`,
      headers: bearer(REQUESTER_TOKEN),
    });
    assert.equal(forbidden.statusCode, 403);
  });

  test('refuses requests that break a rule, naming the rule', async () => {
    const cases: [object, string][] = [
      [{ entitlementId: 'group:nope:member', durationSeconds: 60 }, 'entitlement_not_found'],
      [{ entitlementId: 'group:g-dyn:member', durationSeconds: 60 }, 'entitlement_immutable'],
      [{ entitlementId, durationSeconds: 7200 }, 'max_duration'],
    ];
    for (const [body, code] of cases) {
      const res = await ask(body);
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.json().error.code, code);
    }
    const disabled = await app.inject({
      method: 'POST',
      url: `/api/v1/connectors/${h.connector.id}/access-requests`,
      headers: authHeader,
      payload: { entitlementId, principalId: 'disabled-user', durationSeconds: 60, justification: 'x' },
    });
    assert.equal(disabled.json().error.code, 'principal_disabled');
    const forOthers = await ask({ entitlementId, principalId: 'disabled-user', durationSeconds: 60 });
    assert.equal(forOthers.statusCode, 403);
  });

  test('refuses a justification with a NUL character at once, starting nothing, so the pair stays free', async () => {
    const res = await answerWithin(
      10_000,
      ask({ entitlementId, durationSeconds: 600, justification: 'incident\u0000 42' }),
    );
    assert.equal(res.statusCode, 400, res.body);
    assert.match(res.json().error.message, /body\.justification contains a NUL/);
    const workflowId = accessGrantWorkflowId({ connectorId: h.connector.id, entitlementId, principalId: requester.id });
    await assert.rejects(temporal.env.client.workflow.getHandle(workflowId).describe(), WorkflowNotFoundError);
  });

  test('a grant whose input holds text the database cannot store is still recorded, visible and revocable', async () => {
    // Defence in depth for callers other than the API (which refuses such text): the catalog write must not fail forever.
    const other = pickFixtures(h.tenant).users[11]!;
    const input = h.input(pickFixtures(h.tenant).roleNotHeldBy(other.id), other.id);
    const pair = { connectorId: input.connectorId, entitlementId: input.entitlementId, principalId: input.principalId };
    await h.access.request({
      ...input,
      request: { ...input.request, justification: 'nul\u0000 and lone \uD800 surrogate', ticket: 'T\u0000' },
    });
    await h.waitFor(pair, (s) => s.stage === 'pending_approval');
    const grant = await app.inject({
      method: 'GET',
      url: `/api/v1/access-requests/${accessGrantWorkflowId(pair)}`,
      headers: authHeader,
    });
    assert.equal(grant.statusCode, 200, grant.body);
    const audit = await app.inject({
      method: 'GET',
      url: `/api/v1/audit?subject=${encodeURIComponent(accessGrantWorkflowId(pair))}`,
      headers: authHeader,
    });
    const requested = audit.json().items.find((e: { action: string }) => e.action === 'access.requested');
    assert.equal(requested.detail.justification, 'nul\uFFFD and lone \uFFFD surrogate');
    const withdrawn = await app.inject({
      method: 'POST',
      url: `/api/v1/access-requests/${accessGrantWorkflowId(pair)}/revoke`,
      headers: authHeader,
      payload: {},
    });
    assert.equal(withdrawn.statusCode, 200, withdrawn.body);
    await h.waitFor(pair, (s) => s.stage === 'ended');
  });

  test('a requester asks, the approver approves, access appears in Entra and the audit log tells the story', async () => {
    const created = await ask({ entitlementId, durationSeconds: 600 });
    assert.equal(created.statusCode, 201, created.body);
    const { workflowId } = created.json();
    const url = `/api/v1/access-requests/${workflowId}`;

    assert.equal(
      (await app.inject({ method: 'GET', url, headers: bearer(OTHER_TOKEN) })).statusCode,
      404,
      'others cannot see it',
    );
    const mine = await app.inject({ method: 'GET', url: '/api/v1/access-requests', headers: bearer(REQUESTER_TOKEN) });
    assert.deepEqual(
      mine.json().items.map((r: { workflow_id: string }) => r.workflow_id),
      [workflowId],
    );
    const theirs = await app.inject({ method: 'GET', url: '/api/v1/access-requests', headers: bearer(OTHER_TOKEN) });
    assert.deepEqual(theirs.json().items, []);
    const toDecide = await app.inject({
      method: 'GET',
      url: '/api/v1/access-requests?stage=pending_approval',
      headers: bearer(APPROVER_TOKEN),
    });
    assert.equal(toDecide.json().items.length, 1);

    assert.equal(
      (await app.inject({ method: 'POST', url: `${url}/approve`, headers: bearer(REQUESTER_TOKEN), payload: {} }))
        .statusCode,
      403,
    );
    const approved = await app.inject({
      method: 'POST',
      url: `${url}/approve`,
      headers: bearer(APPROVER_TOKEN),
      payload: { comment: 'ok' },
    });
    assert.equal(approved.statusCode, 200, approved.body);
    const pair = { connectorId: h.connector.id, entitlementId, principalId: requester.id };
    await h.waitFor(pair, (s) => s.stage === 'active');
    assert.ok(
      [...h.tenant.roleAssignments.values()].some((a) => a.principalId === requester.id && a.roleDefinitionId === role),
    );

    const again = await app.inject({
      method: 'POST',
      url: `${url}/approve`,
      headers: bearer(APPROVER_TOKEN),
      payload: {},
    });
    assert.equal(again.statusCode, 409, 'nothing left to decide');

    assert.equal(
      (await app.inject({ method: 'POST', url: `${url}/revoke`, headers: bearer(OTHER_TOKEN), payload: {} }))
        .statusCode,
      404,
    );
    const revoked = await app.inject({
      method: 'POST',
      url: `${url}/revoke`,
      headers: bearer(REQUESTER_TOKEN),
      payload: { reason: 'fixed' },
    });
    assert.equal(revoked.statusCode, 200, revoked.body);
    await h.waitFor(pair, (s) => s.stage === 'ended');
    const detail = await app.inject({ method: 'GET', url, headers: bearer(REQUESTER_TOKEN) });
    assert.equal(detail.json().end_reason, 'revoked');
    assert.ok(
      ![...h.tenant.roleAssignments.values()].some(
        (a) => a.principalId === requester.id && a.roleDefinitionId === role,
      ),
    );

    const exported = await app.inject({
      method: 'GET',
      url: `/api/v1/audit?format=jsonl&subject=${encodeURIComponent(workflowId)}`,
      headers: authHeader,
    });
    assert.match(exported.headers['content-type'] as string, /ndjson/);
    const actions = exported.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).action)
      .reverse();
    assert.deepEqual(actions, [
      'access.requested',
      'access.approved',
      'graph.access_added',
      'access.revoked',
      'graph.access_removed',
    ]);
  });
});
