// The Policies pages: the form refuses what PUT .../access-policies/... refuses (with the field named), saves and
// audits good input with names resolved to object ids, lets readers look but not post, and escapes what was typed.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { listPolicies, putPolicy } from '../../catalog/access/policies.js';
import type { CatalogSchema } from '../../catalog/index.js';
import { ADMIN_TOKEN, buildTestApp, openTestCatalog, type TestCatalog } from '../helpers/api-app.js';
import {
  connectorRow,
  directGrantRow,
  groupEntitlementRow,
  groupRow,
  policyInput,
  userRow,
} from '../helpers/catalog-rows.js';
import { signInAs, submitForm } from '../helpers/sessions.js';
import { ENTRA_ENV } from './connector-fakes.js';

const HOME = '31111111-2222-4333-8444-555555555555';
const TENANT = '21111111-2222-4333-8444-555555555555';
const C = 'c-pol';
const FINANCE = 'g-fin';
const EDIT_DEFAULT = `/admin/policies/${C}/default`;
const EDIT_FINANCE = `/admin/policies/${C}/${encodeURIComponent(`group:${FINANCE}:member`)}`;

/** A policy form as a person fills it in (every field, as text). */
const GOOD_FORM = {
  maxDurationValue: '4',
  maxDurationUnit: 'hours',
  approvalRequired: 'on',
  approverOwners: 'on',
  approverPeople: 'ada@contoso.test\nGrace Hopper',
  approverGroup: 'Finance approvers',
  autoApproveGroup: '',
  requestTimeoutValue: '2',
  requestTimeoutUnit: 'days',
  expiryWarningValue: '30',
  expiryWarningUnit: 'minutes',
};
/** The same policy as the JSON API's body. */
const GOOD_BODY = {
  maxDurationSeconds: 4 * 3600,
  approvalRequired: true,
  approvers: { owners: true, manager: false, principalIds: ['u-ada', 'u-grace'], groupId: FINANCE },
  autoApproveGroupId: null,
  requestTimeoutSeconds: 2 * 86400,
  extensionNeedsApproval: false,
  allowGuests: false,
  expiryWarningSeconds: 1800,
};

async function seed(db: Kysely<CatalogSchema>): Promise<void> {
  await db
    .insertInto('connectors')
    .values(connectorRow(C, { displayName: 'Contoso', tenantId: TENANT }))
    .execute();
  await db
    .insertInto('principals')
    .values([
      userRow(C, 'u-ada', { upn: 'ada@contoso.test', displayName: 'Ada Lovelace' }),
      userRow(C, 'u-grace', { upn: 'grace@contoso.test', displayName: 'Grace Hopper' }),
      userRow(C, 'u-sam1', { upn: 'sam1@contoso.test', displayName: 'Sam Smith' }),
      userRow(C, 'u-sam2', { upn: 'sam2@contoso.test', displayName: 'Sam Smith' }),
    ])
    .execute();
  await db
    .insertInto('resources')
    .values([
      groupRow(C, FINANCE, { displayName: 'Finance approvers' }),
      groupRow(C, 'g-x', { displayName: '<b>Bold</b> team' }),
    ])
    .execute();
  await db
    .insertInto('entitlements')
    .values([
      groupEntitlementRow(C, FINANCE, 'member', { displayName: 'Finance approvers member' }),
      groupEntitlementRow(C, 'g-x', 'member', { displayName: '<b>Bold</b> team member' }),
    ])
    .execute();
  await putPolicy(db, policyInput(C, { entitlementId: `group:g-x:member` }));
  // Finance approvers has three owners, so "2 of 3" can be said of a stage of its owners.
  await db
    .insertInto('grants')
    .values(['u-ada', 'u-grace', 'u-sam1'].map((id) => directGrantRow(C, `group:${FINANCE}:owner`, id)))
    .execute();
}

/** A two-stage policy as the form posts it: the manager, then two of the owners; no single-step approvers. */
const STAGED_FORM = {
  ...GOOD_FORM,
  approverOwners: '',
  approverPeople: '',
  approverGroup: '',
  stage1Name: 'Manager',
  stage1Manager: 'on',
  stage1Quorum: '1',
  stage1TimeoutValue: '1',
  stage1TimeoutUnit: 'days',
  stage1OnTimeout: 'escalate',
  stage1FallbackPeople: 'grace@contoso.test',
  stage2Name: 'Owners',
  stage2Owners: 'on',
  stage2Quorum: '2',
  stage2TimeoutValue: '2',
  stage2TimeoutUnit: 'days',
  stage2OnTimeout: 'deny',
  eligibilityGroups: 'Finance approvers',
  eligibilityMembers: 'on',
  breakGlass: 'on',
  breakGlassMaxValue: '1',
  breakGlassMaxUnit: 'hours',
  breakGlassReviewValue: '2',
  breakGlassReviewUnit: 'days',
  revokeSessions: 'on',
};

