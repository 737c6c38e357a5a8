// Write operations against a hand-built tenant: Microsoft's status, code and text for every refusal, and the change
// log entries delta depends on for every success.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GraphError } from '../../simulator/graph/errors.js';
import { createAppRoleAssignment, deleteAppRoleAssignment } from '../../simulator/graph/writes/app-role-assignments.js';
import { addGroupReference, patchGroup, removeGroupReference } from '../../simulator/graph/writes/group-members.js';
import {
  addDirectoryRoleMember,
  createRoleAssignment,
  deleteRoleAssignment,
  removeDirectoryRoleMember,
} from '../../simulator/graph/writes/role-assignments.js';
import {
  addServicePrincipalOwner,
  removeServicePrincipalOwner,
} from '../../simulator/graph/writes/service-principal-owners.js';
import { DEFAULT_ACCESS_APP_ROLE_ID, ROLE_TEMPLATES } from '../../simulator/model/well-known.js';
import { buildFixture, caller } from './graph-writes-fixture.js';

function refusal(fn: () => unknown, status: number, code: string, message?: string | RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof GraphError, `expected a GraphError, got ${String(err)}`);
    assert.equal(err.status, status);
    assert.equal(err.code, code);
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
    return true;
  });
}

const writer = caller('GroupMember.ReadWrite.All', 'User.ReadWrite.All');
const ALREADY = "One or more added object references already exist for the following modified properties: 'members'.";

describe('group members', () => {
  it('adds a user and records the membership change for delta', () => {
    const f = buildFixture();
    addGroupReference(f.tenant, writer, { groupId: f.groups.security, relation: 'members', objectId: f.users[1] });
    assert.ok(f.tenant.groupMembers.get(f.groups.security)?.has(f.users[1]));
    assert.deepEqual(f.tenant.changes.at(-1)?.memberChanges, [{ memberId: f.users[1], kind: 'user', removed: false }]);
  });

  it('refuses a second add of the same member with the "already exist" 400', () => {
    const f = buildFixture();
    addGroupReference(f.tenant, writer, { groupId: f.groups.security, relation: 'members', objectId: f.users[1] });
    refusal(
      () =>
        addGroupReference(f.tenant, writer, { groupId: f.groups.security, relation: 'members', objectId: f.users[1] }),
      400,
      'Request_BadRequest',
      ALREADY,
    );
  });

  it('answers 404 naming the object when the member does not exist', () => {
    const f = buildFixture();
    const ghost = '11111111-2222-3333-4444-555555555555';
    refusal(
      () => addGroupReference(f.tenant, writer, { groupId: f.groups.security, relation: 'members', objectId: ghost }),
      404,
      'Request_ResourceNotFound',
      `Resource '${ghost}' does not exist or one of its queried reference-property objects are not present.`,
    );
  });

  it('refuses dynamic, on-premises-synced and mail-enabled security groups', () => {
    const f = buildFixture();
    const add = (groupId: string) => () =>
      addGroupReference(f.tenant, writer, { groupId, relation: 'members', objectId: f.users[1] });
    refusal(add(f.groups.dynamic), 400, 'Request_BadRequest', /dynamic membership/);
    refusal(add(f.groups.synced), 400, 'Request_BadRequest', /on-premises mastered Directory Sync objects/);
    refusal(add(f.groups.mailSecurity), 400, 'Request_BadRequest', /mail-enabled security groups/);
  });

  it('needs RoleManagement.ReadWrite.Directory for a role-assignable group', () => {
    const f = buildFixture();
    const change = { groupId: f.groups.roleAssignable, relation: 'members' as const, objectId: f.users[1] };
    refusal(
      () => addGroupReference(f.tenant, writer, change),
      403,
      'Authorization_RequestDenied',
      'Insufficient privileges to complete the operation.',
    );
    addGroupReference(
      f.tenant,
      caller('GroupMember.ReadWrite.All', 'User.ReadWrite.All', 'RoleManagement.ReadWrite.Directory'),
      change,
    );
    assert.ok(f.tenant.groupMembers.get(f.groups.roleAssignable)?.has(f.users[1]));
  });

  it('needs the member type permission: a service principal member needs Application.ReadWrite.All', () => {
    const f = buildFixture();
    const change = { groupId: f.groups.security, relation: 'members' as const, objectId: f.app.spId };
    refusal(() => addGroupReference(f.tenant, writer, change), 403, 'Authorization_RequestDenied');
    addGroupReference(f.tenant, caller('GroupMember.ReadWrite.All', 'Application.ReadWrite.All'), change);
  });

  it('removes a member, and answers 404 when it is not a member', () => {
    const f = buildFixture();
    addGroupReference(f.tenant, writer, { groupId: f.groups.security, relation: 'members', objectId: f.users[1] });
    removeGroupReference(f.tenant, writer, { groupId: f.groups.security, relation: 'members', objectId: f.users[1] });
    assert.equal(f.tenant.changes.at(-1)?.memberChanges?.[0]?.removed, true);
    refusal(
      () =>
        removeGroupReference(f.tenant, writer, {
          groupId: f.groups.security,
          relation: 'members',
          objectId: f.users[1],
        }),
      404,
      'Request_ResourceNotFound',
    );
  });

  it('refuses to remove the last owner', () => {
    const f = buildFixture();
    refusal(
      () =>
        removeGroupReference(f.tenant, writer, {
          groupId: f.groups.security,
          relation: 'owners',
          objectId: f.users[0],
        }),
      400,
      'Request_BadRequest',
      'The group must have at least one owner, hence this owner cannot be removed.',
    );
    addGroupReference(f.tenant, writer, { groupId: f.groups.security, relation: 'owners', objectId: f.users[1] });
    removeGroupReference(f.tenant, writer, { groupId: f.groups.security, relation: 'owners', objectId: f.users[0] });
    assert.deepEqual([...f.tenant.groupOwners.get(f.groups.security)!], [f.users[1]]);
  });

  it("rejects a malformed object id with Graph's 400 before looking anything up", () => {
    const f = buildFixture();
    refusal(
      () => addGroupReference(f.tenant, writer, { groupId: 'not-a-guid', relation: 'members', objectId: f.users[1] }),
      400,
      'Request_BadRequest',
      "Invalid object identifier 'not-a-guid'.",
    );
  });
});

