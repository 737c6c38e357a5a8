// Approval policy v2 through the API: a policy with stages, eligibility, break-glass and session revocation is stored
// and read back as sent; every body the schema or the cross-field rules refuse gets a 400 naming the field; a v1 body
// behaves as before; and a request is planned into the grant workflow's input (captured from a fake Temporal) with
// its stages resolved, or refused with a 422 naming the rule.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { checkPolicyBody } from '../../api/access/policy-rules.js';
import { requestableFor } from '../../catalog/access/eligibility.js';
import { jsonb, type CatalogSchema } from '../../catalog/index.js';
import { accessGrantWorkflowId, type AccessGrantInput } from '../../workflows/access/messages.js';
import { connectorRow, directGrantRow, groupEntitlementRow, groupRow, userRow } from '../helpers/catalog-rows.js';
import { authHeader, buildTestApp, openTestCatalog, stubTemporal, type TestCatalog } from '../helpers/api-app.js';
import { signInAs } from '../helpers/sessions.js';
import { fakeAccessTemporal } from './access-fakes.js';
import { ENTRA_ENV } from './connector-fakes.js';

const C = 'c-v2';
const TENANT = '51111111-2222-4333-8444-555555555555';
const BASE = `/api/v1/connectors/${C}`;
const ENTITLEMENT = 'group:g1:member';
/** People: the requester (a Member in the Eligible group, managed by mgr), a guest, named approvers, g1's two owners. */
const P = {
  requester: 'u-req',
  guest: 'u-guest',
  outsider: 'u-out',
  mgr: 'u-mgr',
  a1: 'u-a1',
  ownerA: 'u-own-a',
  ownerB: 'u-own-b',
} as const;

async function seed(db: Kysely<CatalogSchema>): Promise<void> {
  await db
    .insertInto('connectors')
    .values(connectorRow(C, { displayName: 'V2', tenantId: TENANT }))
    .execute();
  await db
    .insertInto('principals')
    .values([
      { ...userRow(C, P.requester), manager_id: P.mgr },
      userRow(C, P.guest, { userType: 'Guest' }),
      userRow(C, P.outsider),
      userRow(C, P.mgr),
      userRow(C, P.a1),
      userRow(C, P.ownerA),
      userRow(C, P.ownerB),
    ])
    .execute();
  await db
    .insertInto('resources')
    .values([groupRow(C, 'g1'), groupRow(C, 'g-elig', { displayName: 'Eligible' })])
    .execute();
  await db
    .insertInto('entitlements')
    .values((['member', 'owner'] as const).map((kind) => groupEntitlementRow(C, 'g1', kind)))
    .execute();
  await db
    .insertInto('grants')
    .values([P.ownerA, P.ownerB].map((owner) => directGrantRow(C, 'group:g1:owner', owner)))
    .execute();
  await db
    .insertInto('group_members')
    .values(
      [P.requester, P.guest].map((member) => ({
        connector_id: C,
        group_id: 'g-elig',
        member_id: member,
        member_kind: 'user' as const,
        generation: 1,
      })),
    )
    .execute();
}

const V1_BODY = {
  maxDurationSeconds: 7200,
  approvalRequired: true,
  approvers: { owners: true, principalIds: [P.a1] },
  requestTimeoutSeconds: 600,
  extensionNeedsApproval: false,
};

const TWO_STAGES = [
  {
    name: 'Manager',
    approvers: { manager: true },
    quorum: 1,
    timeoutSeconds: 3600,
    onTimeout: 'escalate',
    fallbackApprovers: { principalIds: [P.a1] },
  },
  { name: 'Owners', approvers: { owners: true }, quorum: 2, timeoutSeconds: 7200, onTimeout: 'deny' },
];

const V2_BODY = {
  maxDurationSeconds: 7200,
  approvalRequired: true,
  stages: TWO_STAGES,
  eligibility: { groupIds: ['g-elig'], userTypes: ['Member'] },
  breakGlass: { maxDurationSeconds: 900, reviewWithinSeconds: 86_400 },
  revokeSessions: true,
  requestTimeoutSeconds: 600,
  extensionNeedsApproval: false,
};

