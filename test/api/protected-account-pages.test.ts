// The Protected accounts section of a connector's admin page: an admin protects an account by UPN with a reason
// (audited like the API), is told what to fix when the name matches nobody or several people, removes the protection
// after a confirm step, and what was typed is shown as text. Posts without the CSRF token change nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { protectedPrincipalIds } from '../../catalog/access/protected-accounts.js';
import type { CatalogSchema } from '../../catalog/index.js';
import { buildTestApp, openTestCatalog, type TestCatalog } from '../helpers/api-app.js';
import { connectorRow, userRow } from '../helpers/catalog-rows.js';
import { signInAs, submitForm } from '../helpers/sessions.js';
import { ENTRA_ENV } from './connector-fakes.js';

const HOME = '71111111-2222-4333-8444-555555555555';
const C = 'c-guard';
const PAGE = `/admin/connectors/${C}`;

describe('protected accounts on the connector page', () => {
  let catalog: TestCatalog;
  let app: FastifyInstance;
  let db: Kysely<CatalogSchema>;
  let admin: { cookie: string; csrf: string };

  before(async () => {
    catalog = await openTestCatalog();
    db = catalog.catalog.db;
    await db
      .insertInto('connectors')
      .values(connectorRow(C, { displayName: 'Contoso', tenantId: '81111111-2222-4333-8444-555555555555' }))
      .execute();
    await db
      .insertInto('principals')
      .values([
        userRow(C, 'u-bg', { upn: 'breakglass@contoso.test', displayName: 'Break Glass' }),
        userRow(C, 'u-sam1', { displayName: 'Sam Smith' }),
        userRow(C, 'u-sam2', { displayName: 'Sam Smith' }),
      ])
      .execute();
    app = await buildTestApp(catalog.catalog, {}, { ...ENTRA_ENV, LANTERN_HOME_TENANT_ID: HOME });
    admin = await signInAs(db, { objectId: 'u-admin', tenantId: HOME, appRoles: ['Lantern.Admin'] });
  });
  after(async () => {
    await app?.close();
    await catalog?.close();
  });

  const post = (url: string, fields: Record<string, string>, csrf = admin.csrf) =>
    submitForm(app, { cookie: admin.cookie, csrf }, url, fields);

  it('protects an account by UPN with a reason, audited, and lists it', async () => {
    const none = await app.inject({ url: PAGE, headers: { cookie: admin.cookie } });
    assert.match(none.body, /No protected accounts\./);
    const added = await post(`${PAGE}/protected-accounts`, {
      principal: 'breakglass@contoso.test',
      reason: 'Emergency <b>access</b> account',
    });
    assert.equal(added.statusCode, 303, added.body);
    assert.deepEqual([...(await protectedPrincipalIds(db, C))], ['u-bg']);
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'subject'])
      .where('action', '=', 'protected_account.added')
      .execute();
    assert.deepEqual(audit, [{ action: 'protected_account.added', subject: `connector:${C}` }]);
    const page = await app.inject({ url: `${PAGE}?done=protected`, headers: { cookie: admin.cookie } });
    assert.match(page.body, /The account is protected/);
    assert.match(page.body, /Break Glass \(breakglass@contoso\.test\)/);
    assert.match(page.body, /Emergency &lt;b&gt;access&lt;\/b&gt; account/);
  });

  it('names what to fix: nobody, several people, no reason; and keeps what was typed', async () => {
    const nobody = await post(`${PAGE}/protected-accounts`, { principal: 'ghost<i>@contoso.test', reason: 'x' });
    assert.equal(nobody.statusCode, 400);
    assert.match(nobody.body, /id="protected-principal-error">No account in this connector&#39;s catalog/);
    assert.match(nobody.body, /value="ghost&lt;i&gt;@contoso.test"/);
    const several = await post(`${PAGE}/protected-accounts`, { principal: 'Sam Smith', reason: '' });
    assert.match(several.body, /names 2 accounts: give the UPN/);
    assert.match(several.body, /id="protected-reason-error">Say why/);
    const noCsrf = await post(`${PAGE}/protected-accounts`, { principal: 'u-sam1', reason: 'service' }, '');
    assert.equal(noCsrf.statusCode, 403);
    assert.deepEqual([...(await protectedPrincipalIds(db, C))], ['u-bg']);
  });

  it('removes the protection after a confirm step', async () => {
    const confirm = await app.inject({
      url: `${PAGE}/protected-accounts/u-bg/remove`,
      headers: { cookie: admin.cookie },
    });
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Remove the protection of Break Glass/);
    assert.deepEqual([...(await protectedPrincipalIds(db, C))], ['u-bg'], 'showing the step changed nothing');
    const removed = await post(`${PAGE}/protected-accounts/u-bg/remove`, {});
    assert.equal(removed.statusCode, 303);
    assert.deepEqual([...(await protectedPrincipalIds(db, C))], []);
    const again = await post(`${PAGE}/protected-accounts/u-bg/remove`, {});
    assert.equal(again.statusCode, 404);
  });
});
