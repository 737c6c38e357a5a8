// Graph writes end to end, through @microsoft/microsoft-graph-client against an in-process simulator: exact status
// codes, error envelopes and headers, and PIM expiry following the simulated clock.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { RunningSimulator } from '../../simulator/index.js';
import type { Tenant } from '../../simulator/model/tenant.js';
import { appOnlyGraphClient, startTestSimulator } from './clients.js';
import { clientWithRoles, editableGroup, failure, nonMember, ref, WRITER_ROLES } from './graph-writes-helpers.js';

describe('Graph writes through the official client', () => {
  let sim: RunningSimulator;
  let tenant: Tenant;
  let client: Client;

  before(async () => {
    sim = await startTestSimulator();
    tenant = sim.store.tenant(sim.tenants[0]!.id)!;
    client = await clientWithRoles(sim, tenant.id, WRITER_ROLES);
  });
  after(async () => {
    await sim.close();
  });

  it("adds a member with 204 and refuses the same add with Graph's exact 400 envelope", async () => {
    const group = editableGroup(tenant);
    const user = nonMember(tenant, group.id);
    const added = (await client
      .api(`/groups/${group.id}/members/$ref`)
      .responseType('raw' as never)
      .post(ref(sim, user))) as Response;
    assert.equal(added.status, 204);
    assert.equal(added.headers.get('x-ms-resource-unit'), '1');
    assert.ok(tenant.groupMembers.get(group.id)?.has(user));

    const err = await failure(client.api(`/groups/${group.id}/members/$ref`).post(ref(sim, user)));
    assert.equal(err.statusCode, 400);
    assert.equal(err.code, 'Request_BadRequest');
    assert.equal(
      err.message,
      "One or more added object references already exist for the following modified properties: 'members'.",
    );
    assert.match(String(err.requestId), /^[0-9a-f-]{36}$/);
  });

  it('removes a member with 204, then answers 404 Request_ResourceNotFound', async () => {
    const group = editableGroup(tenant);
    const user = nonMember(tenant, group.id);
    await client.api(`/groups/${group.id}/members/$ref`).post(ref(sim, user));
    await client.api(`/groups/${group.id}/members/${user}/$ref`).delete();
    assert.equal(tenant.groupMembers.get(group.id)?.has(user), false);
    const err = await failure(client.api(`/groups/${group.id}/members/${user}/$ref`).delete());
    assert.equal(err.statusCode, 404);
    assert.equal(err.code, 'Request_ResourceNotFound');
  });

  it('answers 403 Authorization_RequestDenied for a role-assignable group without RoleManagement.ReadWrite.Directory', async () => {
    const group = [...tenant.groups.values()].find((g) => g.isAssignableToRole);
    assert.ok(group, 'the generated tenant has a role-assignable group');
    const limited = await clientWithRoles(sim, tenant.id, ['GroupMember.ReadWrite.All', 'User.ReadWrite.All']);
    const err = await failure(
      limited.api(`/groups/${group.id}/members/$ref`).post(ref(sim, nonMember(tenant, group.id))),
    );
    assert.equal(err.statusCode, 403);
    assert.equal(err.code, 'Authorization_RequestDenied');
    assert.equal(err.message, 'Insufficient privileges to complete the operation.');
  });

  it('refuses a dynamic group with 400', async () => {
    const group = [...tenant.groups.values()].find((g) => g.groupTypes.includes('DynamicMembership'));
    assert.ok(group, 'the generated tenant has a dynamic group');
    const err = await failure(
      client.api(`/groups/${group.id}/members/$ref`).post(ref(sim, nonMember(tenant, group.id))),
    );
    assert.equal(err.statusCode, 400);
    assert.equal(err.code, 'Request_BadRequest');
  });

  it('creates an app role assignment with 201 and an $entity context, and deletes it with 204', async () => {
    const resource = [...tenant.servicePrincipals.values()].find((sp) =>
      sp.appRoles.some((r) => r.isEnabled && r.allowedMemberTypes.includes('User')),
    );
    assert.ok(resource, 'the generated tenant has an app with user roles');
    const role = resource.appRoles.find((r) => r.isEnabled && r.allowedMemberTypes.includes('User'))!;
    const user = [...tenant.users.keys()].find(
      (u) => ![...tenant.appRoleAssignments.values()].some((a) => a.principalId === u && a.resourceId === resource.id),
    )!;
    const body = { principalId: user, resourceId: resource.id, appRoleId: role.id };
    const created = await client.api(`/servicePrincipals/${resource.id}/appRoleAssignedTo`).post(body);
    assert.match(
      created['@odata.context'],
      /\/v1\.0\/\$metadata#servicePrincipals\('[0-9a-f-]+'\)\/appRoleAssignedTo\/\$entity$/,
    );
    assert.deepEqual(Object.keys(created).sort(), [
      '@odata.context',
      'appRoleId',
      'createdDateTime',
      'deletedDateTime',
      'id',
      'principalDisplayName',
      'principalId',
      'principalType',
      'resourceDisplayName',
      'resourceId',
    ]);
    assert.equal(created.principalType, 'User');

    const duplicate = await failure(client.api(`/servicePrincipals/${resource.id}/appRoleAssignedTo`).post(body));
    assert.equal(duplicate.statusCode, 400);
    assert.equal(duplicate.message, 'Permission being assigned already exists on the object');

    await client.api(`/servicePrincipals/${resource.id}/appRoleAssignedTo/${created.id}`).delete();
    assert.equal(tenant.appRoleAssignments.has(created.id), false);
  });

  it('refuses a reference on another Graph host, as a national cloud refuses the global one', async () => {
    const group = editableGroup(tenant);
    const user = nonMember(tenant, group.id);
    const err = await failure(
      client
        .api(`/groups/${group.id}/members/$ref`)
        .post({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${user}` }),
    );
    assert.equal(err.statusCode, 400);
    assert.equal(err.code, 'BadRequest');
    assert.equal(err.message, 'Invalid URL format specified in @odata.bind for members');
    assert.ok(!tenant.groupMembers.get(group.id)?.has(user));
  });

  it('adds a directory role member by roleTemplateId and creates a unified role assignment with 201', async () => {
    const role = [...tenant.directoryRoles.values()][0]!;
    const user = [...tenant.users.keys()].find((u) => !tenant.directoryRoleMembers(role.roleTemplateId).includes(u))!;
    await client.api(`/directoryRoles/roleTemplateId=${role.roleTemplateId}/members/$ref`).post(ref(sim, user));
    assert.ok(tenant.directoryRoleMembers(role.roleTemplateId).includes(user));
    await client.api(`/directoryRoles/${role.id}/members/${user}/$ref`).delete();

    const created = await client
      .api('/roleManagement/directory/roleAssignments')
      .post({ principalId: user, roleDefinitionId: role.roleTemplateId, directoryScopeId: '/' });
    assert.match(created['@odata.context'], /roleManagement\/directory\/roleAssignments\/\$entity$/);
    await client.api(`/roleManagement/directory/roleAssignments/${created.id}`).delete();
    assert.ok(!tenant.directoryRoleMembers(role.roleTemplateId).includes(user));
  });

  it('makes a PIM group member for two hours; after the clock passes that, Graph no longer lists the member', async () => {
    assert.equal(tenant.info.licence, 'P2');
    const group = editableGroup(tenant);
    const user = nonMember(tenant, group.id);
    const request = await client.api('/identityGovernance/privilegedAccess/group/assignmentScheduleRequests').post({
      accessId: 'member',
      principalId: user,
      groupId: group.id,
      action: 'adminAssign',
      justification: 'Assign active member access.',
      scheduleInfo: {
        startDateTime: new Date(sim.store.clock.now()).toISOString(),
        expiration: { type: 'afterDuration', duration: 'PT2H' },
      },
    });
    assert.equal(request.status, 'Provisioned');
    assert.ok(String(request.targetScheduleId).startsWith(`${group.id}_member_`));
    const members = async () =>
      (await client.api(`/groups/${group.id}/members`).select('id').top(999).get()).value.map(
        (m: { id: string }) => m.id,
      );
    assert.ok((await members()).includes(user));
    sim.store.clock.advance(2 * 3600_000 + 1000);
    assert.ok(!(await members()).includes(user));
  });

  it('refuses PIM in a tenant without P2 with AadPremiumLicenseRequired', async () => {
    const other = await startTestSimulator({ tenants: 2 });
    try {
      const unlicensed = other.tenants.find((t) => t.licence !== 'P2')!;
      const t = other.store.tenant(unlicensed.id)!;
      const c = await clientWithRoles(other, t.id, WRITER_ROLES);
      const group = editableGroup(t);
      const err = await failure(
        c.api('/identityGovernance/privilegedAccess/group/assignmentScheduleRequests').post({
          accessId: 'member',
          principalId: nonMember(t, group.id),
          groupId: group.id,
          action: 'adminAssign',
          scheduleInfo: { expiration: { type: 'afterDuration', duration: 'PT1H' } },
        }),
      );
      assert.equal(err.statusCode, 400);
      assert.equal(err.code, 'AadPremiumLicenseRequired');
    } finally {
      await other.close();
    }
  });

  it("lets Lantern's consented read-write app token (through MSAL) manage app role assignments", async () => {
    const msalClient = appOnlyGraphClient(sim, { tenantId: tenant.id, app: sim.appReadWrite });
    const resource = [...tenant.servicePrincipals.values()].find((sp) =>
      sp.appRoles.some((r) => r.isEnabled && r.allowedMemberTypes.includes('User')),
    )!;
    const role = resource.appRoles.find((r) => r.isEnabled && r.allowedMemberTypes.includes('User'))!;
    const group = [...tenant.groups.keys()].find(
      (g) => ![...tenant.appRoleAssignments.values()].some((a) => a.principalId === g && a.resourceId === resource.id),
    )!;
    const created = await msalClient
      .api(`/servicePrincipals/${resource.id}/appRoleAssignedTo`)
      .post({ principalId: group, resourceId: resource.id, appRoleId: role.id });
    assert.equal(created.principalType, 'Group');
  });
});
