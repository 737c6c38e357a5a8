// Sign-in sessions as the API sees them: roles decided from the catalog, CSRF on state-changing requests, timeouts
// on an injected clock, cookies from elsewhere, and sessions ending when the directory disables their person.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { peopleDepsFromConfig } from '../../api/people/routes.js';
import { safeReturnTo } from '../../api/people/sign-in-routes.js';
import { admit } from '../../api/people/admission.js';
import { rolesAllow } from '../../api/http/auth.js';
import { PERSONAL_ACCOUNTS_TENANT_ID } from '../../entra/id-token.js';
import { createSession, endSessionsOfUsers, lookupSession, touchSession } from '../../catalog/people/sessions.js';
import { loadConfig } from '../../config/index.js';
import { ADMIN_TOKEN, buildTestApp, openTestCatalog, type TestCatalog } from '../helpers/api-app.js';
import { userRow } from '../helpers/catalog-rows.js';
import { signInAs } from '../helpers/sessions.js';

const HOME = '11111111-1111-4111-8111-111111111111';
const TENANT = '22222222-2222-4222-8222-222222222222';
const OTHER_TENANT = '33333333-3333-4333-8333-333333333333';
const ADMIN_GROUP = '44444444-4444-4444-8444-444444444444';
const NESTED_GROUP = '55555555-5555-4555-8555-555555555555';
const CONNECTOR = 'contoso';
const MEMBER = 'aaaaaaaa-0000-4000-8000-000000000001';
const GUEST = 'aaaaaaaa-0000-4000-8000-000000000002';
const DISABLED = 'aaaaaaaa-0000-4000-8000-000000000003';
const GROUP_ADMIN = 'aaaaaaaa-0000-4000-8000-000000000004';
const HOME_PERSON = 'bbbbbbbb-0000-4000-8000-000000000001';

const ENV = {
  LANTERN_HOME_TENANT_ID: HOME,
  LANTERN_ADMIN_GROUP_IDS: ADMIN_GROUP,
  LANTERN_SESSION_IDLE_MINUTES: '60',
  LANTERN_SESSION_MAX_MINUTES: '600',
};

async function seedDirectory(db: TestCatalog['catalog']['db']): Promise<void> {
  await db
    .insertInto('connectors')
    .values({ id: CONNECTOR, display_name: 'Contoso', tenant_id: TENANT, status: 'connected' })
    .execute();
  const user = (id: string, userType: 'Member' | 'Guest', enabled = true) =>
    userRow(CONNECTOR, id, { domain: 'contoso.example', userType, enabled });
  await db
    .insertInto('principals')
    .values([
      user(MEMBER, 'Member'),
      user(GUEST, 'Guest'),
      user(DISABLED, 'Member', false),
      user(GROUP_ADMIN, 'Member'),
    ])
    .execute();
  // GROUP_ADMIN is in NESTED_GROUP, which is in the admin group: transitive membership counts.
  await db
    .insertInto('group_members')
    .values([
      { connector_id: CONNECTOR, group_id: NESTED_GROUP, member_id: GROUP_ADMIN, member_kind: 'user', generation: 1 },
      { connector_id: CONNECTOR, group_id: ADMIN_GROUP, member_id: NESTED_GROUP, member_kind: 'group', generation: 1 },
    ])
    .execute();
}

