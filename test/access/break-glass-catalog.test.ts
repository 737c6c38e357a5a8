// Break-glass at the catalog level, on PGlite and PostgreSQL: a scope naming principals (and entitlements) stages
// exactly those grants, the break-glass scope of each entitlement kind holds just its pair held directly, the
// campaign is created and audited once however often it is opened, and who Lantern knows as admins.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import {
  BREAK_GLASS_OPENED,
  breakGlassCampaignId,
  breakGlassScope,
  grantsInScope,
  openBreakGlassCampaign,
} from '../../catalog/reviews/break-glass.js';
import type { CatalogDb } from '../../catalog/directory/writes/sql.js';
import type { ReviewScope } from '../../domain/reviews.js';
import { ADMIN_APP_ROLE, knownAdmins } from '../../catalog/people/admins.js';
import { createSession } from '../../catalog/people/sessions.js';
import {
  ENTITLEMENTS,
  GROUPS,
  PEOPLE,
  REVIEW_BACKENDS,
  openReviewWorld,
  reviewDefinition,
  stagedCampaign,
  type ReviewWorld,
} from '../reviews/review-world.js';

async function pairsOf(db: CatalogDb, campaignId: string): Promise<string[]> {
  const { rows } = await sql<{ pair: string }>`
    select entitlement_id || ' ' || principal_id || ' ' || via_group_id as pair from review_items
    where campaign_id = ${campaignId} order by id`.execute(db);
  return rows.map((r) => r.pair.trim());
}

