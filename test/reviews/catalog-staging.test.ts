// Staging a campaign on PGlite and PostgreSQL: scope filters, reviewers, recommendations, applicability, idempotence,
// reviewers who leave, and notices sent once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { deletePrincipals, type CatalogDb } from '../../catalog/directory/writes/index.js';
import {
  getCampaign,
  markNotified,
  reassignDepartedReviewers,
  recordSignInActivity,
  reviewersToNotify,
  stageCampaign,
} from '../../catalog/reviews/index.js';
import type { CampaignDefinition, ReviewScope } from '../../domain/reviews.js';
import { requirePostgresInCi } from '../helpers/postgres.js';
import {
  DISPLAY_NAMES,
  ENTITLEMENTS,
  GROUPS,
  PEOPLE,
  REVIEW_BACKENDS,
  ROBOT,
  openReviewWorld,
  stagedCampaign,
  type ReviewWorld,
} from './review-world.js';

requirePostgresInCi();

interface StagedItem {
  id: string;
  entitlement_id: string;
  principal_id: string;
  via_group_id: string;
  applicability: string;
  applicability_reason: string | null;
  recommendation: string;
  recommendation_reason: string;
  reviewers: { id: string; kind: string }[];
}

async function itemsOf(db: CatalogDb, campaignId: string): Promise<StagedItem[]> {
  const { rows } = await sql<Omit<StagedItem, 'reviewers'> & { reviewers: string | null }>`
    select i.id, i.entitlement_id, i.principal_id, i.via_group_id, i.applicability, i.applicability_reason,
      i.recommendation, i.recommendation_reason,
      (select string_agg(a.reviewer_id || '|' || a.kind, ',' order by a.reviewer_id) from review_assignments a
        where a.campaign_id = i.campaign_id and a.item_id = i.id) as reviewers
    from review_items i where i.campaign_id = ${campaignId} order by i.id`.execute(db);
  return rows.map((r) => ({
    ...r,
    id: String(r.id),
    reviewers: (r.reviewers ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => ({ id: pair.split('|')[0]!, kind: pair.split('|')[1]! })),
  }));
}

const find = (items: StagedItem[], entitlementId: string, principalId: string, viaGroupId = '') => {
  const item = items.find(
    (i) => i.entitlement_id === entitlementId && i.principal_id === principalId && i.via_group_id === viaGroupId,
  );
  assert.ok(item, `no item for ${entitlementId} / ${principalId} / ${viaGroupId || 'direct'}`);
  return item;
};
const reviewerIds = (item: StagedItem) => item.reviewers.map((r) => r.id).sort();
const pairs = (items: StagedItem[]) => items.map((i) => `${i.entitlement_id} ${i.principal_id} ${i.via_group_id}`);

const ALL_KINDS: ReviewScope['kinds'] = [
  'groupMembers',
  'groupOwners',
  'appRoleAssignments',
  'appOwners',
  'directoryRoles',
];

