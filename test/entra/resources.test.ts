import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupEntitlements, groupToResource, immutableReasonOf } from '../../entra/resources/groups.js';
import {
  appOriginOf,
  applicationEntitlements,
  isManagedIdentity,
  servicePrincipalToResource,
  DEFAULT_ACCESS_ROLE_ID,
} from '../../entra/resources/applications.js';
import { userToPrincipal } from '../../entra/resources/users.js';
import { expandGroupGrants, transitiveMembers, type MemberEdge } from '../../entra/resources/nested-groups.js';
import type { GrantRow } from '../../entra/resources/rows.js';

const TENANT = '11111111-1111-1111-1111-111111111111';

test('dynamic, on-premises and Exchange-mastered groups are immutable; security and Microsoft 365 groups are not', () => {
  assert.equal(
    immutableReasonOf({ id: 'g', groupTypes: ['DynamicMembership'], securityEnabled: true }),
    'dynamic membership',
  );
  assert.equal(immutableReasonOf({ id: 'g', onPremisesSyncEnabled: true }), 'synchronised from on-premises');
  assert.equal(
    immutableReasonOf({ id: 'g', mailEnabled: true, securityEnabled: true, groupTypes: [] }),
    'mail-enabled security group (Exchange)',
  );
  assert.equal(
    immutableReasonOf({ id: 'g', mailEnabled: true, securityEnabled: false, groupTypes: [] }),
    'distribution list (Exchange)',
  );
  assert.equal(immutableReasonOf({ id: 'g', mailEnabled: true, groupTypes: ['Unified'] }), null);
  assert.equal(immutableReasonOf({ id: 'g', securityEnabled: true, groupTypes: [] }), null);
});

test('a dynamic group offers an immutable member entitlement but a changeable owner entitlement', () => {
  const resource = groupToResource({ id: 'g1', displayName: 'All staff', groupTypes: ['DynamicMembership'] });
  const [member, owner] = groupEntitlements(resource);
  assert.deepEqual(
    [member?.id, member?.immutable, owner?.id, owner?.immutable],
    ['group:g1:member', true, 'group:g1:owner', false],
  );
});

test('service principals are marked own-tenant, Microsoft first-party or third-party', () => {
  assert.equal(appOriginOf({ id: 's', appOwnerOrganizationId: TENANT }, TENANT), 'ownTenant');
  assert.equal(
    appOriginOf({ id: 's', appOwnerOrganizationId: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a' }, TENANT),
    'microsoft',
  );
  assert.equal(
    appOriginOf({ id: 's', appOwnerOrganizationId: '22222222-2222-2222-2222-222222222222' }, TENANT),
    'thirdParty',
  );
  assert.equal(isManagedIdentity({ id: 's', servicePrincipalType: 'ManagedIdentity' }), true);
});

test('an app offers its user-assignable roles, or default access when it defines none, plus ownership', () => {
  const app = servicePrincipalToResource({ id: 'sp1', displayName: 'Payroll' }, TENANT);
  const withRoles = applicationEntitlements(app, [
    { id: 'r1', displayName: 'Admin', allowedMemberTypes: ['User'], isEnabled: true },
    { id: 'r2', displayName: 'Daemon', allowedMemberTypes: ['Application'], isEnabled: true },
    { id: 'r3', displayName: 'Old', allowedMemberTypes: ['User'], isEnabled: false },
  ]);
  assert.deepEqual(
    withRoles.map((e) => e.id),
    ['app:sp1:role:r1', 'app:sp1:owner'],
  );
  assert.deepEqual(
    applicationEntitlements(app, []).map((e) => e.appRoleId),
    [DEFAULT_ACCESS_ROLE_ID, null],
  );
});

test('users map to principals with guests and disabled accounts preserved', () => {
  const p = userToPrincipal({
    id: 'u1',
    displayName: 'Ada',
    userPrincipalName: 'ada_x#EXT#@t.onmicrosoft.com',
    userType: 'Guest',
    accountEnabled: false,
  });
  assert.deepEqual([p.kind, p.userType, p.accountEnabled], ['user', 'Guest', false]);
});

test('nested group membership is expanded through every level and survives cycles', () => {
  const edges: Record<string, MemberEdge[]> = {
    A: [
      { memberId: 'u1', kind: 'user' },
      { memberId: 'B', kind: 'group' },
    ],
    B: [
      { memberId: 'u2', kind: 'user' },
      { memberId: 'A', kind: 'group' },
      { memberId: 'mi1', kind: 'managedIdentity' },
    ],
  };
  const members = transitiveMembers('A', (g) => edges[g] ?? []);
  assert.deepEqual(members.map((m) => m.memberId).sort(), ['mi1', 'u1', 'u2']);
});

test('principals inside a group inherit its grants "via" that group; direct user grants are not re-expanded', () => {
  const edges: Record<string, MemberEdge[]> = {
    G: [
      { memberId: 'u1', kind: 'user' },
      { memberId: 'H', kind: 'group' },
    ],
    H: [{ memberId: 'u2', kind: 'user' }],
  };
  const direct: GrantRow[] = [
    { entitlementId: 'app:s:role:r', principalId: 'G', principalKind: 'group', viaGroupId: null, sourceId: 'a1' },
    { entitlementId: 'app:s:role:r', principalId: 'u9', principalKind: 'user', viaGroupId: null, sourceId: 'a2' },
  ];
  const inherited = expandGroupGrants(direct, (g) => edges[g] ?? []);
  assert.deepEqual(inherited.map((g) => `${g.principalId} via ${g.viaGroupId}`).sort(), ['u1 via G', 'u2 via G']);
});
