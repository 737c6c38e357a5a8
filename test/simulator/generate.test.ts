// The tenant generator: deterministic from the seed, sized as documented, and shaped like a real directory
// (guests, disabled users, every group kind, nesting with a cycle, Global Administrators, consent).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateTenant, planTenants, type TenantPlan } from '../../simulator/model/generate.js';
import { SIZE_PROFILES } from '../../simulator/model/profiles.js';
import { isAdminConsented } from '../../simulator/model/consent.js';
import { exportLines, counts } from '../../simulator/control/ground-truth.js';
import type { AppRegistration } from '../../simulator/model/store.js';
import type { TenantSize } from '../../simulator/model/types.js';
import { ROLE_TEMPLATES, MICROSOFT_GRAPH_APP_ID } from '../../simulator/model/well-known.js';
import {
  LANTERN_ADMIN_APP_ROLE,
  LANTERN_READ_ONLY_APP_ROLES,
  LANTERN_REQUIRED_APP_ROLES,
} from '../../simulator/model/lantern-app.js';

const ANCHOR = Date.UTC(2026, 0, 15, 12);
const app: AppRegistration = {
  appId: '0d1e2f3a-0000-4000-8000-00000000aaaa',
  displayName: 'Lantern',
  clientSecret: 'x',
  certificatePem: '',
  privateKeyPem: '',
  certificateThumbprint: '',
  redirectUris: [],
  requiredAppRoles: LANTERN_REQUIRED_APP_ROLES,
  publisherDomain: 'lantern.example',
  homeTenantId: '72f988bf-0000-4000-8000-00000000a11c',
};
const plan = (size: TenantSize, adminConsented = true, index = 0): TenantPlan => ({
  index,
  size,
  licence: 'P2',
  adminConsented,
  home: false,
});
const generate = (seed: number, p: TenantPlan) =>
  generateTenant({ seed, plan: p, app, anchor: ANCHOR, now: () => ANCHOR });
const snapshot = (seed: number, p: TenantPlan) => [...exportLines(generate(seed, p).tenant)].join('');