describe('Policies pages', () => {
  let catalog: TestCatalog;
  let app: FastifyInstance;
  let db: Kysely<CatalogSchema>;
  let admin: { cookie: string; csrf: string };
  let readerToken: string;

  before(async () => {
    catalog = await openTestCatalog();
    db = catalog.catalog.db;
    await seed(db);
    app = await buildTestApp(catalog.catalog, {}, { ...ENTRA_ENV, LANTERN_HOME_TENANT_ID: HOME });
    admin = await signInAs(db, { objectId: 'u-admin', tenantId: HOME, appRoles: ['Lantern.Admin'] });
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { name: 'policy reader', role: 'reader', expiresInDays: 1 },
    });
    readerToken = (created.json() as { token: string }).token;
  });
  after(async () => {
    await app?.close();
    await catalog?.close();
  });
  beforeEach(async () => {
    await db.deleteFrom('access_policies').where('entitlement_id', '=', '').execute();
  });

  const postForm = (url: string, fields: Record<string, string>, csrf = admin.csrf) =>
    submitForm(app, { cookie: admin.cookie, csrf }, url, fields);
  const putApi = (body: unknown) =>
    app.inject({
      method: 'PUT',
      url: `/api/v1/connectors/${C}/access-policies/default`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: body as Record<string, unknown>,
    });
  const defaultPolicy = async () => (await listPolicies(db, C)).find((p) => p.entitlementId === null);
  const errorOf = (page: string, field: string) =>
    new RegExp(`<span class="error" id="${field}-error">([^<]*)</span>`).exec(page)?.[1];

  it('refuses on the form every value the JSON API refuses, naming the field, and saves nothing', async () => {
    const cases: [string, Record<string, string>, Record<string, unknown>, string][] = [
      [
        'too short',
        { maxDurationValue: '30', maxDurationUnit: 'seconds' },
        { maxDurationSeconds: 30 },
        'maxDurationValue',
      ],
      [
        'too long',
        { maxDurationValue: '367', maxDurationUnit: 'days' },
        { maxDurationSeconds: 367 * 86400 },
        'maxDurationValue',
      ],
      ['not a number', { maxDurationValue: 'soon' }, { maxDurationSeconds: 'soon' }, 'maxDurationValue'],
      [
        'a fraction of a second',
        { maxDurationValue: '90.5', maxDurationUnit: 'seconds' },
        { maxDurationSeconds: 90.5 },
        'maxDurationValue',
      ],
      ['missing', { maxDurationValue: '' }, { maxDurationSeconds: undefined }, 'maxDurationValue'],
      [
        'timeout too long',
        { requestTimeoutValue: '31', requestTimeoutUnit: 'days' },
        { requestTimeoutSeconds: 31 * 86400 },
        'requestTimeoutValue',
      ],
      ['negative warning', { expiryWarningValue: '-1' }, { expiryWarningSeconds: -60 }, 'expiryWarningValue'],
    ];
    for (const [what, formPatch, bodyPatch, field] of cases) {
      const api = await putApi({ ...GOOD_BODY, ...bodyPatch });
      assert.equal(api.statusCode, 400, `the API refuses ${what}: ${api.body}`);
      const form = await postForm(EDIT_DEFAULT, { ...GOOD_FORM, ...formPatch });
      assert.equal(form.statusCode, 400, `the form refuses ${what}`);
      assert.ok(errorOf(form.body, field), `the form names ${field} for ${what}`);
      assert.match(form.body, /Nothing was saved/);
      for (const value of Object.values(formPatch))
        assert.ok(form.body.includes(`value="${value}"`) || /^(seconds|days|minutes)$/.test(value), `keeps "${value}"`);
      assert.equal(await defaultPolicy(), undefined, `${what} saved nothing`);
    }
  });

  it('names unknown and ambiguous approvers and groups next to their field', async () => {
    const unknown = await postForm(EDIT_DEFAULT, { ...GOOD_FORM, approverPeople: 'nobody@contoso.test' });
    assert.equal(unknown.statusCode, 400);
    assert.match(errorOf(unknown.body, 'approverPeople') ?? '', /No person .* named &quot;nobody@contoso.test&quot;/);
    const ambiguous = await postForm(EDIT_DEFAULT, { ...GOOD_FORM, approverPeople: 'Sam Smith' });
    assert.match(errorOf(ambiguous.body, 'approverPeople') ?? '', /names 2 people: give the UPN/);
    const group = await postForm(EDIT_DEFAULT, { ...GOOD_FORM, autoApproveGroup: 'No such group' });
    assert.match(errorOf(group.body, 'autoApproveGroup') ?? '', /No group/);
    assert.equal(await defaultPolicy(), undefined);
  });

  it('saves good input with names resolved to object ids, audits it like the API, and shows the names back', async () => {
    const saved = await postForm(EDIT_DEFAULT, GOOD_FORM);
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/admin/policies?done=saved');
    const policy = await defaultPolicy();
    assert.deepEqual(policy?.approvers, GOOD_BODY.approvers);
    assert.equal(policy?.maxDurationSeconds, 4 * 3600);
    assert.equal(policy?.expiryWarningSeconds, 1800);

    const api = await putApi(GOOD_BODY);
    assert.equal(api.statusCode, 200);
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'subject'])
      .where('action', '=', 'access_policy.updated')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.slice(-2).map((row) => [row.actor.split(':')[0], row.subject]),
      [
        ['session', `connector:${C}`],
        ['admin-token#1', `connector:${C}`],
      ],
    );

    const page = await app.inject({ url: EDIT_DEFAULT, headers: { cookie: admin.cookie } });
    assert.match(page.body, /ada@contoso\.test\ngrace@contoso\.test<\/textarea>/);
    assert.match(page.body, /value="Finance approvers"/);
    assert.match(page.body, /id="maxDurationValue"[^>]*value="4"/);
    assert.match(page.body, /<option value="hours"\s+selected>/);
  });

  it('lists policies with entitlement names and finds an entitlement to give one', async () => {
    const list = await app.inject({
      url: `/admin/policies?connector=${C}&q=finance`,
      headers: { cookie: admin.cookie },
    });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /&lt;b&gt;Bold&lt;\/b&gt; team member/);
    assert.ok(list.body.includes(`href="${EDIT_FINANCE}"`), 'links the found entitlement to its policy page');
    const edit = await app.inject({ url: EDIT_FINANCE, headers: { cookie: admin.cookie } });
    assert.match(edit.body, /Not yet: this entitlement follows the connector default/);
    const missing = await app.inject({
      url: `/admin/policies/${C}/group%3Anope%3Amember`,
      headers: { cookie: admin.cookie },
    });
    assert.equal(missing.statusCode, 404);
  });

  it('lets a reader look at a policy but not change it', async () => {
    const headers = { authorization: `Bearer ${readerToken}` };
    const page = await app.inject({ url: EDIT_DEFAULT, headers });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<fieldset disabled>/);
    assert.doesNotMatch(page.body, /Save policy/);
    const post = await app.inject({
      method: 'POST',
      url: EDIT_DEFAULT,
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(GOOD_FORM).toString(),
    });
    assert.equal(post.statusCode, 403);
    assert.equal(await defaultPolicy(), undefined);
  });

  it('refuses a post without the CSRF token', async () => {
    const response = await postForm(EDIT_DEFAULT, GOOD_FORM, '');
    assert.equal(response.statusCode, 403);
    assert.equal(await defaultPolicy(), undefined);
  });

  it('saves approval stages, eligibility, break-glass and session revocation, and lists the stages in words', async () => {
    const financePolicy = async () =>
      (await listPolicies(db, C)).find((p) => p.entitlementId === `group:${FINANCE}:member`);
    const saved = await postForm(EDIT_FINANCE, STAGED_FORM);
    assert.equal(saved.statusCode, 303, saved.body);
    const policy = await financePolicy();
    assert.deepEqual(policy?.stages, [
      {
        name: 'Manager',
        approvers: { owners: false, manager: true, principalIds: [], groupId: null },
        quorum: 1,
        timeoutSeconds: 86400,
        onTimeout: 'escalate',
        fallbackApprovers: { owners: false, manager: false, principalIds: ['u-grace'], groupId: null },
      },
      {
        name: 'Owners',
        approvers: { owners: true, manager: false, principalIds: [], groupId: null },
        quorum: 2,
        timeoutSeconds: 2 * 86400,
        onTimeout: 'deny',
      },
    ]);
    assert.deepEqual(policy?.eligibility, { groupIds: [FINANCE], userTypes: ['Member'] });
    assert.deepEqual(policy?.breakGlass, { maxDurationSeconds: 3600, reviewWithinSeconds: 2 * 86400 });
    assert.equal(policy?.revokeSessions, true);

    const list = await app.inject({ url: '/admin/policies', headers: { cookie: admin.cookie } });
    assert.match(list.body, /2 stages: Manager → Owners \(2 of 3\)/);
    assert.match(list.body, /Only members of Finance approvers; Only user type Member; Break-glass up to 1 hour/);

    // Shown back: both stages, then one blank stage to add another.
    const page = await app.inject({ url: EDIT_FINANCE, headers: { cookie: admin.cookie } });
    assert.match(page.body, /id="stage1Name" name="stage1Name" value="Manager"/);
    assert.match(page.body, /id="stage2Quorum" name="stage2Quorum" value="2"/);
    assert.match(page.body, /stage1FallbackPeople"[^>]*>grace@contoso\.test<\/textarea>/);
    assert.match(page.body, /id="stage3Name" name="stage3Name" value=""/);
    assert.doesNotMatch(page.body, /id="stage4Name"/);
    assert.match(page.body, /id="revokeSessions" name="revokeSessions" value="on"\s+checked/);
    await db.deleteFrom('access_policies').where('entitlement_id', '=', `group:${FINANCE}:member`).execute();
  });

  it("refuses a stage the JSON API refuses, on that stage's field, keeping what was typed", async () => {
    const stage = (patch: Record<string, unknown>) => ({
      name: 'Owners',
      approvers: { owners: true },
      quorum: 1,
      timeoutSeconds: 86400,
      onTimeout: 'deny',
      ...patch,
    });
    const { approvers: _single, ...staged } = GOOD_BODY;
    const cases: [string, Record<string, string>, Record<string, unknown>, string][] = [
      [
        'quorum 0',
        { stage2Quorum: '0' },
        { stages: [stage({ name: 'Manager' }), stage({ quorum: 0 })] },
        'stage2Quorum',
      ],
      [
        'no approver',
        { stage2Owners: '' },
        { stages: [stage({ name: 'M' }), stage({ approvers: {} })] },
        'stage2People',
      ],
      [
        'escalation without fallbacks',
        { stage1FallbackPeople: '' },
        { stages: [stage({ onTimeout: 'escalate' })] },
        'stage1FallbackPeople',
      ],
      [
        'fallbacks without escalation',
        { stage1OnTimeout: 'deny' },
        { stages: [stage({ fallbackApprovers: { owners: true } })] },
        'stage1FallbackPeople',
      ],
      [
        'timeout under a minute',
        { stage2TimeoutValue: '30', stage2TimeoutUnit: 'seconds' },
        { stages: [stage({ timeoutSeconds: 30 })] },
        'stage2TimeoutValue',
      ],
      [
        'break-glass over a day',
        { breakGlassMaxValue: '2', breakGlassMaxUnit: 'days' },
        { breakGlass: { maxDurationSeconds: 2 * 86400, reviewWithinSeconds: 86400 } },
        'breakGlassMaxValue',
      ],
      [
        'approvers and stages both',
        { approverOwners: 'on' },
        { approvers: { owners: true }, stages: [stage({})] },
        'approverPeople',
      ],
    ];
    for (const [what, formPatch, bodyPatch, field] of cases) {
      const api = await putApi({ ...staged, stages: [stage({})], ...bodyPatch });
      assert.equal(api.statusCode, 400, `the API refuses ${what}: ${api.body}`);
      const form = await postForm(EDIT_DEFAULT, { ...STAGED_FORM, ...formPatch });
      assert.equal(form.statusCode, 400, `the form refuses ${what}`);
      assert.ok(
        errorOf(form.body, field),
        `the form names ${field} for ${what}: ${/class="problem"[^<]*/.exec(form.body)}`,
      );
      assert.match(form.body, /id="stage2Name" name="stage2Name" value="Owners"/, `keeps the stages typed (${what})`);
      assert.equal(await defaultPolicy(), undefined, `${what} saved nothing`);
    }
    const unknown = await postForm(EDIT_DEFAULT, { ...STAGED_FORM, stage2People: 'nobody@contoso.test' });
    assert.match(errorOf(unknown.body, 'stage2People') ?? '', /No person .* named &quot;nobody@contoso.test&quot;/);
  });

  it('adds a blank stage without script and saves nothing', async () => {
    const more = await postForm(EDIT_DEFAULT, { ...STAGED_FORM, addStage: '1' });
    assert.equal(more.statusCode, 200);
    assert.match(more.body, /id="stage2Name" name="stage2Name" value="Owners"/);
    assert.match(more.body, /id="stage4Name" name="stage4Name" value=""/);
    assert.equal(await defaultPolicy(), undefined);
  });

  it('shows typed text back as text, never as markup', async () => {
    const hostile = '<script>alert(1)</script>"><img src=x>';
    const response = await postForm(EDIT_DEFAULT, { ...GOOD_FORM, approverGroup: hostile, maxDurationValue: hostile });
    assert.equal(response.statusCode, 400);
    assert.doesNotMatch(response.body, /<script>alert|<img src=x>/);
    assert.match(response.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;&gt;&lt;img src=x&gt;/);
  });
});
