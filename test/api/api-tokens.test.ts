import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { hashApiToken } from '../../api/http/api-token-auth.js';
import { startApi } from '../../api/index.js';
import { deprecatedTokenWarning } from '../../api/system/api-tokens.js';
import { loadConfig } from '../../config/index.js';
import { capturedApiLog } from '../helpers/captured-log.js';
import { signInAs } from '../helpers/sessions.js';
import { authHeader, buildTestApp, openTestCatalog, stubTemporal, type TestCatalog } from '../helpers/api-app.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const HOME_TENANT = '51111111-2222-4333-8444-555555555555';

describe('API tokens for automation', () => {
  let db: TestCatalog;
  let app: FastifyInstance;
  const captured = capturedApiLog('trace');
  before(async () => {
    db = await openTestCatalog();
    await db.catalog.db
      .insertInto('connectors')
      .values([
        { id: 'conn-a', display_name: 'Tenant A', tenant_id: null },
        { id: 'conn-b', display_name: 'Tenant B', tenant_id: null },
      ])
      .execute();
    app = await buildTestApp(db.catalog, { logger: captured.logger }, { LANTERN_HOME_TENANT_ID: HOME_TENANT });
  });
  after(async () => {
    await app?.close();
    await db?.close();
  });

  async function createToken(body: Record<string, unknown>) {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: authHeader,
      payload: { expiresInDays: 30, ...body },
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json() as { id: string; token: string; name: string; lastUsedAt: string | null };
  }
  const audit = (subject: string) =>
    db.catalog.db.selectFrom('audit_log').selectAll().where('subject', '=', subject).orderBy('id').execute();
  const storedRow = (id: string) =>
    db.catalog.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('shows a new token once, then authenticates it, records its use and refuses it once revoked', async () => {
    const created = await createToken({ name: 'nightly export', role: 'admin' });
    assert.match(created.token, /^lnt_[A-Za-z0-9_-]{43}$/);
    assert.equal(created.lastUsedAt, null);

    const listed = await app.inject({ url: '/api/v1/api-tokens', headers: authHeader });
    const entry = listed.json().items.find((item: { id: string }) => item.id === created.id);
    assert.equal(entry.name, 'nightly export');
    assert.equal(entry.createdBy, 'admin-token#1');
    assert.ok(!listed.body.includes(created.token) && !listed.body.includes(hashApiToken(created.token)));

    for (let i = 0; i < 2; i++) {
      const used = await app.inject({ url: '/api/v1/connectors', headers: bearer(created.token) });
      assert.equal(used.statusCode, 200, used.body);
    }
    assert.ok((await storedRow(created.id)).last_used_at, 'last use is recorded');
    const actions = (await audit(`api-token:${created.id}`)).map((row) => row.action);
    assert.deepEqual(actions, ['api_token.created', 'api_token.first_used'], 'the first use is audited once');

    const revoked = await app.inject({
      method: 'DELETE',
      url: `/api/v1/api-tokens/${created.id}`,
      headers: authHeader,
    });
    assert.equal(revoked.statusCode, 204);
    const refused = await app.inject({ url: '/api/v1/connectors', headers: bearer(created.token) });
    assert.equal(refused.statusCode, 401);
    assert.match(refused.json().error.message, /revoked/);
    assert.ok(!refused.body.includes(created.token), 'the refusal does not echo the token');

    const again = await app.inject({ method: 'DELETE', url: `/api/v1/api-tokens/${created.id}`, headers: authHeader });
    assert.equal(again.statusCode, 204, 'revoking twice is fine');
    const revokedAudits = (await audit(`api-token:${created.id}`)).filter((row) => row.action === 'api_token.revoked');
    assert.equal(revokedAudits.length, 1, 'only the real revocation is audited');
    assert.equal(revokedAudits[0]!.actor, 'admin-token#1');
    const unknown = await app.inject({
      method: 'DELETE',
      url: '/api/v1/api-tokens/00000000-0000-4000-8000-000000000000',
      headers: authHeader,
    });
    assert.equal(unknown.statusCode, 404);
  });

  it("audits a signed-in admin's token with their object id and tenant, and wants the session's CSRF token", async () => {
    const { cookie, csrf } = await signInAs(db.catalog.db, {
      objectId: 'admin-object-id',
      tenantId: HOME_TENANT,
      appRoles: ['Lantern.Admin'],
    });
    const payload = { name: 'made by a person', role: 'reader', expiresInDays: 7 };
    const withoutCsrf = await app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: { cookie }, payload });
    assert.equal(withoutCsrf.statusCode, 403);
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: { cookie, 'x-csrf-token': csrf },
      payload,
    });
    assert.equal(created.statusCode, 201, created.body);
    const [row] = await audit(`api-token:${created.json().id}`);
    assert.equal(row!.actor, 'session:admin-object-id');
    assert.deepEqual(
      { objectId: row!.detail.actorObjectId, tenantId: row!.detail.actorTenantId, name: row!.detail.name },
      { objectId: 'admin-object-id', tenantId: HOME_TENANT, name: 'made by a person' },
    );
  });

  it('refuses an expired token and an unknown one, saying which', async () => {
    const created = await createToken({ name: 'short-lived', role: 'admin' });
    await db.catalog.db
      .updateTable('api_tokens')
      .set({ created_at: new Date(Date.now() - 3_600_000), expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', created.id)
      .execute();
    const expired = await app.inject({ url: '/api/v1/connectors', headers: bearer(created.token) });
    assert.equal(expired.statusCode, 401);
    assert.match(expired.json().error.message, /expired/);

    const unknown = await app.inject({ url: '/api/v1/connectors', headers: bearer(`lnt_${'A'.repeat(43)}`) });
    assert.equal(unknown.statusCode, 401);
    assert.match(unknown.json().error.message, /not known/);
  });

  it('audits the first use once, even when it comes as several requests at the same time', async () => {
    const created = await createToken({ name: 'burst', role: 'reader' });
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => app.inject({ url: '/api/v1/connectors', headers: bearer(created.token) })),
    );
    assert.deepEqual(
      answers.map((answer) => answer.statusCode),
      [200, 200, 200, 200, 200],
    );
    const firstUses = (await audit(`api-token:${created.id}`)).filter((row) => row.action === 'api_token.first_used');
    assert.equal(firstUses.length, 1);
    assert.equal(firstUses[0]!.actor, `api-token:${created.id}`);
  });

  it('records the last use at most once a minute', async () => {
    const created = await createToken({ name: 'poller', role: 'reader' });
    await app.inject({ url: '/api/v1/connectors', headers: bearer(created.token) });
    const first = (await storedRow(created.id)).last_used_at!;
    await app.inject({ url: '/api/v1/connectors', headers: bearer(created.token) });
    assert.equal((await storedRow(created.id)).last_used_at!.getTime(), first.getTime(), 'a use within the minute');

    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await db.catalog.db
      .updateTable('api_tokens')
      .set({ last_used_at: twoMinutesAgo })
      .where('id', '=', created.id)
      .execute();
    await app.inject({ url: '/api/v1/connectors', headers: bearer(created.token) });
    assert.ok((await storedRow(created.id)).last_used_at!.getTime() > twoMinutesAgo.getTime() + 60_000);
  });

  it('lets a reader token read but not change anything, nor create tokens', async () => {
    const { token } = await createToken({ name: 'dashboard', role: 'reader' });
    assert.equal((await app.inject({ url: '/api/v1/connectors', headers: bearer(token) })).statusCode, 200);
    assert.equal((await app.inject({ url: '/api/v1/api-tokens', headers: bearer(token) })).statusCode, 200);
    const write = await app.inject({
      method: 'PATCH',
      url: '/api/v1/connectors/conn-a',
      headers: bearer(token),
      payload: { displayName: 'Renamed' },
    });
    assert.equal(write.statusCode, 403, 'a reader passes admin routes only to read');
    const mint = await app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: bearer(token),
      payload: { name: 'escalate', role: 'admin', expiresInDays: 1 },
    });
    assert.equal(mint.statusCode, 403);
  });

  it("keeps a connector-scoped token to its connector's routes and access requests", async () => {
    const { token } = await createToken({ name: 'tenant A robot', role: 'admin', connectorId: 'conn-a' });
    const get = (url: string) => app.inject({ url, headers: bearer(token) });
    assert.equal((await get('/api/v1/connectors/conn-a')).statusCode, 200);
    assert.equal((await get('/api/v1/connectors/conn-a/access-policies')).statusCode, 200);
    const other = await get('/api/v1/connectors/conn-b');
    assert.equal(other.statusCode, 403);
    assert.match(other.json().error.message, /limited to connector conn-a/);
    assert.equal((await get('/api/v1/connectors')).statusCode, 403, 'the list spans every connector');
    assert.equal((await get('/api/v1/audit')).statusCode, 403);
    assert.equal((await get('/api/v1/access-requests/grant:conn-a:group:g:member:p')).statusCode, 404, 'in scope');
    assert.equal((await get('/api/v1/access-requests/grant:conn-b:group:g:member:p')).statusCode, 403);
    const mint = await app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: bearer(token),
      payload: { name: 'wider', role: 'admin', expiresInDays: 1 },
    });
    assert.equal(mint.statusCode, 403, 'a scoped token cannot mint an unscoped one');
  });

  it('names the field to fix when the input is wrong', async () => {
    const post = (payload: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: authHeader, payload });
    const cases: Array<[Record<string, unknown>, number, RegExp]> = [
      [{ role: 'admin', expiresInDays: 1 }, 400, /body\.name is required/],
      [{ name: 'x'.repeat(101), role: 'admin', expiresInDays: 1 }, 400, /body\.name/],
      [{ name: 'bell\u0007', role: 'admin', expiresInDays: 1 }, 400, /body\.name must be printable/],
      [{ name: '   ', role: 'admin', expiresInDays: 1 }, 400, /body\.name must be printable/],
      [{ name: 'ok', role: 'requester', expiresInDays: 1 }, 400, /body\.role/],
      [{ name: 'ok', role: 'admin', expiresInDays: 367 }, 400, /body\.expiresInDays/],
      [{ name: 'ok', role: 'admin' }, 400, /body\.expiresInDays is required/],
      [{ name: 'ok', role: 'admin', expiresInDays: 1, connectorId: 'nope' }, 422, /body\.connectorId/],
    ];
    for (const [payload, status, message] of cases) {
      const response = await post(payload);
      assert.equal(response.statusCode, status, JSON.stringify(payload));
      assert.match(response.json().error.message, message);
    }
    const badId = await app.inject({ method: 'DELETE', url: '/api/v1/api-tokens/not-a-uuid', headers: authHeader });
    assert.equal(badId.statusCode, 400);
  });

  it('stores and returns a name with markup verbatim', async () => {
    const name = '<script>alert("x")</script> & <b>bold</b>';
    const created = await createToken({ name, role: 'reader' });
    assert.equal(created.name, name);
    const listed = await app.inject({ url: '/api/v1/api-tokens', headers: authHeader });
    assert.equal(listed.json().items.find((item: { id: string }) => item.id === created.id).name, name);
  });

  it('never writes a token or its digest to the audit log or the log', async () => {
    const created = await createToken({ name: 'secret keeper', role: 'admin' });
    await app.inject({ url: '/api/v1/connectors', headers: bearer(created.token) });
    await app.inject({ url: '/api/v1/connectors', headers: bearer(`${created.token.slice(0, -1)}x`) });
    await app.inject({ method: 'DELETE', url: `/api/v1/api-tokens/${created.id}`, headers: authHeader });
    await app.inject({ url: '/api/v1/connectors', headers: bearer(created.token) });
    const rows = JSON.stringify(await db.catalog.db.selectFrom('audit_log').selectAll().execute());
    const log = captured.lines.join('');
    assert.match(log, /incoming request/, 'requests are logged at all');
    for (const secret of [created.token, created.token.slice(4), hashApiToken(created.token)]) {
      assert.ok(!rows.includes(secret), 'audit rows hold no secret');
      assert.ok(!log.includes(secret), 'the log holds no secret');
    }
  });
});

describe('deprecated per-person token variables', () => {
  it('warns once at start, naming the variables but not the tokens', async () => {
    const catalog = await openTestCatalog();
    const { logger, lines } = capturedApiLog('info');
    const loaded = loadConfig({
      env: { LANTERN_REQUESTER_TOKENS: 'requester-secret-0123456789abcdef=p-1', LOG_LEVEL: 'info' },
    });
    const config = { ...loaded, api: { ...loaded.api, port: 0 } };
    const api = await startApi({
      config,
      catalog: catalog.catalog,
      temporal: stubTemporal(),
      logger,
    });
    await api.close();
    await catalog.close();
    const warnings = lines.filter((line) => line.includes('LANTERN_REQUESTER_TOKENS'));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /deprecated/);
    assert.match(warnings[0]!, /API tokens/);
    assert.ok(!lines.join('').includes('requester-secret-0123456789abcdef'));
    assert.equal(deprecatedTokenWarning({ approverTokens: [], requesterTokens: [] }), null);
  });
});
