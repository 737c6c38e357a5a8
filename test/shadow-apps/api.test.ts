// The shadow-apps JSON API on a seeded catalog with a fake Temporal: triage rules (an owner for authorized, the same
// refusals as the pages), the listing's state filter, and a revocation's 202 with its workflow id and results.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { RevokeAppConsentsInput } from '../../workflows/shadow-apps/messages.js';
import { revokeAppConsentsWorkflowId } from '../../workflows/shadow-apps/messages.js';
import { authHeader, buildTestApp, openTestCatalog, stubTemporal, type TestCatalog } from '../helpers/api-app.js';
import { connectorRow, userRow } from '../helpers/catalog-rows.js';

const C = 'c-shadow';
const BASE = `/api/v1/connectors/${C}/discovered-apps`;

describe('shadow apps API', () => {
  let db: TestCatalog;
  let app: FastifyInstance;
  const started: RevokeAppConsentsInput[] = [];

  before(async () => {
    db = await openTestCatalog();
    const k = db.catalog.db;
    await k
      .insertInto('connectors')
      .values(connectorRow(C, { displayName: 'Shadow', tenantId: null }))
      .execute();
    await k
      .insertInto('principals')
      .values([userRow(C, 'u-ada', { generation: 1 }), userRow(C, 'u-bob', { generation: 1 })])
      .execute();
    for (const appId of ['app-mail', 'app-notes']) {
      await k
        .insertInto('discovered_apps')
        .values({
          connector_id: C,
          app_id: appId,
          service_principal_id: `sp-${appId}`,
          display_name: appId,
          publisher: null,
          verified_publisher: false,
          consenting_users: 2,
          generation: 1,
        })
        .execute();
      await k
        .insertInto('discovered_app_consents')
        .values(
          ['u-ada', 'u-bob'].map((p) => ({
            connector_id: C,
            app_id: appId,
            grant_id: `g-${appId}-${p}`,
            principal_id: p,
            generation: 1,
          })),
        )
        .execute();
    }
    app = await buildTestApp(db.catalog, {
      temporal: stubTemporal({
        shadowApps: {
          startRevocation: async (input) => {
            started.push(input);
            return { workflowId: revokeAppConsentsWorkflowId(input) };
          },
          revocationResult: async () => {
            throw new Error('not used');
          },
        },
      }),
    });
  });
  after(async () => {
    await app?.close();
    await db?.close();
  });

  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, headers: authHeader, payload });

  it('refuses to authorize without an owner of the tenant, then records the decision and filters by it', async () => {
    const noOwner = await post(`${BASE}/app-mail/triage`, { state: 'authorized', note: 'CRM' });
    assert.equal(noOwner.statusCode, 400);
    assert.match(noOwner.json().error.message, /needs an owner/);
    const stranger = await post(`${BASE}/app-mail/triage`, { state: 'authorized', ownerId: 'u-nobody' });
    assert.equal(stranger.statusCode, 400);
    const ok = await post(`${BASE}/app-mail/triage`, { state: 'authorized', ownerId: 'u-ada', note: 'CRM' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(
      { state: ok.json().triage.state, ownerId: ok.json().triage.ownerId, note: ok.json().triage.note },
      { state: 'authorized', ownerId: 'u-ada', note: 'CRM' },
    );
    const revoked = await post(`${BASE}/app-mail/triage`, { state: 'revoked' });
    assert.equal(revoked.statusCode, 400, 'revoked is the outcome of a revocation, not a choice');
    const list = await app.inject({ url: `${BASE}?state=authorized`, headers: authHeader });
    assert.deepEqual(
      list.json().items.map((a: { appId: string }) => a.appId),
      ['app-mail'],
    );
    const fresh = await app.inject({ url: `${BASE}?state=new`, headers: authHeader });
    assert.deepEqual(
      fresh.json().items.map((a: { appId: string }) => a.appId),
      ['app-notes'],
    );
    const audit = await db.catalog.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'shadow_app.triaged')
      .execute();
    assert.equal(audit.length, 1);
  });

  it('starts a revocation for chosen users with 202 and the workflow id, and refuses users who never consented', async () => {
    const stranger = await post(`${BASE}/app-notes/revoke`, { userIds: ['u-carol'] });
    assert.equal(stranger.statusCode, 400);
    assert.equal(started.length, 0);
    const res = await post(`${BASE}/app-notes/revoke`, { userIds: ['u-bob'], reason: 'unsanctioned' });
    assert.equal(res.statusCode, 202, res.body);
    const { revocationId, workflowId } = res.json() as { revocationId: string; workflowId: string };
    assert.equal(workflowId, `shadow-revoke:${C}:app-notes:${revocationId}`);
    assert.deepEqual(started[0]!.userIds, ['u-bob']);
    assert.equal(started[0]!.servicePrincipalId, 'sp-app-notes');
    const read = await app.inject({ url: `${BASE}/app-notes/revocations/${revocationId}`, headers: authHeader });
    assert.equal(read.statusCode, 200, read.body);
    assert.deepEqual(
      { status: read.json().status, workflowId: read.json().workflowId },
      { status: 'running', workflowId },
    );
    const elsewhere = await app.inject({ url: `${BASE}/app-mail/revocations/${revocationId}`, headers: authHeader });
    assert.equal(elsewhere.statusCode, 404);
  });
});