describe('bulk PATCH with members@odata.bind', () => {
  const url = (id: string) => `https://graph.microsoft.com/v1.0/directoryObjects/${id}`;

  it('adds every listed member', () => {
    const f = buildFixture();
    patchGroup(f.tenant, writer, f.groups.security, { 'members@odata.bind': [url(f.users[1]), url(f.users[2])] });
    assert.equal(f.tenant.groupMembers.get(f.groups.security)?.size, 2);
  });

  it('is all or nothing: one existing member refuses the whole request', () => {
    const f = buildFixture();
    addGroupReference(f.tenant, writer, { groupId: f.groups.security, relation: 'members', objectId: f.users[2] });
    refusal(
      () =>
        patchGroup(f.tenant, writer, f.groups.security, { 'members@odata.bind': [url(f.users[1]), url(f.users[2])] }),
      400,
      'Request_BadRequest',
      ALREADY,
    );
    assert.equal(f.tenant.groupMembers.get(f.groups.security)?.has(f.users[1]), false);
  });

  it('refuses more than 20 references', () => {
    const f = buildFixture();
    const many = Array.from({ length: 21 }, () => url(f.users[1]));
    refusal(
      () => patchGroup(f.tenant, writer, f.groups.security, { 'members@odata.bind': many }),
      400,
      'Request_BadRequest',
      /more than 20/,
    );
  });
});

