// Generated data Lantern's next capabilities read: sign-in identities on every user, licences (direct and through
// groups) and group-based licensing errors, read back through the official Graph client the way the Graph docs'
// examples ask for them (user-list.md, group-list.md "hasMembersWithLicenseErrors", group-list-memberswithlicenseerrors.md).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { RunningSimulator } from '../../simulator/index.js';
import { appOnlyGraphClient, control, startTestSimulator } from './clients.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function all(client: Client, first: Json): Promise<Json[]> {
  const out: Json[] = [...first.value];
  for (let link = first['@odata.nextLink']; link;) {
    const page: Json = await client.api(link).get();
    out.push(...page.value);
    link = page['@odata.nextLink'];
  }
  return out;
}

describe('Generated identities and licences (simulator)', () => {
  let sim: RunningSimulator;
  let client: Client;
  before(async () => {
    sim = await startTestSimulator({ size: 'M' });
    client = appOnlyGraphClient(sim, { tenantId: sim.tenants[0]!.id });
  });
  after(async () => {
    await sim.close();
  });

  it('gives every user the userPrincipalName sign-in identity (guests also a federated one)', async () => {
    const users = await all(
      client,
      await client.api('/users').select(['id', 'userPrincipalName', 'userType', 'identities']).top(999).get(),
    );
    assert.ok(users.length >= 300);
    for (const user of users) {
      assert.ok(
        user.identities.some(
          (i: Json) =>
            i.signInType === 'userPrincipalName' &&
            i.issuer === sim.tenants[0]!.domain &&
            i.issuerAssignedId === user.userPrincipalName,
        ),
        user.userPrincipalName,
      );
      if (user.userType === 'Guest') assert.ok(user.identities.some((i: Json) => i.signInType === 'federated'));
    }
  });

  it('keeps the userPrincipalName identity for users created or renamed after generation', async () => {
    const tenant = sim.tenants[0]!;
    const created = await control<{ id: string }>(sim, 'POST', `/tenants/${tenant.id}/users`, {
      displayName: 'Identity Newcomer',
    });
    const identityOf = async () =>
      ((await client.api(`/users/${created.id}`).select(['identities']).get()) as Json).identities.find(
        (i: Json) => i.signInType === 'userPrincipalName',
      )?.issuerAssignedId;
    assert.equal(await identityOf(), `identity.newcomer@${tenant.domain}`);
    await control(sim, 'PATCH', `/tenants/${tenant.id}/users/${created.id}`, {
      userPrincipalName: `renamed.newcomer@${tenant.domain}`,
    });
    assert.equal(await identityOf(), `renamed.newcomer@${tenant.domain}`);
  });

  it('licenses enabled members (directly or through a group) and never guests', async () => {
    const users = await all(
      client,
      await client
        .api('/users')
        .select(['id', 'userType', 'accountEnabled', 'assignedLicenses', 'licenseAssignmentStates'])
        .top(999)
        .get(),
    );
    const members = users.filter((u) => u.userType === 'Member' && u.accountEnabled);
    const licensed = members.filter((u) => u.assignedLicenses.length > 0);
    assert.ok(licensed.length / members.length > 0.9, `${licensed.length}/${members.length} members licensed`);
    for (const guest of users.filter((u) => u.userType === 'Guest')) assert.deepEqual(guest.assignedLicenses, []);
    for (const user of licensed) {
      for (const l of user.assignedLicenses) {
        assert.match(l.skuId, /^[0-9a-f-]{36}$/);
        assert.ok(Array.isArray(l.disabledPlans));
      }
    }
    assert.ok(
      users.some((u) => u.licenseAssignmentStates.some((s: Json) => s.assignedByGroup !== null)),
      'some licences come from a group',
    );
  });

  it('has groups that assign licences and a few members with licence errors', async () => {
    const groups = await all(
      client,
      await client.api('/groups').select(['id', 'displayName', 'assignedLicenses']).get(),
    );
    const licensing = groups.filter((g) => g.assignedLicenses.length > 0);
    assert.ok(licensing.length >= 2, 'at least two licensing groups');

    // group-list.md Example 2, as documented.
    const withErrors: Json = await client
      .api('/groups')
      .header('ConsistencyLevel', 'eventual')
      .query({ $count: 'true' })
      .filter('hasMembersWithLicenseErrors eq true')
      .select(['id', 'displayName'])
      .get();
    assert.ok(withErrors['@odata.count'] >= 1);
    for (const g of withErrors.value) assert.deepEqual(Object.keys(g).sort(), ['displayName', 'id']);
    const failing = withErrors.value[0];
    assert.ok(
      licensing.some((g) => g.id === failing.id),
      'a group with errors assigns licences',
    );

    const errored: Json = await client.api(`/groups/${failing.id}/membersWithLicenseErrors`).get();
    assert.ok(errored.value.length >= 1 && errored.value.length <= 3);
    for (const member of errored.value) {
      assert.equal(member['@odata.type'], '#microsoft.graph.user');
      const user: Json = await client.api(`/users/${member.id}`).select(['licenseAssignmentStates']).get();
      assert.ok(
        user.licenseAssignmentStates.some((s: Json) => s.assignedByGroup === failing.id && s.state === 'Error'),
      );
    }
    const clean = licensing.find((g) => !withErrors.value.some((e: Json) => e.id === g.id));
    const none: Json = await client.api(`/groups/${clean.id}/membersWithLicenseErrors`).get();
    assert.deepEqual(none.value, []);
  });

  it('keeps the S tenant’s generated counts', async () => {
    const small = await startTestSimulator();
    try {
      const c = appOnlyGraphClient(small, { tenantId: small.tenants[0]!.id });
      const users = await all(c, await c.api('/users').select(['id']).get());
      const groups = await all(c, await c.api('/groups').select(['id']).get());
      assert.equal(users.length, 30);
      assert.equal(groups.length, 12);
      const withErrors: Json = await c
        .api('/groups')
        .header('ConsistencyLevel', 'eventual')
        .query({ $count: 'true' })
        .filter('hasMembersWithLicenseErrors eq true')
        .select(['id'])
        .get();
      assert.equal(withErrors['@odata.count'], 1, 'size S has a licensing group with errors too');
    } finally {
      await small.close();
    }
  });
});
