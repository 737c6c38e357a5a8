import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  entitlementId,
  entitlementIds,
  parseEntitlementId,
  type GrantableEntitlement,
} from '../../domain/entitlement-id.js';

test('every grantable entitlement survives building its id and parsing it back', () => {
  const grantable: GrantableEntitlement[] = [
    { kind: 'groupMember', groupId: 'g1' },
    { kind: 'groupOwner', groupId: 'g1' },
    { kind: 'appRole', servicePrincipalId: 'sp1', appRoleId: 'r1' },
    { kind: 'roleMember', roleTemplateId: '62e90394-69f5-4237-9190-012177145e10' },
  ];
  for (const e of grantable) assert.deepEqual(parseEntitlementId(entitlementId(e)), e);
});

test('the kind builders write the grammar the catalog stores', () => {
  assert.equal(entitlementIds.groupMember('g1'), 'group:g1:member');
  assert.equal(entitlementIds.groupOwner('g1'), 'group:g1:owner');
  assert.equal(entitlementIds.appRole('sp1', 'r1'), 'app:sp1:role:r1');
  assert.equal(entitlementIds.appOwner('sp1'), 'app:sp1:owner');
  assert.equal(entitlementIds.roleMember('t1'), 'role:t1:member');
});

test('app ownership and unknown ids are not grantable', () => {
  assert.equal(parseEntitlementId(entitlementIds.appOwner('sp1')), null);
  for (const id of [
    '',
    'group:g1',
    'group:g1:guest',
    'app:sp1:role',
    'role:t1:owner',
    'user:u1:member',
    'group::member',
  ]) {
    assert.equal(parseEntitlementId(id), null, id);
  }
});
