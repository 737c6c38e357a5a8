// Lantern's demo people and the id token's `roles` claim: who the demo people are in every tenant (the requester's
// manager is the approver, as Graph reports it), and Lantern.Admin arriving in id tokens directly or through a group.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import { startSimulator } from '../../simulator/index.js';
import { servicePrincipalByAppId } from '../../simulator/model/consent.js';
import { LANTERN_ADMIN_APP_ROLE } from '../../simulator/model/lantern-app.js';
import { appOnlyGraphClient, TEST_DATA_DIR } from './clients.js';
import { TestBrowser } from './identity-browser.js';
import { signInAs } from './identity-flows.js';
import { claimsOf, startIdentityFixture, type IdentityFixture } from './identity-setup.js';

describe('demo people and the roles claim', () => {
  let fx: IdentityFixture;
  let cca: ConfidentialClientApplication;
  before(async () => {
    fx = await startIdentityFixture();
    cca = fx.msal(fx.consented.id);
  });
  after(async () => {
    await fx.sim.close();
  });

  const home = () => fx.sim.store.tenant(fx.sim.homeTenantId)!;
  const people = () => fx.consented.demo.people;
  const lanternSp = () => servicePrincipalByAppId(home(), fx.sim.app.clientId)!;
  const graph = () => appOnlyGraphClient(fx.sim, { tenantId: fx.sim.homeTenantId, app: fx.sim.appReadWrite });

  it('makes the consented tenant the home tenant', () => {
    assert.equal(fx.sim.homeTenantId, fx.consented.id);
    assert.deepEqual(
      fx.sim.tenants.map((t) => t.home),
      [false, true],
    );
  });

  it('offers four demo people per tenant: enabled members with the demo password, and an enabled guest', () => {
    for (const summary of fx.sim.tenants) {
      const tenant = fx.sim.store.tenant(summary.id)!;
      const { lanternAdmin, approver, requester, guest } = summary.demo.people;
      assert.equal(new Set([lanternAdmin, approver, requester, guest].map((p) => p.objectId)).size, 4);
      for (const person of [lanternAdmin, approver, requester]) {
        const user = tenant.users.get(person.objectId)!;
        assert.equal(user.userPrincipalName, person.upn);
        assert.equal(user.displayName, person.displayName);
        assert.equal(user.userType, 'Member');
        assert.equal(user.accountEnabled, true);
        assert.equal(person.password, summary.demo.globalAdmin.password);
      }
      const guestUser = tenant.users.get(guest.objectId)!;
      assert.equal(guestUser.userType, 'Guest');
      assert.equal(guestUser.accountEnabled, true);
      assert.equal(guestUser.externalUserState, 'Accepted');
    }
  });

  it('chooses the same people from the same seed', async () => {
    const again = await startSimulator({ port: 0, tenants: 2, seed: 11, dataDir: TEST_DATA_DIR });
    try {
      assert.deepEqual(
        again.tenants.map((t) => t.demo.people),
        fx.sim.tenants.map((t) => t.demo.people),
      );
    } finally {
      await again.close();
    }
  });

  it("reports the approver as the requester's manager through Graph, $expand and users delta", async () => {
    const { requester, approver } = people();
    const client = graph();
    const manager = (await client.api(`/users/${requester.objectId}/manager`).get()) as { id: string };
    assert.equal(manager.id, approver.objectId);
    const expanded = (await client.api(`/users/${requester.objectId}`).expand('manager').get()) as {
      manager: { id: string };
    };
    assert.equal(expanded.manager.id, approver.objectId);
    let link: string | undefined = '/users/delta?$select=displayName,manager';
    let entry: { 'manager@delta'?: { id: string }[] } | undefined;
    while (link && !entry) {
      const page = (await client.api(link).get()) as {
        value: { id: string; 'manager@delta'?: { id: string }[] }[];
        '@odata.nextLink'?: string;
      };
      entry = page.value.find((u) => u.id === requester.objectId);
      link = page['@odata.nextLink'];
    }
    assert.deepEqual(
      entry?.['manager@delta']?.map((m) => m.id),
      [approver.objectId],
    );
  });

  it('declares Lantern.Admin on the sign-in app and assigns it to the demo admin in the home tenant only', () => {
    assert.deepEqual(
      lanternSp().appRoles.map((r) => r.value),
      ['Lantern.Admin'],
    );
    const held = (tenantId: string, userId: string) =>
      [...fx.sim.store.tenant(tenantId)!.appRoleAssignments.values()].some(
        (a) => a.principalId === userId && a.appRoleId === LANTERN_ADMIN_APP_ROLE.id,
      );
    assert.ok(held(fx.consented.id, people().lanternAdmin.objectId));
    assert.ok(!held(fx.fresh.id, fx.fresh.demo.people.lanternAdmin.objectId));
  });

  it("puts roles: ['Lantern.Admin'] in the demo admin's id token", async () => {
    const result = await signInAs(new TestBrowser(), cca, people().lanternAdmin);
    assert.deepEqual(claimsOf(result.idToken).roles, ['Lantern.Admin']);
  });

  it('leaves the roles claim out when the person holds no app role of the app', async () => {
    const result = await signInAs(new TestBrowser(), cca, people().requester);
    assert.equal('roles' in claimsOf(result.idToken), false);
  });

  it('leaves Lantern.Admin out of tokens for the read-write app (roles belong to the app they are declared on)', async () => {
    const rw = fx.msal(fx.consented.id, {
      clientId: fx.sim.appReadWrite.clientId,
      clientSecret: fx.sim.appReadWrite.clientSecret,
    });
    const result = await signInAs(new TestBrowser(), rw, people().lanternAdmin);
    assert.equal('roles' in claimsOf(result.idToken), false);
  });

  it('grants and revokes Lantern.Admin through a group with Graph appRoleAssignedTo', async () => {
    const tenant = home();
    const { requester } = people();
    // A nested group: the requester is in `inner`, `inner` is in `outer`, and `outer` is assigned the role.
    const [outer, inner] = [...tenant.groups.values()].filter(
      (g) => !g.groupTypes.includes('DynamicMembership') && !g.onPremisesSyncEnabled,
    );
    tenant.addGroupMember(inner!.id, requester.objectId);
    tenant.addGroupMember(outer!.id, inner!.id);
    const client = graph();
    const sp = lanternSp();
    const assignment = (await client
      .api(`/servicePrincipals/${sp.id}/appRoleAssignedTo`)
      .post({ principalId: outer!.id, resourceId: sp.id, appRoleId: LANTERN_ADMIN_APP_ROLE.id })) as { id: string };
    const granted = await signInAs(new TestBrowser(), cca, requester);
    assert.deepEqual(claimsOf(granted.idToken).roles, ['Lantern.Admin']);

    await client.api(`/servicePrincipals/${sp.id}/appRoleAssignedTo/${assignment.id}`).delete();
    const revoked = await signInAs(new TestBrowser(), cca, requester);
    assert.equal('roles' in claimsOf(revoked.idToken), false);
  });
});
