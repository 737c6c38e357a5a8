// The admin Connectors and onboarding pages over inject(): status labels for each state, forms that act and audit as
// the JSON API does, refusals as pages that keep what was typed, CSRF, escaping, and a reader who may look only.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { jsonb } from '../../catalog/index.js';
import { insertConnector } from '../../catalog/connectors.js';
import { DEFAULT_CONNECTOR_OPTIONS } from '../../domain/connector.js';
import type { OnboardingStatus } from '../../workflows/onboarding/messages.js';
import { authHeader, buildTestApp, openTestCatalog, stubTemporal, type TestCatalog } from '../helpers/api-app.js';
import { squashHtml } from '../helpers/html-text.js';
import { fakeOnboardingTemporal, onboardingStatus, testOnboardingDeps } from '../helpers/onboarding-fakes.js';
import { signInAs } from '../helpers/sessions.js';
import { ENTRA_ENV, TENANT_ID, fakeConnectorTemporal, type FakeConnectorTemporal } from './connector-fakes.js';

const HOME_TENANT = '41111111-2222-4333-8444-555555555555';
const HOSTILE = '<img src=x onerror=alert(1)>';

describe('admin connector pages', () => {
  let db: TestCatalog;
  let app: FastifyInstance;
  let temporal: FakeConnectorTemporal;
  let session: { cookie: string; csrf: string };
  let readerToken: string;
  let onboardings: Map<string, OnboardingStatus>;
  let signals: string[];

  before(async () => {
    db = await openTestCatalog();
  });
  after(async () => {
    await app?.close();
    await db?.close();
  });
  beforeEach(async () => {
    await app?.close();
    await db.catalog.db.deleteFrom('connectors').execute();
    temporal = fakeConnectorTemporal();
    onboardings = new Map();
    signals = [];
    const onboardingTemporal = fakeOnboardingTemporal({
      start: async (input) => {
        onboardings.set(
          input.connectorId,
          onboardingStatus({
            connectorId: input.connectorId,
            displayName: input.displayName,
            owners: input.owners,
            stage: 'notifying_owners',
          }),
        );
        return { workflowId: `onboarding:${input.connectorId}`, runId: 'r1' };
      },
      status: async (id) => onboardings.get(id) ?? null,
      resend: async (id) => void signals.push(`resend ${id}`),
      cancel: async (id, _by, reason) => void signals.push(`cancel ${id} ${reason}`),
    });
    app = await buildTestApp(
      db.catalog,
      { temporal: stubTemporal({ connectors: temporal }), onboarding: testOnboardingDeps(onboardingTemporal) },
      { ...ENTRA_ENV, LANTERN_HOME_TENANT_ID: HOME_TENANT },
    );
    session = await signInAs(db.catalog.db, {
      objectId: '51111111-2222-4333-8444-555555555555',
      tenantId: HOME_TENANT,
      appRoles: ['Lantern.Admin'],
    });
    const token = await app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: authHeader,
      payload: { name: 'reader', role: 'reader', expiresInDays: 1 },
    });
    readerToken = (token.json() as { token: string }).token;
  });

  const asAdmin = { cookie: () => session.cookie };
  const get = (url: string, headers: Record<string, string> = { cookie: asAdmin.cookie() }) =>
    app.inject({ url, headers });
  const post = (url: string, form: Record<string, string>, csrf: string | null = session.csrf) =>
    app.inject({
      method: 'POST',
      url,
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...form, ...(csrf ? { _csrf: csrf } : {}) }).toString(),
    });
  const connector = async (
    id: string,
    extra: { status?: 'onboarding' | 'connected'; tenantId?: string | null; name?: string } = {},
  ) => {
    await insertConnector(db.catalog.db, {
      id,
      displayName: extra.name ?? `Connector ${id}`,
      tenantId:
        extra.tenantId === undefined ? `${id.padEnd(8, '0').slice(0, 8)}-2222-4333-8444-555555555555` : extra.tenantId,
      status: extra.status ?? 'connected',
      options: DEFAULT_CONNECTOR_OPTIONS,
    });
    if ((extra.status ?? 'connected') === 'connected')
      await temporal.createSchedule({ connectorId: id, tenantId: 't', displayName: 'x', intervalMinutes: 60 });
  };
  const run = (connectorId: string, status: 'running' | 'succeeded' | 'failed', error: string | null = null) =>
    db.catalog.db
      .insertInto('sync_runs')
      .values({
        id: `run-${connectorId}-${status}`,
        connector_id: connectorId,
        generation: 1,
        mode: 'full',
        status,
        workflow_id: `connector:${connectorId}:sync-1`,
        started_at: new Date('2026-12-03T09:00:00Z'),
        finished_at: status === 'running' ? null : new Date('2026-12-03T09:01:30Z'),
        counts: jsonb({ users: 1204, groups: 310 }),
        error,
      })
      .execute();
  const auditActions = async (connectorId?: string) => {
    let query = db.catalog.db.selectFrom('audit_log').select('action').where('action', 'like', 'connector.%');
    if (connectorId) query = query.where('subject', '=', `connector:${connectorId}`);
    return (await query.orderBy('id').execute()).map((r) => r.action);
  };

  it('labels each connector as people know it: not connected, connected on a date, syncing, failed, paused', async () => {
    await connector('aaaa', { status: 'onboarding', tenantId: null });
    await connector('bbbb');
    await run('bbbb', 'succeeded');
    await connector('cccc');
    await run('cccc', 'running');
    await connector('dddd');
    await run('dddd', 'failed', 'Graph answered 403 Forbidden: Directory.Read.All is missing');
    await connector('eeee');
    await temporal.pause('eeee', 'maintenance');
    const page = await get('/admin/connectors');
    assert.equal(page.statusCode, 200);
    const text = squashHtml(page.body);
    const rowOf = (name: string) =>
      text.match(new RegExp(`<tr><th scope="row"><a href="/admin/connectors/[^"]+">${name}</a>.*?</tr>`))?.[0] ?? '';
    assert.match(rowOf('Connector aaaa'), /Not connected/);
    assert.match(rowOf('Connector bbbb'), /Connected on 3 Dec 2026/);
    assert.match(rowOf('Connector bbbb'), /1,204 users · 310 groups/);
    assert.match(rowOf('Connector bbbb'), /1 minute 30 seconds|1 minute/);
    assert.match(rowOf('Connector cccc'), /Syncing/);
    assert.match(rowOf('Connector dddd'), /Sync failed: Graph answered 403 Forbidden: Directory.Read.All is missing/);
    assert.match(rowOf('Connector eeee'), /Paused/);
    assert.match(text, /<a class="button" href="\/admin\/onboardings\/new">Start an onboarding<\/a>/);
  });

  it('creates a connector from the form, audited as the API does, and escapes its name everywhere', async () => {
    const created = await post('/admin/connectors/new', {
      displayName: HOSTILE,
      tenantId: 'contoso.onmicrosoft.com',
      syncIntervalMinutes: '15',
      permissionSet: 'readOnly',
      provisioning: 'direct',
      cloud: '',
    });
    assert.equal(created.statusCode, 303, created.body);
    assert.match(created.headers.location as string, /^\/admin\/connectors\/[^?]+\?done=created$/);
    const row = await db.catalog.db.selectFrom('connectors').selectAll().executeTakeFirstOrThrow();
    assert.equal(row.tenant_id, TENANT_ID);
    assert.equal((row.options as { syncIntervalMinutes: number }).syncIntervalMinutes, 15);
    assert.deepEqual(await auditActions(row.id), ['connector.created']);
    for (const url of ['/admin/connectors', created.headers.location as string]) {
      const page = await get(url);
      assert.doesNotMatch(page.body, /<img src=x/);
      assert.match(page.body, /&lt;img src=x onerror=alert\(1\)&gt;/);
    }
  });

  it('refuses a bad form with a page that keeps what was typed and says what to fix', async () => {
    const refused = await post('/admin/connectors/new', {
      displayName: 'Fabrikam "HR"',
      tenantId: 'not a tenant',
      syncIntervalMinutes: '2',
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.headers['content-type'] as string, /text\/html/);
    assert.match(refused.body, /value="Fabrikam &quot;HR&quot;"/);
    assert.match(refused.body, /value="not a tenant"/);
    assert.match(refused.body, /Enter a whole number of minutes from 5 to 10080/);
    const tenant = await post('/admin/connectors/new', { displayName: 'Fabrikam', tenantId: 'not a tenant' });
    assert.equal(tenant.statusCode, 400);
    assert.match(tenant.body, /Enter the tenant id \(a GUID\) or one of its verified domains/);
    assert.equal((await db.catalog.db.selectFrom('connectors').select('id').execute()).length, 0);
  });

  it('syncs, pauses with a note, resumes and edits options from the connector page, each audited', async () => {
    await connector('ffff', { tenantId: TENANT_ID });
    const base = '/admin/connectors/ffff';
    assert.equal((await post(`${base}/sync`, {})).headers.location, `${base}?done=sync-started`);
    assert.equal((await post(`${base}/pause`, { note: 'Tenant migration' })).headers.location, `${base}?done=paused`);
    assert.equal(temporal.schedules.get('ffff')!.paused, true);
    const paused = await get(base);
    assert.match(paused.body, /<button type="submit"\s*>Resume<\/button>/);
    assert.equal((await post(`${base}/resume`, {})).headers.location, `${base}?done=resumed`);
    const edited = await post(`${base}/options`, {
      displayName: 'Renamed',
      syncIntervalMinutes: '30',
      permissionSet: 'readOnly',
      provisioning: 'direct',
      cloud: '',
      includeSignInActivity: 'on',
    });
    assert.equal(edited.headers.location, `${base}?done=updated`);
    assert.equal(temporal.schedules.get('ffff')!.intervalMinutes, 30);
    const pim = await post(`${base}/options`, {
      displayName: 'Renamed',
      syncIntervalMinutes: '30',
      permissionSet: 'readOnly',
      provisioning: 'pim',
    });
    assert.equal(pim.statusCode, 400);
    assert.match(pim.body, /provisioning pim grants access, so it needs options.permissionSet readWrite/);
    assert.match(pim.body, /<option value="pim"\s*selected\s*>/);
    const tooLong = await post(`${base}/pause`, { note: 'x'.repeat(501) });
    assert.equal(tooLong.statusCode, 400);
    assert.deepEqual(await auditActions('ffff'), [
      'connector.sync_requested',
      'connector.paused',
      'connector.resumed',
      'connector.updated',
    ]);
  });

  it('deletes after a confirm step, and shows the refusal as a page while grants are live', async () => {
    await connector('gggg');
    const confirm = await get('/admin/connectors/gggg/delete');
    assert.match(confirm.body, /Delete connector/);
    const deleted = await post('/admin/connectors/gggg/delete', {});
    assert.equal(deleted.headers.location, '/admin/connectors?done=deleted');
    assert.deepEqual(temporal.removed, ['gggg']);
    const gone = await get('/admin/connectors/gggg');
    assert.equal(gone.statusCode, 404);
    assert.match(gone.body, /No such connector/);
  });

  it('refuses to delete while access granted through it is live, listing that access on the page', async () => {
    await connector('jjjj');
    await db.catalog.db
      .insertInto('access_grants')
      .values({
        workflow_id: 'grant:jjjj:role:r1:member:u1',
        connector_id: 'jjjj',
        entitlement_id: 'role:r1:member',
        principal_id: 'u1',
        principal_upn: 'ada@contoso.example',
        requester_id: 'u1',
        stage: 'active',
        expires_at: new Date(Date.now() + 3_600_000),
        pre_existing: false,
      })
      .execute();
    const refused = await post('/admin/connectors/jjjj/delete', {});
    assert.equal(refused.statusCode, 409);
    const text = squashHtml(refused.body);
    assert.match(text, /was not deleted: access granted through it is still live/);
    assert.match(text, /<td>role:r1:member<\/td><td>ada@contoso.example<\/td><td>active<\/td>/);
    assert.deepEqual(temporal.removed, []);
    assert.ok(await db.catalog.db.selectFrom('connectors').select('id').where('id', '=', 'jjjj').executeTakeFirst());
    await db.catalog.db.deleteFrom('access_grants').where('connector_id', '=', 'jjjj').execute();
  });

  it('refuses posts without the CSRF token, and a reader may look but not post', async () => {
    await connector('hhhh');
    const noCsrf = await post('/admin/connectors/hhhh/sync', {}, null);
    assert.equal(noCsrf.statusCode, 403);
    const reader = { authorization: `Bearer ${readerToken}` };
    const list = await get('/admin/connectors', reader);
    assert.equal(list.statusCode, 200);
    assert.doesNotMatch(list.body, /Start an onboarding/);
    const detail = await get('/admin/connectors/hhhh', reader);
    assert.equal(detail.statusCode, 200);
    assert.doesNotMatch(detail.body, /Sync now/);
    const sync = await app.inject({ method: 'POST', url: '/admin/connectors/hhhh/sync', headers: reader });
    assert.equal(sync.statusCode, 403);
    assert.equal(temporal.schedules.get('hhhh')!.triggers, 1);
  });

  it('starts an onboarding naming its owners and follows it, with resend, cancel and restart', async () => {
    const typed = await post('/admin/onboardings/new', {
      displayName: 'Northwind',
      owners: 'owner@northwind.example, not-an-email',
    });
    assert.equal(typed.statusCode, 400);
    assert.match(typed.body, /Enter 1 to 20 email addresses/);
    assert.match(typed.body, />owner@northwind.example, not-an-email<\/textarea>/);
    const started = await post('/admin/onboardings/new', {
      displayName: HOSTILE,
      owners: 'a@northwind.example\nb@northwind.example',
      permissionSet: 'readWrite',
    });
    assert.equal(started.statusCode, 303, started.body);
    const progressUrl = started.headers.location as string;
    const id = progressUrl.match(/^\/admin\/onboardings\/([^?]+)\?done=started$/)![1]!;
    assert.deepEqual(onboardings.get(id)!.owners, ['a@northwind.example', 'b@northwind.example']);
    const progress = await get(progressUrl);
    assert.equal(progress.statusCode, 200);
    assert.doesNotMatch(progress.body, /<img src=x/);
    assert.match(squashHtml(progress.body), /Inviting the owners/);
    assert.match(progress.body, /onboarding-progress\.js/);
    assert.match(progress.body, /workflows\/connector%3A[^"]+%3Aonboarding/);
    assert.equal(
      (await post(`/admin/onboardings/${id}/resend`, {})).headers.location,
      `/admin/onboardings/${id}?done=resent`,
    );
    assert.equal((await post(`/admin/onboardings/${id}/cancel`, { reason: 'wrong owners' })).statusCode, 303);
    assert.deepEqual(signals, [`resend ${id}`, `cancel ${id} wrong owners`]);
    const early = await post(`/admin/onboardings/${id}/restart`, {});
    assert.equal(early.statusCode, 409);
    assert.match(early.body, /only an expired or cancelled setup can be restarted/);
    onboardings.set(id, { ...onboardings.get(id)!, stage: 'cancelled' });
    assert.equal(
      (await post(`/admin/onboardings/${id}/restart`, {})).headers.location,
      `/admin/onboardings/${id}?done=restarted`,
    );
  });

  it('shows a connected onboarding with its first sync counts', async () => {
    await connector('iiii');
    await run('iiii', 'succeeded');
    onboardings.set(
      'iiii',
      onboardingStatus({
        connectorId: 'iiii',
        stage: 'connected',
        tenantId: TENANT_ID,
        firstSignIn: { upn: 'owner@contoso.example', objectId: 'o1' },
        consentedBy: { upn: 'ga@contoso.example', objectId: 'o2' },
        secondSignIn: { upn: 'owner@contoso.example', objectId: 'o1' },
      }),
    );
    const page = squashHtml((await get('/admin/onboardings/iiii')).body);
    assert.match(page, /✓ Admin consent granted<\/span><span class="muted">\(ga@contoso.example\)/);
    assert.match(page, /First sync/);
    assert.match(page, /1,204 users · 310 groups/);
    assert.doesNotMatch(page, /onboarding-progress\.js/);
  });
});