describe('approval policy v2 API', () => {
  let catalog: TestCatalog;
  let app: FastifyInstance;
  const requested: AccessGrantInput[] = [];

  before(async () => {
    catalog = await openTestCatalog();
    await seed(catalog.catalog.db);
    app = await buildTestApp(
      catalog.catalog,
      { temporal: stubTemporal({ access: fakeAccessTemporal(P.requester, (input) => requested.push(input)) }) },
      ENTRA_ENV,
    );
  });
  after(async () => {
    await app?.close();
    await catalog?.close();
  });
  beforeEach(() => {
    requested.length = 0;
  });

  const putPolicy = (body: unknown, segment = ENTITLEMENT) =>
    app.inject({
      method: 'PUT',
      url: `${BASE}/access-policies/${segment}`,
      headers: authHeader,
      payload: body as object,
    });
  async function setPolicy(body: object): Promise<void> {
    const res = await putPolicy(body);
    assert.equal(res.statusCode, 200, res.body);
  }
  /** An admin asks for `principalId`; the planned input, or the refusal. */
  async function ask(fields: Record<string, unknown>, headers: Record<string, string> = authHeader) {
    const res = await app.inject({
      method: 'POST',
      url: `${BASE}/access-requests`,
      headers,
      payload: {
        entitlementId: ENTITLEMENT,
        principalId: P.requester,
        durationSeconds: 600,
        justification: 'Production database is down',
        ...fields,
      },
    });
    return { res, input: requested.at(-1) };
  }
  function assertRefused(res: { statusCode: number; json(): unknown; body: string }, code: string, text: RegExp) {
    assert.equal(res.statusCode, 422, res.body);
    const error = (res.json() as { error: { code: string; message: string; details: { rule: string } } }).error;
    assert.equal(error.code, code);
    assert.equal(error.details.rule, code);
    assert.match(error.message, text);
  }

  describe('storing a policy', () => {
    it('stores a v2 policy and reads it back as sent', async () => {
      const res = await putPolicy(V2_BODY);
      assert.equal(res.statusCode, 200, res.body);
      const listed = (await app.inject({ method: 'GET', url: `${BASE}/access-policies`, headers: authHeader })).json()
        .items as Record<string, unknown>[];
      const stored = listed.find((p) => p['entitlementId'] === ENTITLEMENT)!;
      assert.deepEqual(stored['stages'], TWO_STAGES);
      assert.deepEqual(stored['eligibility'], V2_BODY.eligibility);
      assert.deepEqual(stored['breakGlass'], V2_BODY.breakGlass);
      assert.equal(stored['revokeSessions'], true);
      assert.deepEqual(res.json().stages, TWO_STAGES);
    });

    it('keeps a v1 body working unchanged: its approvers, and every v2 field at its v1 value', async () => {
      const res = await putPolicy(V1_BODY);
      assert.equal(res.statusCode, 200, res.body);
      const stored = res.json();
      assert.deepEqual(stored.approvers, V1_BODY.approvers);
      assert.equal(stored.stages, null);
      assert.equal(stored.eligibility, null);
      assert.equal(stored.breakGlass, null);
      assert.equal(stored.revokeSessions, false);
    });

    it('accepts approvers beside stages when no approval is required (neither is used)', async () => {
      const res = await putPolicy({ ...V2_BODY, approvalRequired: false, approvers: { owners: true } });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().approvers, { owners: true });
    });

    const stage = (overrides: Record<string, unknown>) => ({
      ...V2_BODY,
      stages: [{ ...TWO_STAGES[1], ...overrides }],
    });
    const REFUSED: [string, unknown, RegExp][] = [
      ['approvers and stages together', { ...V2_BODY, approvers: { owners: true } }, /body\.stages .*approvers/],
      [
        'neither approvers nor stages with approval required',
        { ...V1_BODY, approvers: undefined },
        /body\.approvers or stages is required/,
      ],
      ['a stage naming nobody', stage({ approvers: {} }), /body\.stages\.0\.approvers names no approver.*"Owners"/],
      [
        'a stage naming nobody with empty lists',
        stage({ approvers: { principalIds: [], owners: false, groupId: null } }),
        /body\.stages\.0\.approvers names no approver/,
      ],
      [
        'an escalating stage without fallback approvers',
        stage({ onTimeout: 'escalate' }),
        /body\.stages\.0\.fallbackApprovers is required when onTimeout is "escalate"/,
      ],
      [
        'fallback approvers on a stage that denies',
        stage({ fallbackApprovers: { principalIds: [P.a1] } }),
        /body\.stages\.0\.fallbackApprovers is only allowed when onTimeout is "escalate"/,
      ],
      [
        'fallback approvers naming nobody',
        stage({ onTimeout: 'escalate', fallbackApprovers: {} }),
        /body\.stages\.0\.fallbackApprovers names no approver/,
      ],
      [
        'a quorum larger than the named approvers',
        stage({ approvers: { principalIds: [P.a1], manager: true }, quorum: 3 }),
        /body\.stages\.0\.quorum is 3, .*never be more than 2/,
      ],
      [
        'two stages with one name',
        { ...V2_BODY, stages: [TWO_STAGES[1], { ...TWO_STAGES[1], name: 'owners' }] },
        /body\.stages\.1\.name repeats the name of stage 1/,
      ],
      [
        'an eligibility naming nothing',
        { ...V2_BODY, eligibility: {} },
        /body\.eligibility must name groupIds or userTypes/,
      ],
      ['a quorum of 0', stage({ quorum: 0 }), /body\.stages\.0\.quorum must be >= 1/],
      ['a quorum above the limit', stage({ quorum: 21 }), /body\.stages\.0\.quorum must be <= 20/],
      [
        'a stage timeout under a minute',
        stage({ timeoutSeconds: 30 }),
        /body\.stages\.0\.timeoutSeconds must be >= 60/,
      ],
      ['an empty stage name', stage({ name: '' }), /body\.stages\.0\.name must NOT have fewer than 1 characters/],
      ['a stage name of 81 characters', stage({ name: 'x'.repeat(81) }), /body\.stages\.0\.name/],
      ['an unknown onTimeout', stage({ onTimeout: 'approve' }), /body\.stages\.0\.onTimeout/],
      ['an unknown stage field', stage({ approvalsNeeded: 2 }), /Unknown field body\.stages\.0\.approvalsNeeded/],
      ['an unknown approver field', stage({ approvers: { everyone: true } }), /Unknown field .*everyone/],
      ['no stages at all', { ...V2_BODY, stages: [] }, /body\.stages must NOT have fewer than 1 items/],
      [
        'six stages',
        { ...V2_BODY, stages: [1, 2, 3, 4, 5, 6].map((n) => ({ ...TWO_STAGES[1], name: `S${n}` })) },
        /body\.stages must NOT have more than 5 items/,
      ],
      ['an unknown user type', { ...V2_BODY, eligibility: { userTypes: ['Admin'] } }, /body\.eligibility/],
      [
        '51 eligibility groups',
        { ...V2_BODY, eligibility: { groupIds: Array.from({ length: 51 }, (_, i) => `g${i}`) } },
        /body\.eligibility/,
      ],
      [
        'a break-glass maximum over a day',
        { ...V2_BODY, breakGlass: { maxDurationSeconds: 86_401, reviewWithinSeconds: 3600 } },
        /body\.breakGlass/,
      ],
      [
        'a break-glass review due within the hour',
        { ...V2_BODY, breakGlass: { maxDurationSeconds: 900, reviewWithinSeconds: 600 } },
        /body\.breakGlass/,
      ],
      ['a revokeSessions that is not a boolean', { ...V2_BODY, revokeSessions: 'yes' }, /body\.revokeSessions/],
    ];
    for (const [what, body, message] of REFUSED) {
      it(`refuses ${what} with a 400 naming the field, and stores nothing`, async () => {
        await putPolicy(V1_BODY);
        const res = await putPolicy(body);
        assert.equal(res.statusCode, 400, res.body);
        assert.match(res.json().error.message, message);
        const listed = (await app.inject({ method: 'GET', url: `${BASE}/access-policies`, headers: authHeader })).json()
          .items as Record<string, unknown>[];
        assert.equal(listed.find((p) => p['entitlementId'] === ENTITLEMENT)!['stages'], null);
      });
    }

    it('reports a cross-field refusal to the page on its field path (checkPolicyBody)', () => {
      assert.deepEqual(checkPolicyBody({ ...V2_BODY, stages: [{ ...TWO_STAGES[1], approvers: {} }] }), {
        path: 'stages.0.approvers',
        message: 'names no approver: set owners, manager, principalIds or groupId (stage 1, "Owners")',
      });
      assert.equal(checkPolicyBody(V2_BODY), null);
      assert.equal(checkPolicyBody(V1_BODY), null);
    });
  });

  describe('who may request (requestableFor, which the web app filters with)', () => {
    it('lists entitlements whose own policy lets the person in or not; the default decides the rest', async () => {
      await setPolicy({ ...V2_BODY, eligibility: { groupIds: ['g-elig'] } });
      const defaultRes = await putPolicy({ ...V1_BODY, eligibility: { userTypes: ['Member'] } }, 'default');
      assert.equal(defaultRes.statusCode, 200, defaultRes.body);
      const db = catalog.catalog.db;
      assert.deepEqual(await requestableFor(db, C, P.requester), {
        defaultEligible: true,
        eligible: [ENTITLEMENT],
        ineligible: [],
      });
      assert.deepEqual(await requestableFor(db, C, P.outsider), {
        defaultEligible: true,
        eligible: [],
        ineligible: [ENTITLEMENT],
      });
      assert.deepEqual(await requestableFor(db, C, P.guest), {
        defaultEligible: false,
        eligible: [ENTITLEMENT],
        ineligible: [],
      });
      assert.equal((await putPolicy({ ...V1_BODY, eligibility: null }, 'default')).statusCode, 200);
    });
  });

  describe('planning a request', () => {
    it('resolves every stage into the workflow input: approvers, quorum, timeout, fallbacks', async () => {
      await setPolicy({ ...V2_BODY, eligibility: null });
      const { res, input } = await ask({});
      assert.equal(res.statusCode, 201, res.body);
      const stages = input!.policy.stages!.map((s) => ({ ...s, approverIds: [...s.approverIds].sort() }));
      assert.deepEqual(stages, [
        {
          name: 'Manager',
          approverIds: [P.mgr],
          quorum: 1,
          timeoutSeconds: 3600,
          onTimeout: 'escalate',
          fallbackIds: [P.a1],
        },
        {
          name: 'Owners',
          approverIds: [P.ownerA, P.ownerB].sort(),
          quorum: 2,
          timeoutSeconds: 7200,
          onTimeout: 'deny',
          fallbackIds: [],
        },
      ]);
      assert.deepEqual([...input!.policy.approverIds].sort(), [P.a1, P.mgr, P.ownerA, P.ownerB].sort());
      assert.equal(input!.policy.revokeSessions, true);
      assert.equal(input!.autoApprovedBy, undefined);
      assert.equal(input!.breakGlass, undefined);
    });

    it('plans a v1 policy as one stage where one approval suffices, with its approvers as before', async () => {
      await setPolicy(V1_BODY);
      const { res, input } = await ask({});
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual([...input!.policy.approverIds].sort(), [P.a1, P.ownerA, P.ownerB].sort());
      assert.deepEqual(input!.policy.stages, [
        {
          name: 'Approval',
          approverIds: input!.policy.approverIds,
          quorum: 1,
          timeoutSeconds: 600,
          onTimeout: 'deny',
          fallbackIds: [],
        },
      ]);
      assert.equal(input!.policy.revokeSessions, false);
    });

    it('refuses a principal outside the eligible groups, naming the group', async () => {
      await setPolicy({ ...V2_BODY, eligibility: { groupIds: ['g-elig'] } });
      const { res } = await ask({ principalId: P.outsider });
      assertRefused(res, 'not_eligible', /members of group Eligible \(g-elig\)/);
      assert.equal(requested.length, 0);
      assert.equal((await ask({ principalId: P.requester })).res.statusCode, 201);
    });

    it('refuses a principal of another user type, naming the types (admins asking for them included)', async () => {
      await setPolicy({
        ...V2_BODY,
        stages: [TWO_STAGES[1]],
        allowGuests: true,
        eligibility: { userTypes: ['Member'] },
      });
      const { res } = await ask({ principalId: P.guest });
      assertRefused(res, 'not_eligible', /user types Member/);
      await setPolicy({
        ...V2_BODY,
        stages: [TWO_STAGES[1]],
        allowGuests: true,
        eligibility: { userTypes: ['Member', 'Guest'] },
      });
      assert.equal((await ask({ principalId: P.guest })).res.statusCode, 201);
    });

    it('refuses a stage whose quorum cannot be reached, naming the stage', async () => {
      await setPolicy({ ...V2_BODY, eligibility: null, stages: [{ ...TWO_STAGES[1], quorum: 3 }] });
      const { res } = await ask({});
      assertRefused(res, 'quorum_unreachable', /stage 1 "Owners" is 3, but only 2/);
    });

    it('refuses stages that together need more distinct approvers than qualify', async () => {
      const stages = [
        { ...TWO_STAGES[1], name: 'First', approvers: { principalIds: [P.a1] }, quorum: 1 },
        { ...TWO_STAGES[1], name: 'Second', approvers: { principalIds: [P.a1, P.ownerA] }, quorum: 2 },
      ];
      await setPolicy({ ...V2_BODY, eligibility: null, stages });
      const { res } = await ask({});
      assertRefused(res, 'quorum_unreachable', /stage 1 "First" and stage 2 "Second" need 3 distinct approvers/);
    });

    it('keeps no_approver for a stage left with nobody once the requester and principal are out', async () => {
      const stages = [{ ...TWO_STAGES[1], name: 'Self', approvers: { principalIds: [P.requester] }, quorum: 1 }];
      await setPolicy({ ...V2_BODY, eligibility: null, stages });
      assertRefused((await ask({})).res, 'no_approver', /stage 1 "Self" of the policy names no approver/);
    });

    it('leaves the requester out of a stage, so the quorum counts only the others', async () => {
      const stages = [{ ...TWO_STAGES[1], approvers: { principalIds: [P.requester, P.a1, P.ownerA] }, quorum: 2 }];
      await setPolicy({ ...V2_BODY, eligibility: null, stages });
      const session = await signInAs(catalog.catalog.db, { objectId: P.requester, tenantId: TENANT });
      const asRequester = { cookie: session.cookie, 'x-csrf-token': session.csrf };
      const { res, input } = await ask({ principalId: undefined }, asRequester);
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(input!.request.requesterId, P.requester);
      assert.deepEqual(input!.policy.stages![0]!.approverIds, [P.a1, P.ownerA]);

      await setPolicy({ ...V2_BODY, eligibility: null, stages: [{ ...stages[0], quorum: 3 }] });
      assertRefused((await ask({ principalId: undefined }, asRequester)).res, 'quorum_unreachable', /is 3, but only 2/);
    });

    it('takes a start time between a minute and 90 days ahead, and refuses others', async () => {
      await setPolicy({ ...V2_BODY, eligibility: null });
      const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
      assertRefused((await ask({ startAt: inSeconds(10) })).res, 'start_at', /at least 60 seconds in the future/);
      assertRefused((await ask({ startAt: inSeconds(-3600) })).res, 'start_at', /at least 60 seconds/);
      assertRefused((await ask({ startAt: inSeconds(91 * 86_400) })).res, 'start_at', /more than 90 days ahead/);
      const bad = await ask({ startAt: 'tomorrow' });
      assert.equal(bad.res.statusCode, 400);
      assert.match(bad.res.json().error.message, /body\.startAt/);
      const startAt = inSeconds(3600);
      const { res, input } = await ask({ startAt });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(input!.request.startAt, startAt);
    });

    it('refuses break-glass where the policy has none', async () => {
      await setPolicy({ ...V2_BODY, eligibility: null, breakGlass: null });
      assertRefused((await ask({ breakGlass: true })).res, 'break_glass_not_allowed', /does not allow break-glass/);
    });

    it('refuses break-glass without a real reason, beyond its maximum, with a start time, or for the ineligible', async () => {
      await setPolicy(V2_BODY);
      assertRefused(
        (await ask({ breakGlass: true, justification: 'urgent   ' })).res,
        'break_glass_reason',
        /at least 10 characters/,
      );
      assertRefused(
        (await ask({ breakGlass: true, durationSeconds: 901 })).res,
        'max_duration',
        /break-glass maximum of 900s/,
      );
      const startAt = new Date(Date.now() + 3600_000).toISOString();
      assertRefused((await ask({ breakGlass: true, startAt })).res, 'start_at', /break-glass request starts at once/);
      assertRefused((await ask({ breakGlass: true, principalId: P.outsider })).res, 'not_eligible', /Eligible/);
      assert.equal(requested.length, 0);
    });

    it('plans break-glass as self-approved, with its review going to every stage approver', async () => {
      await setPolicy(V2_BODY);
      const { res, input } = await ask({ breakGlass: true, durationSeconds: 900 });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(input!.autoApprovedBy, 'break_glass');
      assert.deepEqual([...input!.breakGlass!.reviewerIds].sort(), [P.mgr, P.ownerA, P.ownerB].sort());
      assert.equal(input!.breakGlass!.reviewWithinSeconds, 86_400);
    });

    it('refuses break-glass or a start time for a pair whose grant is live (409), not a plain extension', async () => {
      await setPolicy(V2_BODY);
      const db = catalog.catalog.db;
      const workflowId = accessGrantWorkflowId({
        connectorId: C,
        entitlementId: ENTITLEMENT,
        principalId: P.requester,
      });
      await db
        .insertInto('access_grants')
        .values({
          workflow_id: workflowId,
          connector_id: C,
          entitlement_id: ENTITLEMENT,
          principal_id: P.requester,
          principal_upn: `${P.requester}@v2.example`,
          requester_id: P.requester,
          stage: 'active',
          end_reason: null,
          expires_at: new Date('2030-01-01T00:00:00Z'),
          pre_existing: false,
          approver_ids: jsonb([P.a1]),
        })
        .execute();
      try {
        const conflict = (res: { statusCode: number; body: string; json(): unknown }) => {
          assert.equal(res.statusCode, 409, res.body);
          const { message } = (res.json() as { error: { message: string } }).error;
          assert.match(message, /already has a live request\/grant: group:g1:member for u-req is active, until 2030/);
        };
        conflict((await ask({ breakGlass: true, durationSeconds: 900 })).res);
        conflict((await ask({ startAt: new Date(Date.now() + 3600_000).toISOString() })).res);
        assert.equal(requested.length, 0);
        assert.equal((await ask({})).res.statusCode, 201, 'a plain request still extends the live grant');
        await db.updateTable('access_grants').set({ stage: 'ended' }).where('workflow_id', '=', workflowId).execute();
        assert.equal((await ask({ breakGlass: true, durationSeconds: 900 })).res.statusCode, 201, 'once ended');
      } finally {
        await db.deleteFrom('access_grants').where('workflow_id', '=', workflowId).execute();
      }
    });

    it('refuses access Lantern could not remove when it ends, unless the principal already holds it', async () => {
      const db = catalog.catalog.db;
      await setPolicy({ ...V1_BODY, approvers: { principalIds: [P.a1] } });
      assert.equal((await putPolicy({ ...V1_BODY, approvers: { principalIds: [P.a1] } }, 'default')).statusCode, 200);
      await db
        .insertInto('protected_accounts')
        .values({ connector_id: C, principal_id: P.outsider, reason: 'tier 0', added_by: 'test' })
        .execute();
      await db.insertInto('resources').values(groupRow(C, 'g-orphan')).execute();
      await db
        .insertInto('entitlements')
        .values(groupEntitlementRow(C, 'g-orphan', 'owner'))
        .execute();
      try {
        assertRefused(
          (await ask({ principalId: P.outsider })).res,
          'removal_guarded',
          /^Lantern could not remove this access when it ends: Refused: .* is a protected account \(tier 0\)/,
        );
        assertRefused(
          (await ask({ entitlementId: 'group:g-orphan:owner' })).res,
          'removal_guarded',
          /could not remove this access when it ends: Refused: this is the last owner of the group/,
        );
        assert.equal(requested.length, 0);
        // g1 has two other owners, so one more may come and go.
        assert.equal((await ask({ entitlementId: 'group:g1:owner' })).res.statusCode, 201);
        // Held directly already: the grant records it as pre-existing and never removes it.
        await db
          .insertInto('grants')
          .values(directGrantRow(C, ENTITLEMENT, P.outsider))
          .execute();
        assert.equal((await ask({ principalId: P.outsider })).res.statusCode, 201);
      } finally {
        await db.deleteFrom('protected_accounts').where('principal_id', '=', P.outsider).execute();
        await db.deleteFrom('grants').where('principal_id', '=', P.outsider).execute();
      }
    });

    it('still lets an auto-approve group skip approval (not as break-glass)', async () => {
      await setPolicy({ ...V2_BODY, eligibility: null, autoApproveGroupId: 'g-elig' });
      const { res, input } = await ask({});
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(input!.autoApprovedBy, 'member of group g-elig');
      assert.equal(input!.breakGlass, undefined);
    });
  });
});
