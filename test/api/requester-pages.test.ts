// The requester's pages through inject: Request access (search as HTML and JSON, tenant scoping, why something cannot
// be requested, the form's errors and success) and My access (sections, give back, extend, status JSON, the old
// /my-requests address). Temporal is an in-memory fake that records what reached it.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { putPolicy } from '../../catalog/access/policies.js';
import { jsonb, type CatalogSchema } from '../../catalog/index.js';
import type { AccessGrantInput } from '../../workflows/access/messages.js';
import { buildTestApp, openTestCatalog, stubTemporal, type TestCatalog } from '../helpers/api-app.js';
import { groupRow, userRow } from '../helpers/catalog-rows.js';
import { squashHtml } from '../helpers/html-text.js';
import { signInAs } from '../helpers/sessions.js';
import { fakeAccessTemporal } from './access-fakes.js';
import { ENTRA_ENV } from './connector-fakes.js';

const TENANT = '51111111-2222-4333-8444-555555555555';
const OTHER_TENANT = '61111111-2222-4333-8444-555555555555';
const ME = 'u-ada';
const ACTIVE = `grant:c-home:group:g-sales:member:${ME}`;
const PENDING = `grant:c-home:group:g-ops:member:${ME}`;

describe('requester pages', () => {
  let catalog: TestCatalog;
  let db: Kysely<CatalogSchema>;
  let app: FastifyInstance;
  const requests: AccessGrantInput[] = [];
  const revoked: string[] = [];

  before(async () => {
    catalog = await openTestCatalog();
    db = catalog.catalog.db;
    await seed(db);
    const fake = fakeAccessTemporal(ME, (input) => requests.push(input));
    const access = {
      ...fake,
      revoke: async (pair: Parameters<typeof fake.revoke>[0], request: Parameters<typeof fake.revoke>[1]) => {
        revoked.push(pair.entitlementId);
        return fake.revoke(pair, request);
      },
    };
    app = await buildTestApp(catalog.catalog, { temporal: stubTemporal({ access }) }, ENTRA_ENV);
  });
  after(async () => {
    await app?.close();
    await catalog?.close();
  });
  beforeEach(() => {
    requests.length = 0;
    revoked.length = 0;
  });

  const asAda = async () => {
    const { cookie, csrf } = await signInAs(db, { objectId: ME, tenantId: TENANT });
    return { cookie, csrf };
  };
  const get = async (url: string) => app.inject({ method: 'GET', url, headers: { cookie: (await asAda()).cookie } });
  const post = async (url: string, fields: Record<string, string>, withCsrf = true) => {
    const { cookie, csrf } = await asAda();
    const form = new URLSearchParams({ ...fields, ...(withCsrf ? { _csrf: csrf } : {}) });
    return app.inject({
      method: 'POST',
      url,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form.toString(),
    });
  };

  it('finds entitlements of the own tenant by resource name, resource names first, as JSON for the typeahead', async () => {
    const response = await get('/request/search?q=sales');
    assert.equal(response.statusCode, 200);
    const { items } = response.json() as { items: Record<string, unknown>[] };
    assert.deepEqual(
      items.map((i) => i.entitlementId),
      ['group:g-sales:member', 'group:g-sales:owner', 'app:sp-crm:r-sales'],
    );
    assert.deepEqual(items[0], {
      connectorId: 'c-home',
      entitlementId: 'group:g-sales:member',
      displayName: 'Member of Sales',
      resourceName: 'Sales',
      kind: 'member',
      kindText: 'Member of group Sales',
      requestable: true,
      reason: null,
      href: '/request/c-home/group%3Ag-sales%3Amember',
    });
    assert.equal(items[2]!.kindText, 'App role Sales rep of CRM');
  });

  it('never shows another tenant’s entitlements, in the search or as a page', async () => {
    const { items } = (await get('/request/search?q=secret')).json() as { items: unknown[] };
    assert.deepEqual(items, []);
    assert.equal((await get('/request/c-other/group%3Ag-secret%3Amember')).statusCode, 404);
  });

  it('finds by kind in words and says why immutable groups and app ownership cannot be requested', async () => {
    const { items } = (await get('/request/search?q=directory%20role')).json() as { items: { kindText: string }[] };
    assert.deepEqual(
      items.map((i) => i.kindText),
      ['Directory role Helpdesk'],
    );
    const all = (await get('/request/search?q=owner')).json() as {
      items: { entitlementId: string; requestable: boolean; reason: string | null }[];
    };
    const appOwner = all.items.find((i) => i.entitlementId === 'app:sp-crm:owner')!;
    assert.equal(appOwner.requestable, false);
    assert.match(appOwner.reason!, /Application\.ReadWrite\.All/);
    const dynamic = (await get('/request/search?q=everyone')).json() as { items: { reason: string | null }[] };
    assert.match(dynamic.items[0]!.reason!, /dynamic membership/);
    const page = await get('/request/c-home/group%3Ag-everyone%3Amember');
    assert.match(page.body, /Cannot be requested/);
    assert.doesNotMatch(page.body, /name="justification"/);
  });

  it('renders the search without script: a GET form and server-side results that escape the query', async () => {
    const response = await get(`/request?q=${encodeURIComponent('<b>sales')}`);
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /<label for="q">Search entitlements<\/label>/);
    assert.match(response.body, /value="&lt;b&gt;sales"/);
    assert.doesNotMatch(response.body, /<b>sales/);
    const found = squashHtml((await get('/request?q=sales')).body);
    assert.match(found, /<a href="\/request\/c-home\/group%3Ag-sales%3Amember">Member of Sales<\/a>/);
  });

  it('shows what an entitlement grants, its owners, its policy with approvers by name, and durations within it', async () => {
    const page = squashHtml((await get('/request/c-home/group%3Ag-sales%3Amember')).body);
    assert.match(page, /<dt>Grants<\/dt><dd>Member of group Sales<\/dd>/);
    assert.match(page, /<dt>Owners<\/dt><dd>Bob Owner<\/dd>/);
    assert.match(page, /The resource&#39;s owners \(Bob Owner\)/);
    assert.match(page, /Your manager \(Carol Manager\)/);
    const durations = [...page.matchAll(/<option value="(\d+)"/g)].map((m) => Number(m[1]));
    assert.deepEqual(durations, [1800, 3600, 7200, 14400, 18000]);
    assert.match(page, /<option value="3600" selected>/);
  });

  it('re-shows the form with what was typed (escaped) and what to fix', async () => {
    const typed = { durationSeconds: '3600', justification: '', ticket: '<script>alert(1)</script>' };
    const response = await post('/request/c-home/group%3Ag-sales%3Amember', typed);
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Say why you need it/);
    assert.match(response.body, /value="&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
    assert.doesNotMatch(response.body, /<script>alert/);
    assert.equal(requests.length, 0);

    const tooLong = await post('/request/c-home/group%3Ag-sales%3Amember', {
      durationSeconds: '86400',
      justification: 'on call </textarea><i>',
    });
    assert.equal(tooLong.statusCode, 422);
    assert.match(tooLong.body, /exceeds the policy maximum/);
    assert.match(tooLong.body, /on call &lt;\/textarea&gt;&lt;i&gt;<\/textarea/);
  });

  it('offers only what my policies let me request, and says why on the page of one they do not', async () => {
    const { items } = (await get('/request/search?q=vault')).json() as { items: { entitlementId: string }[] };
    assert.deepEqual(
      items.map((i) => i.entitlementId),
      ['group:g-lab:member'],
    );
    assert.doesNotMatch((await get('/request?q=vault')).body, /Vault keepers/);
    const page = squashHtml((await get('/request/c-home/group%3Ag-vault%3Amember')).body);
    assert.match(page, /<dt>Who may request<\/dt><dd>Only members of group Ops \(g-ops\)<\/dd>/);
    assert.match(page, /Only members of group Ops \(g-ops\) may request this access/);
    assert.doesNotMatch(page, /name="justification"/);
    const posted = await post('/request/c-home/group%3Ag-vault%3Amember', {
      durationSeconds: '3600',
      justification: 'let me in',
    });
    assert.equal(posted.statusCode, 422);
    assert.match(posted.body, /Only members of group Ops/);
    assert.equal(requests.length, 0);
  });

  it('sends a start time typed in my time zone as an instant, and refuses one too soon or no time at all', async () => {
    const start = new Date(Math.ceil((Date.now() + 2 * 86_400_000) / 60_000) * 60_000);
    // Asia/Kolkata is UTC+05:30 all year: the wall clock there is the instant plus 5 h 30 min.
    const wall = new Date(start.getTime() + 5.5 * 3_600_000).toISOString().slice(0, 16);
    // Owner of Sales: Ada's live Sales membership could not take a start time (its grant is already running).
    const ok = await post('/request/c-home/group%3Ag-sales%3Aowner', {
      durationSeconds: '3600',
      justification: 'planned change',
      startAt: wall,
      tz: 'Asia/Kolkata',
    });
    assert.equal(ok.statusCode, 303, ok.body);
    assert.equal(requests[0]!.request.startAt, start.toISOString());

    const past = new Date(Date.now() - 3_600_000).toISOString().slice(0, 16);
    const tooSoon = await post('/request/c-home/group%3Ag-sales%3Amember', {
      durationSeconds: '3600',
      justification: 'planned change',
      startAt: past,
    });
    assert.equal(tooSoon.statusCode, 422);
    assert.match(tooSoon.body, /<span class="error" id="startAt-error">startAt [^<]*must be at least 60 seconds/);
    assert.match(tooSoon.body, new RegExp(`id="startAt" name="startAt" value="${past}"`));
    const garbage = await post('/request/c-home/group%3Ag-sales%3Amember', {
      durationSeconds: '3600',
      justification: 'planned change',
      startAt: 'tomorrow <b>',
    });
    assert.equal(garbage.statusCode, 400);
    assert.match(garbage.body, /id="startAt-error">Give a date and a time/);
    assert.match(garbage.body, /value="tomorrow &lt;b&gt;"/);
    assert.equal(requests.length, 1);
  });

  it('offers break-glass only where the policy allows it, and refuses a short reason or a long duration', async () => {
    const sales = squashHtml((await get('/request/c-home/group%3Ag-sales%3Amember')).body);
    assert.doesNotMatch(sales, /name="breakGlass"/);
    const notAllowed = await post('/request/c-home/group%3Ag-sales%3Amember', {
      durationSeconds: '3600',
      justification: 'the database is down',
      breakGlass: 'on',
    });
    assert.equal(notAllowed.statusCode, 422);
    assert.match(notAllowed.body, /does not allow break-glass/);

    const lab = '/request/c-home/group%3Ag-lab%3Amember';
    const page = squashHtml((await get(lab)).body);
    assert.match(page, /<legend>Break-glass \(emergency access\)<\/legend>/);
    assert.match(page, /For at most 1 hour\. The justification is your reason/);
    assert.match(page, /approvers and admins are told at once, and a review follows/);
    const short = await post(lab, { durationSeconds: '1800', justification: 'urgent', breakGlass: 'on' });
    assert.equal(short.statusCode, 422);
    assert.match(short.body, /id="justification-error">A break-glass request needs its reason/);
    assert.match(short.body, /id="breakGlass"\s+name="breakGlass"\s+value="on"[^>]*checked/);
    const long = await post(lab, { durationSeconds: '7200', justification: 'the database is down', breakGlass: 'on' });
    assert.equal(long.statusCode, 422);
    assert.match(long.body, /id="durationSeconds-error">The duration 7200s exceeds the break-glass maximum/);
    assert.equal(requests.length, 0);

    const ok = await post(lab, { durationSeconds: '1800', justification: 'the database is down', breakGlass: 'on' });
    assert.equal(ok.statusCode, 303, ok.body);
    assert.equal(requests[0]!.autoApprovedBy, 'break_glass');
    assert.ok(requests[0]!.breakGlass, 'the plan carries the break-glass review');
  });

  it('refuses a form without the CSRF token', async () => {
    const response = await post(
      '/request/c-home/group%3Ag-sales%3Amember',
      { durationSeconds: '3600', justification: 'on call' },
      false,
    );
    assert.equal(response.statusCode, 403);
    assert.equal(requests.length, 0);
  });

  it('requests through the same rules as the API and lands on My access', async () => {
    const response = await post('/request/c-home/group%3Ag-sales%3Amember', {
      durationSeconds: '7200',
      justification: 'quarter end',
      ticket: 'CHG-1',
    });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/access?done=requested');
    assert.equal(requests.length, 1);
    assert.equal(requests[0]!.principalId, ME);
    assert.deepEqual(
      [requests[0]!.request.durationSeconds, requests[0]!.request.justification, requests[0]!.request.ticket],
      [7200, 'quarter end', 'CHG-1'],
    );
    assert.deepEqual(requests[0]!.policy.approverIds.sort(), ['u-bob', 'u-carol']);
  });

  it('lists my access by section with names, time left, give back, extend and why things ended', async () => {
    const page = squashHtml((await get('/access?done=extended')).body);
    assert.match(page, /Extended: the new end time is below/);
    const [active, pending, ended] = ['Active', 'Pending', 'Ended'].map((title) => {
      const start = page.indexOf(`>${title}</h2>`);
      return page.slice(start, page.indexOf('</section>', start));
    });
    assert.match(active!, /<h3>Member of Sales<\/h3><p class="hint">Resource: Sales<\/p>/);
    assert.match(active!, /Time left:<time datetime="[^"]+" data-relative>/);
    assert.match(active!, /aria-label="Give back Member of Sales"/);
    assert.match(active!, /action="\/access\/extend"/);
    assert.match(pending!, /Waiting for approval by Bob Owner/);
    assert.match(pending!, /aria-label="Withdraw request for Member of Ops"/);
    assert.match(ended!, /Revoked by Bob Owner\./);
    assert.match(page, /Open in Temporal/);
  });

  it('gives back and extends through the workflow', async () => {
    const back = await post('/access/give-back', { grantId: ACTIVE });
    assert.equal(back.statusCode, 303);
    assert.equal(back.headers.location, '/access?done=returned');
    assert.deepEqual(revoked, ['group:g-sales:member']);

    const extend = await post('/access/extend', { grantId: ACTIVE, durationSeconds: '3600' });
    assert.equal(extend.statusCode, 303);
    assert.equal(requests.length, 1);
    assert.equal(requests[0]!.entitlementId, 'group:g-sales:member');
    assert.equal(requests[0]!.request.durationSeconds, 3600);

    const over = await post('/access/extend', { grantId: ACTIVE, durationSeconds: '999999' });
    assert.equal(over.statusCode, 422);
    assert.match(over.body, /Back to My access/);
  });

  it('answers the stage of my requests as JSON for live-stage.js, and sends /my-requests to /access', async () => {
    const { items } = (await get('/access/status.json')).json() as { items: Record<string, string>[] };
    assert.deepEqual(
      items.find((i) => i.grantId === PENDING),
      {
        grantId: PENDING,
        stage: 'pending_approval',
        section: 'pending',
        stageText: 'Waiting for approval by Bob Owner',
      },
    );
    const old = await get('/my-requests');
    assert.equal(old.statusCode, 301);
    assert.equal(old.headers.location, '/access');
  });
});