for (const backend of REVIEW_BACKENDS) {
  describe(`staging a review campaign on ${backend.name}`, { skip: backend.skip }, () => {
    let world: ReviewWorld;
    before(async () => {
      world = await openReviewWorld({ backend: backend.name });
    });
    after(async () => {
      await world?.close();
    });

    const stage = async (overrides: Partial<CampaignDefinition>, opts: { signInKnown?: boolean } = {}) => {
      const id = await stagedCampaign(world.db, world, overrides, opts);
      return { id, items: await itemsOf(world.db, id) };
    };
    const scoped = (scope: Partial<ReviewScope>) => stage({ scope: { kinds: ALL_KINDS, ...scope } });

    it('snapshots every grant in scope with its recommendation and why', async () => {
      const { items } = await scoped({});
      assert.equal(items.length, 23);
      const rec = (e: string, p: string, via = '') => {
        const item = find(items, e, p, via);
        return [item.recommendation, item.recommendation_reason];
      };
      assert.deepEqual(rec(ENTITLEMENTS.financeMember, PEOPLE.alice), ['keep', 'Signed in 3 days ago']);
      assert.deepEqual(rec(ENTITLEMENTS.financeMember, PEOPLE.bob), ['remove', 'No sign-in for 120 days']);
      assert.deepEqual(rec(ENTITLEMENTS.financeLeadsMember, PEOPLE.carl), ['remove', 'Never signed in']);
      assert.deepEqual(rec(ENTITLEMENTS.financeLeadsMember, PEOPLE.dave), ['remove', 'Disabled in Entra']);
      assert.deepEqual(rec(ENTITLEMENTS.payrollReader, ROBOT), ['none', 'No sign-in data for service principals']);
      assert.equal(find(items, ENTITLEMENTS.financeMember, GROUPS.financeLeads).recommendation, 'none');
    });

    it('marks what Lantern cannot remove, and says why, at staging', async () => {
      const { items } = await scoped({});
      const viaGroup = find(items, ENTITLEMENTS.financeMember, PEOPLE.carl, GROUPS.financeLeads);
      assert.equal(viaGroup.applicability, 'via_group');
      assert.equal(viaGroup.applicability_reason, 'Held through Finance Leads: decided on the group');
      const dynamic = find(items, ENTITLEMENTS.salesMember, PEOPLE.bob);
      assert.equal(dynamic.applicability, 'immutable');
      assert.equal(dynamic.applicability_reason, 'Cannot be applied in Entra: dynamic membership');
      // The owner of a dynamic group is managed in Entra like any other.
      assert.equal(find(items, ENTITLEMENTS.salesOwner, PEOPLE.olga).applicability, 'applicable');
      const appOwner = find(items, ENTITLEMENTS.payrollOwner, PEOPLE.olga);
      assert.equal(appOwner.applicability, 'unsupported');
      assert.match(appOwner.applicability_reason ?? '', /cannot change app ownership/);
      const plain = find(items, ENTITLEMENTS.financeMember, PEOPLE.alice);
      assert.deepEqual([plain.applicability, plain.applicability_reason], ['applicable', null]);
    });

    it('reviews only the kinds asked for', async () => {
      const expected: Record<ReviewScope['kinds'][number], string[]> = {
        groupMembers: [':member'],
        groupOwners: [':owner'],
        appRoleAssignments: [':role:'],
        appOwners: [':owner'],
        directoryRoles: [':member'],
      };
      const prefixes = {
        groupMembers: 'group:',
        groupOwners: 'group:',
        appRoleAssignments: 'app:',
        appOwners: 'app:',
        directoryRoles: 'role:',
      };
      for (const kind of ALL_KINDS) {
        const { items } = await scoped({ kinds: [kind] });
        assert.ok(items.length > 0, kind);
        for (const item of items) {
          assert.ok(item.entitlement_id.startsWith(prefixes[kind]), `${kind}: ${item.entitlement_id}`);
          assert.ok(
            expected[kind].some((part) => item.entitlement_id.includes(part)),
            `${kind}: ${item.entitlement_id}`,
          );
        }
      }
      const { items: none } = await scoped({ kinds: [] });
      assert.equal(none.length, 0);
    });

    it('narrows to chosen resources, guests or members, privileged roles, direct or via-group grants', async () => {
      const finance = await scoped({ kinds: ['groupMembers'], resourceIds: [GROUPS.finance] });
      assert.ok(finance.items.every((i) => i.entitlement_id === ENTITLEMENTS.financeMember));
      assert.equal(finance.items.length, 7);

      const guests = await scoped({ principals: 'guests' });
      assert.deepEqual(pairs(guests.items), [`${ENTITLEMENTS.financeMember} ${PEOPLE.gina} `]);
      const members = await scoped({ principals: 'members' });
      assert.ok(!members.items.some((i) => [PEOPLE.gina, ROBOT, GROUPS.financeLeads].includes(i.principal_id)));
      assert.ok(members.items.some((i) => i.principal_id === PEOPLE.alice));

      const privileged = await scoped({ kinds: ['directoryRoles'], privilegedRolesOnly: true });
      assert.deepEqual(pairs(privileged.items), [`${ENTITLEMENTS.globalAdministrator} ${PEOPLE.adam} `]);
      const roles = await scoped({ kinds: ['directoryRoles'] });
      assert.equal(roles.items.length, 2);

      const direct = await scoped({ assignment: 'direct' });
      assert.ok(direct.items.length > 0 && direct.items.every((i) => i.via_group_id === ''));
      const viaGroup = await scoped({ assignment: 'viaGroup' });
      assert.equal(viaGroup.items.length, 4);
      assert.ok(viaGroup.items.every((i) => i.via_group_id === GROUPS.financeLeads));
    });

    it('keeps only people with no sign-in for the given number of days', async () => {
      const { items } = await scoped({ noSignInForDays: 30 });
      const who = new Set(items.map((i) => i.principal_id));
      assert.deepEqual([...who].sort(), [PEOPLE.bob, PEOPLE.carl, PEOPLE.gina].sort());
    });

    it("gives each item to the resource's owners, never their own", async () => {
      const { items } = await stage({
        scope: { kinds: ['groupMembers', 'directoryRoles'] },
        reviewers: { kind: 'owners', fallbackIds: [PEOPLE.fay] },
      });
      const alice = find(items, ENTITLEMENTS.financeMember, PEOPLE.alice);
      assert.deepEqual(alice.reviewers, [{ id: PEOPLE.olga, kind: 'owner' }]);
      // Olga owns Finance and is in it: her membership goes to the fallback.
      const olga = find(items, ENTITLEMENTS.financeMember, PEOPLE.olga);
      assert.deepEqual(olga.reviewers, [{ id: PEOPLE.fay, kind: 'fallback' }]);
      // Roles have no owners.
      assert.deepEqual(find(items, ENTITLEMENTS.globalAdministrator, PEOPLE.adam).reviewers, [
        { id: PEOPLE.fay, kind: 'fallback' },
      ]);
      // Held via a group: for information, nobody decides it.
      assert.deepEqual(find(items, ENTITLEMENTS.financeMember, PEOPLE.carl, GROUPS.financeLeads).reviewers, []);
    });

    it("gives each item to the principal's manager, and the fallback when there is none", async () => {
      const { items } = await stage({ reviewers: { kind: 'manager', fallbackIds: [PEOPLE.fay] } });
      assert.deepEqual(find(items, ENTITLEMENTS.financeMember, PEOPLE.bob).reviewers, [
        { id: PEOPLE.mona, kind: 'manager' },
      ]);
      assert.deepEqual(find(items, ENTITLEMENTS.financeMember, PEOPLE.gina).reviewers, [
        { id: PEOPLE.fay, kind: 'fallback' },
      ]);
      assert.deepEqual(find(items, ENTITLEMENTS.financeMember, GROUPS.financeLeads).reviewers, [
        { id: PEOPLE.fay, kind: 'fallback' },
      ]);
    });

    it('gives each item to named people and the users in named groups, never their own', async () => {
      const { items } = await stage({
        scope: { kinds: ['groupMembers'] },
        reviewers: {
          kind: 'named',
          principalIds: [PEOPLE.adam],
          groupIds: [GROUPS.auditors],
          fallbackIds: [PEOPLE.fay],
        },
      });
      const alice = find(items, ENTITLEMENTS.financeMember, PEOPLE.alice);
      assert.deepEqual(reviewerIds(alice), [PEOPLE.adam, PEOPLE.nina].sort());
      assert.ok(alice.reviewers.every((r) => r.kind === 'named'));
      // Nina's own membership of Auditors is left to Adam; the robot in Auditors never reviews.
      assert.deepEqual(reviewerIds(find(items, ENTITLEMENTS.auditorsMember, PEOPLE.nina)), [PEOPLE.adam]);
      assert.ok(!items.some((i) => i.reviewers.some((r) => r.id === ROBOT)));
    });

    it('lets people review their own access in a self-review; the fallback takes what nobody can', async () => {
      const { items } = await stage({ reviewers: { kind: 'self', fallbackIds: [PEOPLE.fay] } });
      assert.deepEqual(find(items, ENTITLEMENTS.financeMember, PEOPLE.alice).reviewers, [
        { id: PEOPLE.alice, kind: 'self' },
      ]);
      // A disabled user, a service principal and a group cannot review themselves.
      for (const principal of [PEOPLE.dave, ROBOT, GROUPS.financeLeads]) {
        const item = items.find((i) => i.principal_id === principal && i.via_group_id === '');
        assert.deepEqual(item?.reviewers, [{ id: PEOPLE.fay, kind: 'fallback' }], principal);
      }
    });

    it('never names a disabled or unknown person as reviewer', async () => {
      const { items } = await stage({
        reviewers: { kind: 'named', principalIds: [PEOPLE.dave, 'not-in-the-directory'], fallbackIds: [PEOPLE.fay] },
      });
      assert.ok(items.length > 0);
      for (const item of items.filter((i) => i.applicability !== 'via_group' && i.principal_id !== PEOPLE.fay))
        assert.deepEqual(item.reviewers, [{ id: PEOPLE.fay, kind: 'fallback' }]);
    });

    it('recommends nothing from sign-ins when the tenant has no P1/P2, but still flags disabled accounts', async () => {
      const { items } = await stage({}, { signInKnown: false });
      const bob = find(items, ENTITLEMENTS.financeMember, PEOPLE.bob);
      assert.deepEqual(
        [bob.recommendation, bob.recommendation_reason],
        ['none', 'Sign-in activity unknown (the tenant has no Entra ID P1/P2)'],
      );
      assert.equal(find(items, ENTITLEMENTS.financeLeadsMember, PEOPLE.dave).recommendation, 'remove');
    });

    it("uses the campaign's own inactivity threshold", async () => {
      const { items } = await stage({ inactiveDays: 150 });
      const bob = find(items, ENTITLEMENTS.financeMember, PEOPLE.bob);
      assert.deepEqual([bob.recommendation, bob.recommendation_reason], ['keep', 'Signed in 120 days ago']);
    });

    it('stages once: a retry returns the same counts and changes nothing', async () => {
      const { id, items } = await scoped({});
      const campaign = await getCampaign(world.db, id);
      assert.equal(campaign?.status, 'in_review');
      assert.equal(campaign?.signInKnown, true);
      assert.ok(campaign?.stagedAt);
      assert.equal(campaign?.counts.items, 23);
      const again = await stageCampaign(world.db, id, { signInKnown: false, now: new Date() });
      assert.deepEqual(again, { items: 23, reviewers: 2, recommendedRemove: 9, notApplicable: 7 });
      assert.deepEqual(await itemsOf(world.db, id), items);
      const audits = await world.db
        .selectFrom('audit_log')
        .select('detail')
        .where('subject', '=', `review:${id}`)
        .where('action', '=', 'review.staged')
        .execute();
      assert.equal(audits.length, 1);
      assert.equal((audits[0]!.detail as { items: number }).items, 23);
    });

    it('numbers items in a stable order: the same directory stages the same ids', async () => {
      const first = await scoped({});
      const second = await scoped({});
      assert.deepEqual(
        first.items.map((i) => [i.id, pairs([i])[0]]),
        second.items.map((i) => [i.id, pairs([i])[0]]),
      );
      assert.deepEqual(
        first.items.map((i) => i.id),
        first.items.map((_, n) => String(n + 1)),
      );
    });

    it('emails each reviewer a notice once, with what they have to decide', async () => {
      const id = await stagedCampaign(world.db, world, { scope: { kinds: ['groupMembers'] } });
      const start = await reviewersToNotify(world.db, id, 'start', { onlyUndecided: false });
      const mona = start.find((r) => r.reviewerId === PEOPLE.mona);
      assert.deepEqual(mona, {
        reviewerId: PEOPLE.mona,
        name: DISPLAY_NAMES.mona,
        address: 'mona@contoso.test',
        assigned: 7,
        undecided: 7,
      });
      await markNotified(world.db, id, 'start', [PEOPLE.mona, PEOPLE.mona]);
      const left = await reviewersToNotify(world.db, id, 'start', { onlyUndecided: false });
      assert.deepEqual(
        left.map((r) => r.reviewerId),
        start.map((r) => r.reviewerId).filter((r) => r !== PEOPLE.mona),
      );
      // A reminder skips reviewers with nothing left to decide.
      await sql`update review_items set decision = 'keep' where campaign_id = ${id} and id in
        (select item_id from review_assignments where campaign_id = ${id} and reviewer_id = ${PEOPLE.fay})`.execute(
        world.db,
      );
      const reminder = await reviewersToNotify(world.db, id, 'reminder:1', { onlyUndecided: true });
      assert.ok(reminder.some((r) => r.reviewerId === PEOPLE.mona));
      assert.ok(!reminder.some((r) => r.reviewerId === PEOPLE.fay));
    });
  });

  describe(`reviewers who leave, and sign-in activity, on ${backend.name}`, { skip: backend.skip }, () => {
    let world: ReviewWorld;
    before(async () => {
      world = await openReviewWorld({ backend: backend.name });
    });
    after(async () => {
      await world?.close();
    });

    it("moves a departed reviewer's undecided items to the fallback, and keeps who could decide the rest", async () => {
      const id = await stagedCampaign(world.db, world, { scope: { kinds: ['groupMembers'] } });
      const before = await itemsOf(world.db, id);
      const monas = before.filter((i) => i.reviewers.some((r) => r.id === PEOPLE.mona));
      assert.equal(monas.length, 7);
      const decided = monas[0]!;
      await sql`update review_items set decision = 'keep' where campaign_id = ${id} and id = ${decided.id}`.execute(
        world.db,
      );
      assert.deepEqual(await reassignDepartedReviewers(world.db, id), { reassigned: 0 });
      await sql`update principals set account_enabled = false where connector_id = ${world.connectorId}
        and id = ${PEOPLE.mona}`.execute(world.db);
      assert.deepEqual(await reassignDepartedReviewers(world.db, id), { reassigned: 1 });
      const after = await itemsOf(world.db, id);
      for (const item of monas) {
        const now = after.find((i) => i.id === item.id)!;
        if (item.id === decided.id) assert.deepEqual(now.reviewers, [{ id: PEOPLE.mona, kind: 'manager' }]);
        else assert.deepEqual(now.reviewers, [{ id: PEOPLE.fay, kind: 'fallback' }]);
      }
      const audit = await world.db
        .selectFrom('audit_log')
        .select(['actor', 'detail'])
        .where('subject', '=', `review:${id}`)
        .where('action', '=', 'review.reassigned')
        .execute();
      assert.deepEqual(
        audit.map((a) => [a.actor, (a.detail as { reviewer: string }).reviewer, (a.detail as { count: number }).count]),
        [['lantern', PEOPLE.mona, 6]],
      );
      assert.deepEqual(await reassignDepartedReviewers(world.db, id), { reassigned: 0 });
      // Departed people are not emailed.
      const notify = await reviewersToNotify(world.db, id, 'start', { onlyUndecided: false });
      assert.ok(!notify.some((r) => r.reviewerId === PEOPLE.mona));
    });

    it('reassigns the items of a reviewer deleted from Entra, but never gives the fallback their own', async () => {
      const id = await stagedCampaign(world.db, world, {
        scope: { kinds: ['groupMembers'], resourceIds: [GROUPS.auditors] },
        reviewers: { kind: 'named', principalIds: [PEOPLE.fay], fallbackIds: [PEOPLE.nina] },
      });
      const before = await itemsOf(world.db, id);
      assert.deepEqual(
        before.map((i) => [i.principal_id, reviewerIds(i)]),
        [
          [PEOPLE.nina, [PEOPLE.fay]],
          [ROBOT, [PEOPLE.fay]],
        ],
      );
      await deletePrincipals(world.db, { connectorId: world.connectorId, ids: [PEOPLE.fay] });
      assert.deepEqual(await reassignDepartedReviewers(world.db, id), { reassigned: 1 });
      const after = await itemsOf(world.db, id);
      assert.deepEqual(
        after.map((i) => [i.principal_id, reviewerIds(i)]),
        [
          [PEOPLE.nina, []],
          [ROBOT, [PEOPLE.nina]],
        ],
      );
    });

    it('records last sign-ins read from Graph, including "never"', async () => {
      const at = '2026-01-02T03:04:05.000Z';
      await recordSignInActivity(world.db, world.connectorId, [
        { id: PEOPLE.carl, lastSignInAt: at },
        { id: PEOPLE.alice, lastSignInAt: null },
        { id: 'not-in-the-directory', lastSignInAt: at },
      ]);
      await recordSignInActivity(world.db, world.connectorId, [{ id: PEOPLE.carl, lastSignInAt: at }]);
      const rows = await world.db
        .selectFrom('principals')
        .select(['id', 'last_sign_in_at'])
        .where('connector_id', '=', world.connectorId)
        .where('id', 'in', [PEOPLE.carl, PEOPLE.alice])
        .execute();
      const byId = new Map(rows.map((r) => [r.id, r.last_sign_in_at?.toISOString() ?? null]));
      assert.equal(byId.get(PEOPLE.carl), at);
      assert.equal(byId.get(PEOPLE.alice), null);
    });
  });
}
