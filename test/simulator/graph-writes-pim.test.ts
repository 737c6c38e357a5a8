// PIM schedule requests for roles and groups: P2 gate, Provisioned responses, duplicates, and expiry on the
// simulated clock (the membership disappears and the change log records it).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GraphError } from '../../simulator/graph/errors.js';
import { createGroupScheduleRequest } from '../../simulator/graph/pim/group-requests.js';
import { createRoleScheduleRequest } from '../../simulator/graph/pim/role-requests.js';
import { durationMs } from '../../simulator/graph/pim/schedule-info.js';
import { expireDueAssignments } from '../../simulator/graph/pim/schedules.js';
import { ROLE_TEMPLATES } from '../../simulator/model/well-known.js';
import { buildFixture, caller } from './graph-writes-fixture.js';

const admin = caller(
  'RoleAssignmentSchedule.ReadWrite.Directory',
  'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup',
);
const HOUR = 3_600_000;

function groupAssign(groupId: string, principalId: string, duration = 'PT2H') {
  return {
    accessId: 'member',
    principalId,
    groupId,
    action: 'adminAssign',
    justification: 'Assign active member access.',
    scheduleInfo: { startDateTime: '2025-01-01T00:00:00Z', expiration: { type: 'AfterDuration', duration } },
  };
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof GraphError) return `${err.status} ${err.code}`;
    throw err;
  }
  return 'no error';
}

describe('PIM for groups', () => {
  it('makes a time-boxed member, Provisioned, with a groupId_member_ target schedule id', () => {
    const f = buildFixture();
    const res = createGroupScheduleRequest(f.tenant, admin, f.clock.now, groupAssign(f.groups.security, f.users[1]));
    assert.equal(res.status, 'Provisioned');
    assert.match(String(res.targetScheduleId), new RegExp(`^${f.groups.security}_member_[0-9a-f-]{36}$`));
    assert.deepEqual((res.scheduleInfo as { expiration: unknown }).expiration, {
      type: 'afterDuration',
      duration: 'PT2H',
      endDateTime: null,
    });
    assert.ok(f.tenant.groupMembers.get(f.groups.security)?.has(f.users[1]));
  });

  it('removes the membership once the simulated clock passes the expiry, and logs the removal', () => {
    const f = buildFixture();
    createGroupScheduleRequest(f.tenant, admin, f.clock.now, groupAssign(f.groups.security, f.users[1]));
    assert.equal(expireDueAssignments(f.tenant, f.clock.now + HOUR), 0);
    f.clock.now += 2 * HOUR;
    assert.equal(expireDueAssignments(f.tenant, f.clock.now), 1);
    assert.equal(f.tenant.groupMembers.get(f.groups.security)?.has(f.users[1]), false);
    assert.deepEqual(f.tenant.changes.at(-1)?.memberChanges, [{ memberId: f.users[1], kind: 'user', removed: true }]);
  });

  it('refuses a second assignment with RoleAssignmentExists, and adminRemove of nothing with RoleAssignmentDoesNotExist', () => {
    const f = buildFixture();
    createGroupScheduleRequest(f.tenant, admin, f.clock.now, groupAssign(f.groups.security, f.users[1]));
    assert.equal(
      code(() => createGroupScheduleRequest(f.tenant, admin, f.clock.now, groupAssign(f.groups.security, f.users[1]))),
      '400 RoleAssignmentExists',
    );
    const remove = { accessId: 'member', principalId: f.users[2], groupId: f.groups.security, action: 'adminRemove' };
    assert.equal(
      code(() => createGroupScheduleRequest(f.tenant, admin, f.clock.now, remove)),
      '400 RoleAssignmentDoesNotExist',
    );
  });

  it('revokes early with adminRemove', () => {
    const f = buildFixture();
    createGroupScheduleRequest(f.tenant, admin, f.clock.now, groupAssign(f.groups.security, f.users[1]));
    const res = createGroupScheduleRequest(f.tenant, admin, f.clock.now, {
      accessId: 'member',
      principalId: f.users[1],
      groupId: f.groups.security,
      action: 'adminRemove',
    });
    assert.equal(res.status, 'Revoked');
    assert.equal(f.tenant.groupMembers.get(f.groups.security)?.has(f.users[1]), false);
  });

  it('is refused in a tenant without P2', () => {
    const f = buildFixture('P1');
    assert.equal(
      code(() => createGroupScheduleRequest(f.tenant, admin, f.clock.now, groupAssign(f.groups.security, f.users[1]))),
      '400 AadPremiumLicenseRequired',
    );
  });
});

describe('PIM for directory roles', () => {
  const role = ROLE_TEMPLATES.userAdministrator.id;
  const assign = (principalId: string, endDateTime: string) => ({
    action: 'adminAssign',
    principalId,
    roleDefinitionId: role,
    directoryScopeId: '/',
    justification: 'on call',
    scheduleInfo: { startDateTime: '2025-01-01T00:00:00Z', expiration: { type: 'afterDateTime', endDateTime } },
  });

  it('assigns the role until the end date, then the role membership disappears', () => {
    const f = buildFixture();
    const res = createRoleScheduleRequest(f.tenant, admin, f.clock.now, assign(f.users[1], '2025-01-01T08:00:00Z'));
    assert.equal(res.status, 'Provisioned');
    assert.equal(res.targetScheduleId, res.id);
    assert.deepEqual(f.tenant.directoryRoleMembers(role), [f.users[1]]);
    assert.equal(
      code(() => createRoleScheduleRequest(f.tenant, admin, f.clock.now, assign(f.users[1], '2025-01-01T09:00:00Z'))),
      '400 RoleAssignmentExists',
    );
    expireDueAssignments(f.tenant, Date.parse('2025-01-01T08:00:00Z'));
    assert.deepEqual(f.tenant.directoryRoleMembers(role), []);
  });

  it('reads ISO 8601 durations', () => {
    assert.equal(durationMs('PT5H'), 5 * HOUR);
    assert.equal(durationMs('P1DT30M'), 24 * HOUR + 30 * 60_000);
    assert.equal(durationMs('P'), undefined);
    assert.equal(durationMs('5 hours'), undefined);
  });
});