describe('app role assignments', () => {
  it('creates an assignment with the resource and principal names filled in', () => {
    const f = buildFixture();
    const a = createAppRoleAssignment(
      f.tenant,
      f.clock.now,
      { principalId: f.users[1], resourceId: f.app.spId, appRoleId: f.app.readerRoleId },
      f.app.spId,
    );
    assert.equal(a.principalType, 'User');
    assert.equal(a.principalDisplayName, 'user1');
    assert.equal(a.resourceDisplayName, 'Payroll');
    assert.equal(f.tenant.appRoleAssignments.get(a.id), a);
  });

  it('refuses a duplicate assignment', () => {
    const f = buildFixture();
    const input = { principalId: f.users[1], resourceId: f.app.spId, appRoleId: f.app.readerRoleId };
    createAppRoleAssignment(f.tenant, f.clock.now, input, f.app.spId);
    refusal(
      () => createAppRoleAssignment(f.tenant, f.clock.now, input, f.app.spId),
      400,
      'Request_BadRequest',
      'Permission being assigned already exists on the object',
    );
  });

  it('refuses an app role the app does not define, or one not allowed for the principal type', () => {
    const f = buildFixture();
    refusal(
      () =>
        createAppRoleAssignment(
          f.tenant,
          f.clock.now,
          { principalId: f.users[1], resourceId: f.app.spId, appRoleId: '99999999-9999-9999-9999-999999999999' },
          f.app.spId,
        ),
      400,
      'Request_BadRequest',
      /not found on application/,
    );
    refusal(
      () =>
        createAppRoleAssignment(
          f.tenant,
          f.clock.now,
          { principalId: f.users[1], resourceId: f.app.spId, appRoleId: f.app.appOnlyRoleId },
          f.app.spId,
        ),
      400,
      'Request_BadRequest',
    );
  });

  it('accepts default access only for an app without roles for that principal type', () => {
    const f = buildFixture();
    createAppRoleAssignment(
      f.tenant,
      f.clock.now,
      { principalId: f.users[1], resourceId: f.plainApp, appRoleId: DEFAULT_ACCESS_APP_ROLE_ID },
      f.plainApp,
    );
    refusal(
      () =>
        createAppRoleAssignment(
          f.tenant,
          f.clock.now,
          { principalId: f.users[1], resourceId: f.app.spId, appRoleId: DEFAULT_ACCESS_APP_ROLE_ID },
          f.app.spId,
        ),
      400,
      'Request_BadRequest',
    );
  });

  it('deletes through the resource, and answers 404 for an unknown assignment', () => {
    const f = buildFixture();
    const a = createAppRoleAssignment(
      f.tenant,
      f.clock.now,
      { principalId: f.users[1], resourceId: f.app.spId, appRoleId: f.app.readerRoleId },
      f.app.spId,
    );
    deleteAppRoleAssignment(f.tenant, a.id, { resourceId: f.app.spId });
    assert.equal(f.tenant.appRoleAssignments.has(a.id), false);
    refusal(() => deleteAppRoleAssignment(f.tenant, a.id, { resourceId: f.app.spId }), 404, 'Request_ResourceNotFound');
  });
});

describe('service principal owners', () => {
  it('adds, refuses a duplicate, removes, and answers 404 for a non-owner', () => {
    const f = buildFixture();
    addServicePrincipalOwner(f.tenant, f.app.spId, f.users[1]);
    refusal(
      () => addServicePrincipalOwner(f.tenant, f.app.spId, f.users[1]),
      400,
      'Request_BadRequest',
      "One or more added object references already exist for the following modified properties: 'owners'.",
    );
    removeServicePrincipalOwner(f.tenant, f.app.spId, f.users[1]);
    refusal(() => removeServicePrincipalOwner(f.tenant, f.app.spId, f.users[1]), 404, 'Request_ResourceNotFound');
  });
});

describe('directory roles and unified role assignments', () => {
  const ga = ROLE_TEMPLATES.globalAdministrator.id;

  it('adds a member by roleTemplateId and records a directoryRoles change', () => {
    const f = buildFixture();
    addDirectoryRoleMember(f.tenant, `roleTemplateId=${ga}`, f.users[1]);
    assert.deepEqual(f.tenant.directoryRoleMembers(ga), [f.users[1]]);
    assert.equal(f.tenant.changes.at(-1)?.collection, 'directoryRoles');
    refusal(
      () => addDirectoryRoleMember(f.tenant, `roleTemplateId=${ga}`, f.users[1]),
      400,
      'Request_BadRequest',
      ALREADY,
    );
    removeDirectoryRoleMember(f.tenant, f.tenant.directoryRoles.get(ga)!.id, f.users[1]);
    assert.deepEqual(f.tenant.directoryRoleMembers(ga), []);
  });

  it('answers 404 for a role that is not activated in the tenant', () => {
    const f = buildFixture();
    refusal(
      () => addDirectoryRoleMember(f.tenant, `roleTemplateId=${ROLE_TEMPLATES.userAdministrator.id}`, f.users[1]),
      404,
      'Request_ResourceNotFound',
    );
  });

  it('creates and deletes a unified role assignment, refusing a duplicate', () => {
    const f = buildFixture();
    const input = {
      principalId: f.users[2],
      roleDefinitionId: ROLE_TEMPLATES.userAdministrator.id,
      directoryScopeId: '/',
    };
    const created = createRoleAssignment(f.tenant, input);
    assert.ok(f.tenant.directoryRoles.has(ROLE_TEMPLATES.userAdministrator.id), 'assigning activates the role');
    refusal(() => createRoleAssignment(f.tenant, input), 400, 'Request_BadRequest', /conflicting object/);
    deleteRoleAssignment(f.tenant, created.id);
    refusal(() => deleteRoleAssignment(f.tenant, created.id), 404, 'Request_ResourceNotFound');
  });
});