const BASE_POLICY = {
  maxDurationSeconds: 5 * 3600,
  approvalRequired: true,
  approvers: { owners: true, manager: true },
  autoApproveGroupId: null,
  requestTimeoutSeconds: 600,
  extensionNeedsApproval: false,
  expiryWarningSeconds: null,
};

async function seed(db: Kysely<CatalogSchema>): Promise<void> {
  await db
    .insertInto('connectors')
    .values([
      { id: 'c-home', display_name: 'Contoso', tenant_id: TENANT, status: 'connected' },
      { id: 'c-other', display_name: 'Fabrikam', tenant_id: OTHER_TENANT, status: 'connected' },
    ])
    .execute();
  await db
    .insertInto('principals')
    .values([
      { ...userRow('c-home', ME, { displayName: 'Ada Lovelace' }), manager_id: 'u-carol' },
      userRow('c-home', 'u-bob', { displayName: 'Bob Owner' }),
      userRow('c-home', 'u-carol', { displayName: 'Carol Manager' }),
    ])
    .execute();
  const resources = [
    groupRow('c-home', 'g-sales', { displayName: 'Sales' }),
    groupRow('c-home', 'g-ops', { displayName: 'Ops' }),
    { ...groupRow('c-home', 'g-everyone', { displayName: 'Everyone' }), immutable: true },
    { ...groupRow('c-home', 'sp-crm', { displayName: 'CRM' }), type: 'application' as const },
    { ...groupRow('c-home', 'rd-help', { displayName: 'Helpdesk' }), type: 'directoryRole' as const },
    groupRow('c-home', 'g-vault', { displayName: 'Vault keepers' }),
    groupRow('c-home', 'g-lab', { displayName: 'Vault lab' }),
    groupRow('c-other', 'g-secret', { displayName: 'Secret sales' }),
  ];
  await db.insertInto('resources').values(resources).execute();
  const e = (connector: string, id: string, resource: string, type: string, kind: string, name: string) => ({
    connector_id: connector,
    id,
    resource_id: resource,
    resource_type: type as 'group',
    kind: kind as 'member',
    display_name: name,
    immutable: resource === 'g-everyone',
    generation: 1,
  });
  await db
    .insertInto('entitlements')
    .values([
      e('c-home', 'group:g-sales:member', 'g-sales', 'group', 'member', 'Member of Sales'),
      e('c-home', 'group:g-sales:owner', 'g-sales', 'group', 'owner', 'Owner of Sales'),
      e('c-home', 'group:g-ops:member', 'g-ops', 'group', 'member', 'Member of Ops'),
      e('c-home', 'group:g-everyone:member', 'g-everyone', 'group', 'member', 'Member of Everyone'),
      e('c-home', 'app:sp-crm:r-sales', 'sp-crm', 'application', 'appRole', 'Sales rep in CRM'),
      e('c-home', 'app:sp-crm:owner', 'sp-crm', 'application', 'owner', 'Owner of CRM'),
      e('c-home', 'role:rd-help', 'rd-help', 'directoryRole', 'roleMember', 'Helpdesk role'),
      e('c-home', 'group:g-vault:member', 'g-vault', 'group', 'member', 'Member of Vault keepers'),
      e('c-home', 'group:g-lab:member', 'g-lab', 'group', 'member', 'Member of Vault lab'),
      e('c-other', 'group:g-secret:member', 'g-secret', 'group', 'member', 'Member of Secret sales'),
    ])
    .execute();
  await db
    .insertInto('grants')
    .values({
      connector_id: 'c-home',
      entitlement_id: 'group:g-sales:owner',
      principal_id: 'u-bob',
      principal_kind: 'user',
      via_group_id: '',
      source_id: null,
      generation: 1,
    })
    .execute();
  await putPolicy(db, { ...BASE_POLICY, connectorId: 'c-home', entitlementId: null });
  // Policy v2: only members of Ops may request Vault keepers (Ada is not one); Vault lab lets Members in and allows
  // break-glass for up to an hour.
  const v2 = { ...BASE_POLICY, connectorId: 'c-home' };
  await putPolicy(db, { ...v2, entitlementId: 'group:g-vault:member', eligibility: { groupIds: ['g-ops'] } });
  await putPolicy(db, {
    ...v2,
    entitlementId: 'group:g-lab:member',
    eligibility: { userTypes: ['Member'] },
    breakGlass: { maxDurationSeconds: 3600, reviewWithinSeconds: 86400 },
  });
  const grant = (workflowId: string, entitlementId: string, stage: string, endReason: string | null) => ({
    workflow_id: workflowId,
    connector_id: 'c-home',
    entitlement_id: entitlementId,
    principal_id: ME,
    principal_upn: `${ME}@example.test`,
    requester_id: ME,
    stage,
    end_reason: endReason,
    expires_at: stage === 'active' ? new Date(Date.now() + 42 * 60_000) : null,
    pre_existing: false,
    approver_ids: jsonb(['u-bob']),
  });
  const ENDED = `grant:c-home:role:rd-help:${ME}`;
  await db
    .insertInto('access_grants')
    .values([
      grant(ACTIVE, 'group:g-sales:member', 'active', null),
      grant(PENDING, 'group:g-ops:member', 'pending_approval', null),
      grant(ENDED, 'role:rd-help', 'ended', 'revoked'),
    ])
    .execute();
  await db
    .insertInto('audit_log')
    .values({ actor: 'u-bob', action: 'access.revoked', subject: ENDED, detail: jsonb({}) })
    .execute();
}
