// Issue 18, writes Lantern's new capabilities need: revokeSignInSessions, deleting a delegated permission grant,
// the last-owner refusal (and no last-Global-Administrator guard), and dynamic membership re-evaluated a little
// after a user changes (simulated clock, no sleeps). Through the official Graph client; the control API changes users.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { RunningSimulator } from '../../simulator/index.js';
import type { Tenant } from '../../simulator/model/tenant.js';
import { DYNAMIC_MEMBERSHIP_DELAY_MS } from '../../simulator/model/tenant.js';
import { appOnlyGraphClient, control, startTestSimulator } from './clients.js';
import { clientWithRoles, editableGroup, failure, ref, WRITER_ROLES } from './graph-writes-helpers.js';

const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';

describe('new write endpoints and directory rules', () => {
  let sim: RunningSimulator;
  let tenant: Tenant;
  let readWrite: Client;
  let readOnly: Client;
  let writer: Client;

  before(async () => {
    sim = await startTestSimulator();
    tenant = sim.store.tenant(sim.tenants[0]!.id)!;
    readWrite = appOnlyGraphClient(sim, { tenantId: tenant.id, app: sim.appReadWrite });
    readOnly = appOnlyGraphClient(sim, { tenantId: tenant.id });
    writer = await clientWithRoles(sim, tenant.id, WRITER_ROLES);
  });
  after(async () => {
    await sim.close();
  });

  describe('POST /users/{id}/revokeSignInSessions', () => {
    it('answers { value: true } and sets signInSessionsValidFromDateTime', async () => {
      const user = sim.tenants[0]!.demo.user;
      const userId = [...tenant.users.values()].find((u) => u.userPrincipalName === user.upn)!.id;
      const result = await readWrite.api(`/users/${userId}/revokeSignInSessions`).post({});
      assert.equal(result.value, true);
      assert.match(result['@odata.context'], /\/v1\.0\/\$metadata#Edm\.Boolean$/);
      const read = await readWrite.api(`/users/${userId}`).select('signInSessionsValidFromDateTime').get();
      assert.equal(
        read.signInSessionsValidFromDateTime,
        new Date(tenant.sessionsRevokedAt.get(userId)!).toISOString().slice(0, 19) + 'Z',
      );
    });

    it('accepts a UPN, refuses an unknown user with 404 and a token without User.RevokeSessions.All with 403', async () => {
      const upn = sim.tenants[0]!.demo.user.upn;
      assert.equal((await readWrite.api(`/users/${upn}/revokeSignInSessions`).post({})).value, true);
      const missing = await failure(
        readWrite.api('/users/00000000-0000-0000-0000-00000000beef/revokeSignInSessions').post({}),
      );
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.code, 'Request_ResourceNotFound');
      const denied = await failure(readOnly.api(`/users/${upn}/revokeSignInSessions`).post({}));
      assert.equal(denied.statusCode, 403);
      const revoker = await clientWithRoles(sim, tenant.id, ['User.RevokeSessions.All']);
      assert.equal((await revoker.api(`/users/${upn}/revokeSignInSessions`).post({})).value, true);
    });
  });

  describe('DELETE /oauth2PermissionGrants/{id}', () => {
    it('deletes a grant with 204, then answers 404; needs DelegatedPermissionGrant.ReadWrite.All', async () => {
      const grant = [...tenant.oauth2PermissionGrants.values()].find((g) => g.consentType === 'Principal')!;
      assert.ok(grant, 'the generated tenant has per-user grants');
      // The read-only app lacks the permission; Lantern's read-write app holds it (revoking shadow apps' consents).
      const denied = await failure(readOnly.api(`/oauth2PermissionGrants/${grant.id}`).delete());
      assert.equal(denied.statusCode, 403);
      assert.equal(denied.code, 'Authorization_RequestDenied');
      const granter = readWrite;
      const deleted = (await granter
        .api(`/oauth2PermissionGrants/${grant.id}`)
        .responseType('raw' as never)
        .delete()) as Response;
      assert.equal(deleted.status, 204);
      const gone = await failure(readOnly.api(`/oauth2PermissionGrants/${grant.id}`).get());
      assert.equal(gone.statusCode, 404);
      const again = await failure(granter.api(`/oauth2PermissionGrants/${grant.id}`).delete());
      assert.equal(again.statusCode, 404);
      assert.equal(again.code, 'Request_ResourceNotFound');
    });
  });

  describe('owners and admins', () => {
    it("refuses to remove a group's last user owner with 400, removes one of two", async () => {
      const group = editableGroup(tenant, (g) => (tenant.groupOwners.get(g.id)?.size ?? 0) >= 1);
      const owners = [...tenant.groupOwners.get(group.id)!];
      const extra = [...tenant.users.values()].find((u) => !owners.includes(u.id) && u.userType === 'Member')!;
      await writer.api(`/groups/${group.id}/owners/$ref`).post(ref(sim, extra.id));
      for (const owner of owners) await writer.api(`/groups/${group.id}/owners/${owner}/$ref`).delete();
      const err = await failure(writer.api(`/groups/${group.id}/owners/${extra.id}/$ref`).delete());
      assert.equal(err.statusCode, 400);
      assert.equal(err.code, 'Request_BadRequest');
      assert.equal(err.message, 'The group must have at least one owner, hence this owner cannot be removed.');
      assert.deepEqual([...tenant.groupOwners.get(group.id)!], [extra.id]);
    });

    it('lets the last Global Administrator be removed (Lantern must guard this itself)', async () => {
      const role = tenant.directoryRoles.get(GLOBAL_ADMINISTRATOR)!;
      const members = (await readWrite.api(`/directoryRoles/${role.id}/members`).get()).value as { id: string }[];
      assert.ok(members.length >= 2, 'demo admin and break-glass hold the role');
      for (const m of members) await readWrite.api(`/directoryRoles/${role.id}/members/${m.id}/$ref`).delete();
      const after = (await readWrite.api(`/directoryRoles/${role.id}/members`).get()).value as unknown[];
      assert.equal(after.length, 0);
    });
  });

  describe('dynamic membership', () => {
    it('re-evaluates a dynamic group a short (simulated) while after a user changes', async () => {
      const group = [...tenant.groups.values()].find((g) => /user\.department -eq/.test(g.membershipRule ?? ''))!;
      assert.ok(group, 'the generated tenant has a department-based dynamic group');
      const department = /"([^"]+)"/.exec(group.membershipRule!)![1]!;
      const outsider = [...tenant.users.values()].find(
        (u) => u.department !== department && !tenant.groupMembers.get(group.id)!.has(u.id),
      )!;
      const memberIds = async () =>
        ((await readOnly.api(`/groups/${group.id}/members`).select('id').top(999).get()).value as { id: string }[]).map(
          (m) => m.id,
        );

      await control(sim, 'PATCH', `/tenants/${tenant.id}/users/${outsider.id}`, { department });
      assert.ok(!(await memberIds()).includes(outsider.id), 'not yet: Entra processes the rule asynchronously');
      sim.store.clock.advance(DYNAMIC_MEMBERSHIP_DELAY_MS);
      assert.ok((await memberIds()).includes(outsider.id), 'added once the delay has passed');

      await control(sim, 'PATCH', `/tenants/${tenant.id}/users/${outsider.id}`, { department: 'Nowhere' });
      await control(sim, 'POST', '/clock/advance', { ms: DYNAMIC_MEMBERSHIP_DELAY_MS });
      assert.ok(!(await memberIds()).includes(outsider.id), 'removed when the user no longer matches');
    });

    it('re-evaluates the whole group after its rule changes', async () => {
      const group = [...tenant.groups.values()].find((g) => /user\.department -eq/.test(g.membershipRule ?? ''))!;
      const rule = '(user.userType -eq "Guest")';
      const groupAdmin = await clientWithRoles(sim, tenant.id, ['Group.ReadWrite.All']);
      await groupAdmin.api(`/groups/${group.id}`).patch({ membershipRule: rule });
      sim.store.clock.advance(DYNAMIC_MEMBERSHIP_DELAY_MS);
      const members = (await readOnly.api(`/groups/${group.id}/members`).select('id').top(999).get()).value as {
        id: string;
      }[];
      const guests = [...tenant.users.values()].filter((u) => u.userType === 'Guest').map((u) => u.id);
      assert.deepEqual(members.map((m) => m.id).sort(), guests.sort());
    });
  });
});