describe('sign-in sessions', () => {
  let db: TestCatalog;
  let app: FastifyInstance;
  let clock: Date;
  const config = loadConfig({ env: { LANTERN_ADMIN_TOKENS: ADMIN_TOKEN, LOG_LEVEL: 'silent', ...ENV } });
  const limits = { idleMinutes: 60, maxMinutes: 600 };

  before(async () => {
    db = await openTestCatalog();
    await seedDirectory(db.catalog.db);
    const people = peopleDepsFromConfig(config, db.catalog.db, null, () => clock);
    app = await buildTestApp(db.catalog, { people }, ENV);
  });
  beforeEach(() => {
    clock = new Date();
  });
  after(async () => {
    await app?.close();
    await db?.close();
  });

  const me = (cookie: string) => app.inject({ url: '/api/v1/me', headers: { cookie } });
  const rolesOf = async (person: { objectId: string; tenantId: string; appRoles?: string[] }) => {
    const { cookie } = await signInAs(db.catalog.db, person);
    const response = await me(cookie);
    return response.statusCode === 200 ? (response.json().roles as string[]).sort() : response.statusCode;
  };

  it('gives an enabled member of a connected tenant requester and approver, and a guest requester only', async () => {
    assert.deepEqual(await rolesOf({ objectId: MEMBER, tenantId: TENANT }), ['approver', 'requester']);
    assert.deepEqual(await rolesOf({ objectId: GUEST, tenantId: TENANT }), ['requester']);
  });

  it('makes admins of Lantern.Admin holders in the home tenant and of transitive admin-group members', async () => {
    assert.deepEqual(await rolesOf({ objectId: HOME_PERSON, tenantId: HOME, appRoles: ['Lantern.Admin'] }), ['admin']);
    assert.deepEqual(await rolesOf({ objectId: GROUP_ADMIN, tenantId: TENANT }), ['admin', 'approver', 'requester']);
    // The app role from another tenant's token is not honoured: anyone can be assigned roles in their own tenant.
    assert.deepEqual(await rolesOf({ objectId: MEMBER, tenantId: TENANT, appRoles: ['Lantern.Admin'] }), [
      'approver',
      'requester',
    ]);
  });

  it('lets a home-tenant person without a role see / and /api/v1/me, and nothing else', async () => {
    const { cookie } = await signInAs(db.catalog.db, { objectId: HOME_PERSON, tenantId: HOME });
    const whoAmI = await me(cookie);
    assert.equal(whoAmI.statusCode, 200);
    assert.deepEqual(whoAmI.json().roles, []);
    assert.equal(whoAmI.json().tenantId, HOME);
    assert.ok(Date.parse(whoAmI.json().sessionExpiresAt) > Date.now());
    const home = await app.inject({ url: '/', headers: { cookie } });
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /no role yet/);
    const connectors = await app.inject({ url: '/api/v1/connectors', headers: { cookie } });
    assert.equal(connectors.statusCode, 403);
    const adminPage = await app.inject({ url: '/admin', headers: { cookie } });
    assert.equal(adminPage.statusCode, 403);
    assert.match(adminPage.body, /You do not have access to this page/);
  });

  it('refuses a state-changing request made with a session but without its CSRF token', async () => {
    const { cookie, csrf } = await signInAs(db.catalog.db, {
      objectId: HOME_PERSON,
      tenantId: HOME,
      appRoles: ['Lantern.Admin'],
    });
    const post = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/api/v1/connectors', headers: { cookie, ...headers }, payload: {} });
    const missing = await post({});
    assert.equal(missing.statusCode, 403);
    assert.equal(missing.json().error.code, 'csrf_missing');
    const wrong = await post({ 'x-csrf-token': `${csrf}x` });
    assert.equal(wrong.statusCode, 403);
    assert.equal(wrong.json().error.code, 'csrf_invalid');
    // With the token the request reaches the route (and fails its validation: the body is empty).
    const withToken = await post({ 'x-csrf-token': csrf });
    assert.equal(withToken.statusCode, 400, withToken.body);
    // A bearer-token call needs none.
    const bearer = await app.inject({
      method: 'POST',
      url: '/api/v1/connectors',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: {},
    });
    assert.equal(bearer.statusCode, 400);
  });

  it('signs out only with the form token, then the cookie no longer works', async () => {
    const { cookie, csrf } = await signInAs(db.catalog.db, { objectId: MEMBER, tenantId: TENANT });
    const form = (body: string) =>
      app.inject({
        method: 'POST',
        url: '/sign-out',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: body,
      });
    const forged = await form('');
    assert.equal(forged.statusCode, 403);
    assert.match(forged.body, /This form has expired/);
    assert.equal((await me(cookie)).statusCode, 200, 'a CSRF-less sign-out changes nothing');
    const real = await form(`_csrf=${encodeURIComponent(csrf)}`);
    assert.equal(real.statusCode, 200);
    assert.match(real.body, /Signed out/);
    assert.match(String(real.headers['set-cookie']), /lantern_session=;.*Max-Age=0/);
    assert.equal((await me(cookie)).statusCode, 401);
    const audit = await db.catalog.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.sign_out')
      .execute();
    assert.equal(audit.at(-1)?.actor, `person:${MEMBER}`);
    assert.doesNotMatch(JSON.stringify(audit), new RegExp(cookie.split('=')[1]!));
  });

  it('ends a session after the idle timeout and at its absolute end, on the injected clock', async () => {
    const idle = await signInAs(db.catalog.db, { objectId: MEMBER, tenantId: TENANT });
    clock = new Date(Date.now() + 59 * 60_000);
    assert.equal((await me(idle.cookie)).statusCode, 200, 'still alive after 59 idle minutes');
    clock = new Date(clock.getTime() + 61 * 60_000);
    assert.equal((await me(idle.cookie)).statusCode, 401, 'ended after another 61 idle minutes');

    const busy = await signInAs(db.catalog.db, { objectId: MEMBER, tenantId: TENANT }, { maxMinutes: 600 });
    const start = Date.now();
    for (let minute = 50; minute < 600; minute += 50) {
      clock = new Date(start + minute * 60_000);
      assert.equal((await me(busy.cookie)).statusCode, 200, `active at minute ${minute}`);
    }
    clock = new Date(start + 601 * 60_000);
    assert.equal((await me(busy.cookie)).statusCode, 401, 'ended at its absolute end despite activity');
  });

  it('records activity at most once a minute', async () => {
    const now = new Date();
    const { id } = await createSession(db.catalog.db, person(MEMBER), limits, now);
    const session = (await lookupSession(db.catalog.db, id, limits, now))!;
    assert.equal(await touchSession(db.catalog.db, session, new Date(now.getTime() + 30_000)), false);
    assert.equal(await touchSession(db.catalog.db, session, new Date(now.getTime() + 61_000)), true);
    const stored = await lookupSession(db.catalog.db, id, limits, new Date(now.getTime() + 62_000));
    assert.equal(stored?.lastSeenAt.getTime(), now.getTime() + 61_000);
  });

  it('stores only a hash of the session id', async () => {
    const { id } = await createSession(db.catalog.db, person(MEMBER), limits);
    const { rows } = await sql<Record<string, unknown>>`select * from sessions`.execute(db.catalog.db);
    assert.ok(rows.length > 0);
    assert.doesNotMatch(JSON.stringify(rows), new RegExp(id));
  });

  it('treats unknown, garbled and oversized session cookies as no session: 401 for the API, anonymous pages', async () => {
    const unknown = `lantern_session=${'A'.repeat(43)}`;
    for (const cookie of [
      unknown,
      'lantern_session=%%%<script>',
      `lantern_session=${'x'.repeat(8000)}`,
      'lantern_session',
    ]) {
      const api = await me(cookie);
      assert.equal(api.statusCode, 401, cookie.slice(0, 40));
      assert.equal(api.json().error.code, 'unauthenticated');
      const home = await app.inject({ url: '/', headers: { cookie } });
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /Sign in with Microsoft|Sign-in is not available/);
      const admin = await app.inject({ url: '/admin', headers: { cookie } });
      assert.equal(admin.statusCode, 401);
      assert.match(admin.body, /href="\/sign-in\?returnTo=%2Fadmin"/);
    }
  });

  it('ends the sessions of a person the directory disabled, and refuses a disabled person at once', async () => {
    const { cookie } = await signInAs(db.catalog.db, { objectId: MEMBER, tenantId: TENANT });
    assert.equal((await me(cookie)).statusCode, 200);
    assert.ok((await endSessionsOfUsers(db.catalog.db, TENANT, [MEMBER])) >= 1);
    assert.equal((await me(cookie)).statusCode, 401);
    const disabled = await signInAs(db.catalog.db, { objectId: DISABLED, tenantId: TENANT });
    assert.equal((await me(disabled.cookie)).statusCode, 401);
    assert.equal((await me(disabled.cookie)).statusCode, 401, 'and the session is gone for good');
  });

  it('decides roles again after at most a minute', async () => {
    const { cookie } = await signInAs(db.catalog.db, { objectId: GUEST, tenantId: TENANT });
    assert.deepEqual((await me(cookie)).json().roles, ['requester']);
    await db.catalog.db.updateTable('principals').set({ user_type: 'Member' }).where('id', '=', GUEST).execute();
    try {
      assert.deepEqual((await me(cookie)).json().roles, ['requester'], 'cached within the minute');
      clock = new Date(Date.now() + 61_000);
      assert.deepEqual((await me(cookie)).json().roles.sort(), ['approver', 'requester']);
    } finally {
      await db.catalog.db.updateTable('principals').set({ user_type: 'Guest' }).where('id', '=', GUEST).execute();
    }
  });

  it('admits people of connected tenants and the home tenant only, never personal accounts', async () => {
    const facts = (tenantId: string, objectId = MEMBER) => ({
      objectId,
      tenantId,
      upn: 'x@example.test',
      displayName: 'X',
      appRoles: ['Lantern.Admin'],
    });
    const auth = config.auth;
    assert.deepEqual(await admit(db.catalog.db, auth, facts(TENANT)), { allowed: true, appRoles: [] });
    assert.deepEqual(await admit(db.catalog.db, auth, facts(HOME, HOME_PERSON)), {
      allowed: true,
      appRoles: ['Lantern.Admin'],
    });
    assert.deepEqual(await admit(db.catalog.db, auth, facts(OTHER_TENANT)), {
      allowed: false,
      reason: 'tenant_not_connected',
    });
    assert.deepEqual(await admit(db.catalog.db, auth, facts(PERSONAL_ACCOUNTS_TENANT_ID)), {
      allowed: false,
      reason: 'personal_account',
    });
    assert.deepEqual(await admit(db.catalog.db, auth, facts(TENANT, DISABLED)), {
      allowed: false,
      reason: 'account_disabled',
    });
  });

  it('lets a reader through admin routes only to read', () => {
    assert.equal(rolesAllow(['reader'], ['admin'], 'GET'), true);
    assert.equal(rolesAllow(['reader'], ['admin'], 'HEAD'), true);
    assert.equal(rolesAllow(['reader'], ['admin'], 'POST'), false);
    assert.equal(rolesAllow(['reader'], ['requester'], 'GET'), false);
    assert.equal(rolesAllow([], [], 'POST'), true, '[] = any authenticated caller');
  });

  it('refuses people of tenants that are not connected: no role even with a session row', async () => {
    assert.deepEqual(await rolesOf({ objectId: MEMBER, tenantId: OTHER_TENANT }), []);
  });
});

const person = (objectId: string) => ({
  objectId,
  tenantId: TENANT,
  upn: 'p@contoso.example',
  displayName: 'P',
  appRoles: [],
});

describe('where a sign-in returns to', () => {
  it('keeps same-origin relative paths and turns everything else into /', () => {
    assert.equal(safeReturnTo('/my-requests?tab=open#top'), '/my-requests?tab=open#top');
    assert.equal(safeReturnTo('/admin/../approvals'), '/approvals');
    for (const hostile of [
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      '\\evil',
      'javascript:alert(1)',
      '/\nx',
      '',
      undefined,
    ])
      assert.equal(safeReturnTo(hostile), '/', String(hostile));
  });
});
