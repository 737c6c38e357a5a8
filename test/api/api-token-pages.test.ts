// The API tokens page: creates through the API's rules (shown once, refusals name the field), revokes after a
// confirmation, needs the CSRF token on every post, and lets readers look only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ADMIN_TOKEN, buildTestApp, openTestCatalog, type TestCatalog } from '../helpers/api-app.js';
import { signInAs, submitForm } from '../helpers/sessions.js';
import { ENTRA_ENV } from './connector-fakes.js';

const HOME = '31111111-2222-4333-8444-555555555555';

describe('API tokens page', () => {
  let catalog: TestCatalog;
  let app: FastifyInstance;
  let admin: { cookie: string; csrf: string };

  before(async () => {
    catalog = await openTestCatalog();
    app = await buildTestApp(catalog.catalog, {}, { ...ENTRA_ENV, LANTERN_HOME_TENANT_ID: HOME });
    admin = await signInAs(catalog.catalog.db, { objectId: 'u-admin', tenantId: HOME, appRoles: ['Lantern.Admin'] });
  });
  after(async () => {
    await app?.close();
    await catalog?.close();
  });

  const post = (url: string, fields: Record<string, string>, csrf = admin.csrf) =>
    submitForm(app, { cookie: admin.cookie, csrf }, url, fields);

  it('creates a token, shows it once, and it works as a bearer token', async () => {
    const created = await post('/admin/api-tokens', {
      name: 'Nightly <report>',
      role: 'reader',
      connectorId: '',
      expiresInDays: '7',
    });
    assert.equal(created.statusCode, 201);
    const token = /id="created-token" class="wide" readonly value="([^"]+)"/.exec(created.body)?.[1];
    assert.ok(token, 'shows the token');
    assert.match(created.body, /will never show it again/);
    assert.match(created.body, /Nightly &lt;report&gt;/);
    const me = await app.inject({ url: '/api/v1/audit?limit=1', headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.statusCode, 200);
    const list = await app.inject({ url: '/admin/api-tokens', headers: { cookie: admin.cookie } });
    assert.ok(!list.body.includes(token), 'the list never shows the token again');
  });

  it('refuses what the API refuses, naming the field and keeping what was typed', async () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ name: '', role: 'admin', expiresInDays: '7' }, 'token-name', /name/],
      [{ name: '   ', role: 'admin', expiresInDays: '7' }, 'token-name', /printable/],
      [{ name: 'x', role: 'owner', expiresInDays: '7' }, 'token-role', /role/],
      [{ name: 'x', role: 'admin', expiresInDays: '400' }, 'token-expiresInDays', /&lt;= 366/],
      [{ name: 'x', role: 'admin', expiresInDays: 'soon' }, 'token-expiresInDays', /integer/],
      [
        { name: 'x', role: 'admin', expiresInDays: '7', connectorId: 'nope' },
        'token-connectorId',
        /names no connector/,
      ],
    ];
    for (const [fields, field, reason] of cases) {
      const response = await post('/admin/api-tokens', fields);
      assert.equal(response.statusCode, 400, JSON.stringify(fields));
      const error = new RegExp(`id="${field}-error">([^<]*)<`).exec(response.body)?.[1] ?? '';
      assert.match(error, reason, `${JSON.stringify(fields)} → ${error}`);
      const api = await app.inject({
        method: 'POST',
        url: '/api/v1/api-tokens',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        payload: {
          ...fields,
          expiresInDays: /^\d+$/.test(fields.expiresInDays!) ? Number(fields.expiresInDays) : fields.expiresInDays,
          ...(fields.connectorId ? {} : { connectorId: undefined }),
        },
      });
      assert.ok([400, 422].includes(api.statusCode), `the API refuses ${JSON.stringify(fields)} too`);
    }
  });

  it('revokes after a confirmation page, and only with the CSRF token', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { name: 'to revoke', role: 'reader', expiresInDays: 1 },
    });
    const { id, token } = created.json() as { id: string; token: string };
    const confirm = await app.inject({ url: `/admin/api-tokens/${id}/revoke`, headers: { cookie: admin.cookie } });
    assert.match(confirm.body, /Revoke the token <strong>to revoke<\/strong>/);
    assert.equal((await post(`/admin/api-tokens/${id}/revoke`, {}, '')).statusCode, 403);
    assert.equal(
      (await post('/admin/api-tokens', { name: 'x', role: 'admin', expiresInDays: '1' }, '')).statusCode,
      403,
    );
    const revoked = await post(`/admin/api-tokens/${id}/revoke`, {});
    assert.equal(revoked.statusCode, 303);
    assert.equal(revoked.headers.location, '/admin/api-tokens?done=revoked');
    const use = await app.inject({ url: '/api/v1/audit?limit=1', headers: { authorization: `Bearer ${token}` } });
    assert.equal(use.statusCode, 401);
  });

  it('lets a reader token see the list but not create or revoke', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { name: 'reader', role: 'reader', expiresInDays: 1 },
    });
    const headers = { authorization: `Bearer ${(created.json() as { token: string }).token}` };
    const list = await app.inject({ url: '/admin/api-tokens', headers });
    assert.equal(list.statusCode, 200);
    assert.doesNotMatch(list.body, /Create token/);
    const attempt = await app.inject({
      method: 'POST',
      url: '/admin/api-tokens',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=x&role=admin&expiresInDays=1',
    });
    assert.equal(attempt.statusCode, 403);
  });
});
