// revokeSignInSessions against the simulator: which removals end the user's sessions (directory roles, role-assignable
// groups), which do not, and a principal that is not a user.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import { createAccessActivities } from '../../activities/access/index.js';
import { entitlementIds } from '../../domain/entitlement-id.js';
import { GLOBAL_ADMINISTRATOR_ROLE_ID } from '../../domain/well-known.js';
import { createTenantGraph } from '../../entra/tenant-graph.js';
import { requestedPermissions, requiredPermissions } from '../../entra/permission-sets.js';
import { ACCESS_FAILURES } from '../../workflows/access/messages.js';
import { startGuardsWorld, type GuardsWorld } from './guards-world.js';

describe('revokeSignInSessions', () => {
  let w: GuardsWorld;
  const target = (entitlementId: string, principalId: string) => ({
    connectorId: w.connector.id,
    entitlementId,
    principalId,
    workflowId: `grant:${w.connector.id}:${entitlementId}:${principalId}`,
  });
  const users = () => [...w.tenant.users.values()].filter((u) => u.accountEnabled && u.userType === 'Member');
  const groups = () => [...w.tenant.groups.values()];
  const revoke = (entitlementId: string, principalId: string) =>
    w.activities.revokeSignInSessions(target(entitlementId, principalId));

  before(async () => {
    w = await startGuardsWorld();
  });
  after(() => w?.close());

  it("revokes a user's sessions after a directory role", async () => {
    const user = users()[0]!;
    assert.equal(user.signInSessionsValidFromDateTime ?? null, null, 'never revoked before');
    const { outcome } = await revoke(entitlementIds.roleMember(GLOBAL_ADMINISTRATOR_ROLE_ID), user.id);
    assert.equal(outcome, 'revoked');
    assert.match(user.signInSessionsValidFromDateTime ?? '', /^\d{4}-\d\d-\d\dT/);
    assert.ok(w.tenant.sessionsRevokedAt.has(user.id));
  });

  it('revokes after the membership or ownership of a role-assignable group, not of a plain group', async () => {
    const privileged = groups().find((g) => g.isAssignableToRole)!;
    const plain = groups().find((g) => !g.isAssignableToRole)!;
    assert.ok(privileged && plain, 'the seeded tenant has both kinds');
    const [member, owner, other] = users().slice(1, 4);

    assert.deepEqual(await revoke(entitlementIds.groupMember(privileged.id), member!.id), { outcome: 'revoked' });
    assert.deepEqual(await revoke(entitlementIds.groupOwner(privileged.id), owner!.id), { outcome: 'revoked' });
    assert.ok(w.tenant.sessionsRevokedAt.has(member!.id) && w.tenant.sessionsRevokedAt.has(owner!.id));

    const changes = w.tenant.lastSeq;
    assert.deepEqual(await revoke(entitlementIds.groupMember(plain.id), other!.id), { outcome: 'not_applicable' });
    assert.equal(w.tenant.sessionsRevokedAt.has(other!.id), false, 'a plain group leaves sessions alone');
    assert.equal(w.tenant.lastSeq, changes);
  });

  it('answers not_applicable for app roles, and principal_not_user for a service principal', async () => {
    const [sp] = [...w.tenant.servicePrincipals.values()];
    const user = users()[5]!;
    assert.deepEqual(await revoke(entitlementIds.appRole(sp!.id, 'role-1'), user.id), { outcome: 'not_applicable' });
    assert.equal(w.tenant.sessionsRevokedAt.has(user.id), false);
    assert.deepEqual(await revoke(entitlementIds.roleMember(GLOBAL_ADMINISTRATOR_ROLE_ID), sp!.id), {
      outcome: 'principal_not_user',
    });
  });

  it('fails for good, naming the permission, when the connector may not revoke sessions', async () => {
    // The read-only app (as a connector consented without User.RevokeSessions.All or User.ReadWrite.All would be).
    const readOnly = createAccessActivities({
      ...w.deps,
      tenantGraph: createTenantGraph({
        credentials: { clientId: w.sim.app.clientId, clientSecret: w.sim.app.clientSecret },
      }),
    });
    const user = users()[6]!;
    await assert.rejects(
      readOnly.revokeSignInSessions(target(entitlementIds.roleMember(GLOBAL_ADMINISTRATOR_ROLE_ID), user.id)),
      (error: unknown) =>
        error instanceof ApplicationFailure &&
        error.nonRetryable &&
        error.type === ACCESS_FAILURES.refused &&
        /HTTP 403.*User\.RevokeSessions\.All/.test(error.message),
    );
    assert.equal(w.tenant.sessionsRevokedAt.has(user.id), false);
  });

  it('asks PIM-mode connectors for User.RevokeSessions.All without requiring it (direct mode holds User.ReadWrite.All)', () => {
    const pim = { permissionSet: 'readWrite', provisioning: 'pim' } as const;
    assert.ok(requestedPermissions(pim).includes('User.RevokeSessions.All'));
    assert.ok(!requiredPermissions(pim).includes('User.RevokeSessions.All'));
    assert.ok(!requestedPermissions({ permissionSet: 'readWrite' }).includes('User.RevokeSessions.All'));
    assert.ok(requiredPermissions({ permissionSet: 'readWrite' }).includes('User.ReadWrite.All'));
  });
});