describe('tenant generator', () => {
  it('builds the same tenant, object ids included, from the same seed', () => {
    assert.equal(snapshot(7, plan('M')), snapshot(7, plan('M')));
  });

  it('builds a different tenant from a different seed', () => {
    const a = generate(7, plan('S')).tenant;
    const b = generate(8, plan('S')).tenant;
    assert.notEqual(a.id, b.id);
    assert.notDeepEqual([...a.users.keys()], [...b.users.keys()]);
  });

  for (const size of ['S', 'M', 'L'] as const) {
    it(`sizes a ${size} tenant as documented`, () => {
      const c = counts(generate(3, plan(size)).tenant);
      const profile = SIZE_PROFILES[size];
      assert.equal(c.users, profile.users);
      assert.equal(c.groups, Math.max(profile.groups, 10));
      assert.ok(
        c.memberships >= profile.memberships * 0.8 && c.memberships <= profile.memberships * 1.3,
        `memberships ${c.memberships}`,
      );
      const expectedSps = 12 + profile.enterpriseApps + profile.managedIdentities + profile.consentApps + 1; // + Lantern
      assert.equal(c.servicePrincipals, expectedSps);
      assert.equal(c.directoryRoles, profile.activatedRoles);
      assert.equal(c.synchronizationJobs, profile.scimApps);
    });
  }

  it('sizes an L tenant near 5,000 users, 500 groups, 50k memberships and 200 service principals', () => {
    const c = counts(generate(3, plan('L')).tenant);
    assert.deepEqual([c.users, c.groups], [5_000, 500]);
    assert.ok(c.servicePrincipals >= 190 && c.servicePrincipals <= 210, String(c.servicePrincipals));
  });

  it('includes guests, disabled users, every group kind, a membership cycle and skewed group sizes', () => {
    const { tenant } = generate(5, plan('M'));
    const users = [...tenant.users.values()];
    assert.ok(users.some((u) => u.userType === 'Guest' && u.userPrincipalName.includes('#EXT#')));
    assert.ok(users.some((u) => !u.accountEnabled));
    const groups = [...tenant.groups.values()];
    assert.ok(
      groups.some((g) => g.groupTypes.includes('Unified') && g.mailEnabled && !g.securityEnabled),
      'Microsoft 365',
    );
    assert.ok(
      groups.some((g) => g.groupTypes.includes('DynamicMembership') && g.membershipRule),
      'dynamic',
    );
    assert.ok(
      groups.some((g) => g.onPremisesSyncEnabled === true),
      'on-premises synced',
    );
    assert.ok(
      groups.some((g) => g.isAssignableToRole === true),
      'role-assignable',
    );
    assert.ok(
      groups.some((g) => g.mailEnabled && g.securityEnabled),
      'mail-enabled security',
    );
    const cycle = groups.some((g) =>
      [...(tenant.groupMembers.get(g.id) ?? [])].some((m) => tenant.groupMembers.get(m)?.has(g.id)),
    );
    assert.ok(cycle, 'two groups contain each other');
    const sizes = groups.map((g) => tenant.groupMembers.get(g.id)?.size ?? 0).sort((a, b) => b - a);
    assert.ok(sizes[0]! >= users.length * 0.5, 'a huge group');
    assert.ok(sizes[Math.floor(sizes.length / 2)]! < users.length * 0.1, 'most groups are small');
  });

  it('computes dynamic group members from their rule', () => {
    const { tenant } = generate(5, plan('M'));
    const dept = [...tenant.groups.values()].find((g) => g.membershipRule?.includes('user.department'))!;
    const department = /"(.+)"/.exec(dept.membershipRule!)![1];
    const expected = [...tenant.users.values()]
      .filter((u) => u.department === department)
      .map((u) => u.id)
      .sort();
    assert.deepEqual([...tenant.groupMembers.get(dept.id)!].sort(), expected);
  });

  it('has at least two Global Administrators, including the demo admin, who can sign in', () => {
    const { tenant, demo } = generate(5, plan('S'));
    const admins = tenant.directoryRoleMembers(ROLE_TEMPLATES.globalAdministrator.id);
    assert.ok(admins.length >= 2);
    assert.ok(admins.includes(demo.globalAdmin.id));
    assert.equal(tenant.passwords.get(demo.globalAdmin.id), demo.globalAdmin.password);
    assert.ok(!admins.includes(demo.user.id), 'the demo user is not an administrator');
  });

  it('consents Lantern only when planned: its service principal holds the required Graph app roles', () => {
    const consented = generate(5, plan('S', true)).tenant;
    const pending = generate(5, plan('S', false)).tenant;
    assert.equal(isAdminConsented(consented, app), true);
    assert.equal(isAdminConsented(pending, app), false);
    const sp = [...consented.servicePrincipals.values()].find((s) => s.appId === app.appId)!;
    const graph = [...consented.servicePrincipals.values()].find((s) => s.appId === MICROSOFT_GRAPH_APP_ID)!;
    const granted = [...consented.appRoleAssignments.values()]
      .filter((a) => a.principalId === sp.id && a.resourceId === graph.id)
      .map((a) => graph.appRoles.find((r) => r.id === a.appRoleId)?.value)
      .sort();
    assert.deepEqual(granted, [...LANTERN_REQUIRED_APP_ROLES].sort());
  });

  it('plans tenant 1 as P2 and unconsented by default, the others consented with varying licences', () => {
    const plans = planTenants({ sizes: ['M'], count: 3 });
    assert.deepEqual(
      plans.map((p) => [p.size, p.licence, p.adminConsented]),
      [
        ['M', 'P2', false],
        ['S', 'P1', true],
        ['S', 'free', true],
      ],
    );
    assert.ok(planTenants({ sizes: ['S'], count: 2, preConsent: true }).every((p) => p.adminConsented));
  });

  it('plans the first consented tenant as the home tenant, or the first when none is consented', () => {
    assert.deepEqual(
      planTenants({ sizes: ['S'], count: 3 }).map((p) => p.home),
      [false, true, false],
    );
    assert.deepEqual(
      planTenants({ sizes: ['S'], count: 2, preConsent: false }).map((p) => p.home),
      [true, false],
    );
  });

  it('finds demo people in every seed: a requester whose manager is the approver, an admin, an accepted guest', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { tenant, demo, people } = generate(seed, plan('S'));
      const { lanternAdmin, approver, requester, guest } = people;
      assert.equal(tenant.managers.get(requester.objectId), approver.objectId, `seed ${seed}`);
      const reserved = [demo.globalAdmin.id, demo.user.id, demo.breakGlass.id];
      for (const p of [lanternAdmin, approver, requester]) {
        const user = tenant.users.get(p.objectId)!;
        assert.ok(user.accountEnabled && user.userType === 'Member', `seed ${seed}: ${p.upn}`);
        assert.ok(!reserved.includes(p.objectId), `seed ${seed}: a demo account reused`);
      }
      const g = tenant.users.get(guest.objectId)!;
      assert.deepEqual(
        [g.userType, g.accountEnabled, g.externalUserState],
        ['Guest', true, 'Accepted'],
        `seed ${seed}`,
      );
      assert.equal(tenant.passwords.get(guest.objectId), guest.password);
      assert.equal(counts(tenant).users, SIZE_PROFILES.S.users);
    }
  });

  it('consents the read-write app beside the sign-in app, and assigns Lantern.Admin in the home tenant', () => {
    const readOnly = { ...app, requiredAppRoles: LANTERN_READ_ONLY_APP_ROLES, appRoles: [LANTERN_ADMIN_APP_ROLE] };
    const readWrite = { ...app, appId: '0d1e2f3a-0000-4000-8000-00000000bbbb', displayName: 'Lantern (read-write)' };
    const { tenant, people } = generateTenant({
      seed: 5,
      plan: { ...plan('S'), home: true },
      app: readOnly,
      appReadWrite: readWrite,
      anchor: ANCHOR,
      now: () => ANCHOR,
    });
    assert.equal(isAdminConsented(tenant, readOnly), true);
    assert.equal(isAdminConsented(tenant, readWrite), true);
    const sp = [...tenant.servicePrincipals.values()].find((s) => s.appId === readOnly.appId)!;
    assert.deepEqual(
      sp.appRoles.map((r) => r.value),
      ['Lantern.Admin'],
    );
    const admins = [...tenant.appRoleAssignments.values()].filter(
      (a) => a.resourceId === sp.id && a.appRoleId === LANTERN_ADMIN_APP_ROLE.id,
    );
    assert.deepEqual(
      admins.map((a) => a.principalId),
      [people.lanternAdmin.objectId],
    );
    // The sign-in app's ids do not depend on whether a read-write app exists.
    const alone = generateTenant({
      seed: 5,
      plan: { ...plan('S'), home: true },
      app: readOnly,
      anchor: ANCHOR,
      now: () => ANCHOR,
    });
    assert.equal([...alone.tenant.servicePrincipals.values()].find((s) => s.appId === readOnly.appId)!.id, sp.id);
  });

  it('keeps sign-in logs only for premium tenants, newest first', () => {
    const premium = generate(5, plan('S')).tenant;
    const free = generateTenant({
      seed: 5,
      plan: { ...plan('S'), licence: 'free' },
      app,
      anchor: ANCHOR,
      now: () => ANCHOR,
    }).tenant;
    assert.equal(free.signIns.length, 0);
    const times = premium.signIns.map((s) => s.createdDateTime);
    assert.ok(times.length > 0);
    assert.deepEqual(times, [...times].sort().reverse());
  });

  it('starts with an empty change log: the generated directory is the delta baseline', () => {
    assert.equal(generate(5, plan('S')).tenant.changes.length, 0);
  });
});