for (const backend of REVIEW_BACKENDS)
  describe(`break-glass in the catalog on ${backend.name}`, { skip: backend.skip }, () => {
    let world: ReviewWorld;
    before(async () => {
      world = await openReviewWorld({ backend: backend.name });
    });
    after(async () => {
      await world?.close();
    });

    const stage = async (scope: ReviewScope) => pairsOf(world.db, await stagedCampaign(world.db, world, { scope }));

    it('stages only the principals a scope names', async () => {
      const everyone = await stage({ kinds: ['groupMembers'], resourceIds: [GROUPS.finance] });
      assert.ok(everyone.length > 2, 'Finance has several members');
      const two = await stage({
        kinds: ['groupMembers'],
        resourceIds: [GROUPS.finance],
        principalIds: [PEOPLE.alice, PEOPLE.bob],
      });
      assert.deepEqual(two.sort(), [
        `${ENTITLEMENTS.financeMember} ${PEOPLE.alice}`,
        `${ENTITLEMENTS.financeMember} ${PEOPLE.bob}`,
      ]);
      // An empty list is no filter, like resourceIds.
      assert.deepEqual(
        await stage({ kinds: ['groupMembers'], resourceIds: [GROUPS.finance], principalIds: [] }),
        everyone,
      );
    });

    it('stages only the entitlements a scope names, of the resources named', async () => {
      const kinds: ReviewScope['kinds'] = ['groupMembers', 'groupOwners', 'appRoleAssignments', 'directoryRoles'];
      const alice = await stage({ kinds, principalIds: [PEOPLE.alice] });
      assert.ok(alice.length >= 4, `alice holds several entitlements: ${alice.join(', ')}`);
      assert.deepEqual(
        await stage({ kinds, principalIds: [PEOPLE.alice], entitlementIds: [ENTITLEMENTS.payrollAdmin] }),
        [`${ENTITLEMENTS.payrollAdmin} ${PEOPLE.alice}`],
      );
    });

    it('holds exactly the pair, for every kind of entitlement Lantern grants', async () => {
      const cases = [
        [ENTITLEMENTS.financeMember, PEOPLE.alice],
        [ENTITLEMENTS.financeOwner, PEOPLE.olga],
        [ENTITLEMENTS.payrollAdmin, PEOPLE.alice],
        [ENTITLEMENTS.helpdeskAdministrator, PEOPLE.alice],
        [ENTITLEMENTS.globalAdministrator, PEOPLE.adam],
      ] as const;
      for (const [entitlementId, principalId] of cases) {
        const scope = breakGlassScope({ entitlementId, principalId })!;
        assert.deepEqual(await stage(scope), [`${entitlementId} ${principalId}`], entitlementId);
        assert.equal(await grantsInScope(world.db, world.connectorId, scope, world.now), 1, entitlementId);
      }
    });

    it('leaves out access held through a group, and counts nothing when the pair is gone', async () => {
      // carl is in Finance only through Finance Leads: break-glass never added that.
      const viaGroup = breakGlassScope({ entitlementId: ENTITLEMENTS.financeMember, principalId: PEOPLE.carl })!;
      assert.deepEqual(await stage(viaGroup), []);
      assert.equal(await grantsInScope(world.db, world.connectorId, viaGroup, world.now), 0);
      assert.equal(breakGlassScope({ entitlementId: ENTITLEMENTS.payrollOwner, principalId: PEOPLE.olga }), null);
    });

    it('creates the campaign and its audit row once, however often it is opened', async () => {
      const grant = `grant:${world.connectorId}:${ENTITLEMENTS.financeMember}:${PEOPLE.alice}`;
      const requestId = randomUUID();
      const id = breakGlassCampaignId(grant, requestId);
      assert.equal(breakGlassCampaignId(grant, requestId), id);
      assert.notEqual(breakGlassCampaignId(grant, randomUUID()), id, 'a later break-glass gets its own review');
      const open = (startedAt: Date) =>
        openBreakGlassCampaign(world.db, {
          id,
          workflowId: `review:${id}`,
          grantWorkflowId: grant,
          definition: reviewDefinition(world.connectorId, {
            name: 'Break-glass: Member of Finance for alice@contoso.test',
            scope: breakGlassScope({ entitlementId: ENTITLEMENTS.financeMember, principalId: PEOPLE.alice })!,
            durationSeconds: 3600,
          }),
          startedAt,
          dueAt: new Date(startedAt.getTime() + 3_600_000),
        });
      const first = await open(new Date('2030-01-01T00:00:00Z'));
      const again = await Promise.all([open(new Date('2030-01-01T00:05:00Z')), open(new Date('2030-01-01T00:06:00Z'))]);
      for (const c of again) assert.deepEqual([c.id, c.dueAt, c.ownerId], [first.id, first.dueAt, 'break-glass']);
      assert.equal(first.dueAt, '2030-01-01T01:00:00.000Z');
      const audit = await world.db
        .selectFrom('audit_log')
        .select(['subject', 'detail'])
        .where('action', '=', BREAK_GLASS_OPENED)
        .where('subject', '=', grant)
        .execute();
      assert.equal(audit.length, 1);
      assert.deepEqual(
        { campaignId: audit[0]!.detail.campaignId, grant: audit[0]!.detail.grant },
        { campaignId: id, grant },
      );
    });

    it('knows admins from the admin groups at any depth and from live home-tenant admin sessions', async () => {
      const home = randomUUID();
      const session = (objectId: string, p: { tenantId?: string; appRoles?: string[]; minutes?: number } = {}) =>
        createSession(
          world.db,
          {
            objectId,
            tenantId: p.tenantId ?? home,
            upn: `${objectId}@home.example`,
            displayName: 'Someone',
            appRoles: p.appRoles ?? [ADMIN_APP_ROLE],
          },
          { idleMinutes: 5, maxMinutes: p.minutes ?? 60 },
          new Date(Date.now() - 30 * 60_000),
        );
      const boss = randomUUID();
      await session(boss);
      await session(PEOPLE.fay); // listed by the directory too: her catalog address, once
      await session(randomUUID(), { minutes: 10 }); // expired
      await session(randomUUID(), { appRoles: [] }); // not an admin
      await session(randomUUID(), { tenantId: randomUUID() }); // app roles count only in the home tenant
      const admins = await knownAdmins(world.db, { adminGroupIds: [GROUPS.finance], homeTenantId: home });
      // Finance: alice, bob, gina, olga directly, carl through Finance Leads (dave is disabled, the group is no person).
      const fromGroup = [PEOPLE.alice, PEOPLE.bob, PEOPLE.carl, PEOPLE.gina, PEOPLE.olga];
      assert.deepEqual(admins.map((a) => a.id).sort(), [...fromGroup, PEOPLE.fay, boss].sort());
      assert.deepEqual(
        admins.find((a) => a.id === boss),
        { id: boss, address: `${boss}@home.example`, connectorId: null },
      );
      assert.deepEqual(
        admins.find((a) => a.id === PEOPLE.alice),
        {
          id: PEOPLE.alice,
          address: 'alice@contoso.test',
          connectorId: world.connectorId,
        },
      );
      assert.deepEqual(await knownAdmins(world.db, { adminGroupIds: [] }), [], 'nothing configured: nobody known');
    });
  });
