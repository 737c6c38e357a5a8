// Issue 18, delta: groups/delta and directoryRoles/delta carry members@delta without $select, as Microsoft's
// documented examples do; a later round reports membership changes the same way. Through the official Graph client.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { RunningSimulator } from '../../simulator/index.js';
import type { Tenant } from '../../simulator/model/tenant.js';
import { appOnlyGraphClient, startTestSimulator } from './clients.js';
import { clientWithRoles, editableGroup, nonMember, ref, WRITER_ROLES } from './graph-writes-helpers.js';

type Entry = Record<string, unknown> & { id: string };
const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';

/** Follows nextLinks to the deltaLink. */
async function round(client: Client, url: string): Promise<{ entries: Entry[]; deltaLink: string }> {
  const entries: Entry[] = [];
  let link = url;
  for (;;) {
    const page = (await client.api(link).get()) as Record<string, unknown>;
    entries.push(...(page.value as Entry[]));
    if (page['@odata.deltaLink']) return { entries, deltaLink: page['@odata.deltaLink'] as string };
    link = page['@odata.nextLink'] as string;
    assert.ok(link, 'a delta page has a nextLink or a deltaLink');
  }
}

const memberIds = (entry: Entry | undefined) =>
  ((entry?.['members@delta'] ?? []) as { id: string }[]).map((m) => m.id).sort();

describe('delta relationships without $select', () => {
  let sim: RunningSimulator;
  let tenant: Tenant;
  let reader: Client;
  let writer: Client;

  before(async () => {
    sim = await startTestSimulator();
    tenant = sim.store.tenant(sim.tenants[0]!.id)!;
    reader = appOnlyGraphClient(sim, { tenantId: tenant.id });
    writer = await clientWithRoles(sim, tenant.id, WRITER_ROLES);
  });
  after(async () => {
    await sim.close();
  });

  it('groups/delta returns every group with members@delta listing its current members', async () => {
    const { entries } = await round(reader, '/groups/delta');
    assert.equal(entries.length, tenant.groups.size);
    for (const entry of entries) {
      assert.ok(Array.isArray(entry['members@delta']), `members@delta on ${entry.id}`);
      assert.deepEqual(memberIds(entry), [...tenant.groupMembers.get(entry.id)!].sort());
      assert.equal(typeof entry.displayName, 'string', 'default properties are still there');
    }
  });

  it('a later round reports an added member as members@delta', async () => {
    const { deltaLink } = await round(reader, '/groups/delta');
    const group = editableGroup(tenant);
    const user = nonMember(tenant, group.id);
    await writer.api(`/groups/${group.id}/members/$ref`).post(ref(sim, user));
    const next = await round(reader, deltaLink);
    const entry = next.entries.find((e) => e.id === group.id);
    assert.deepEqual(entry?.['members@delta'], [{ '@odata.type': '#microsoft.graph.user', id: user }]);
  });

  it('directoryRoles/delta carries members@delta too', async () => {
    const { entries } = await round(reader, '/directoryRoles/delta');
    const role = tenant.directoryRoles.get(GLOBAL_ADMINISTRATOR)!;
    const entry = entries.find((e) => e.id === role.id);
    assert.ok(entry, 'Global Administrator is an activated role');
    assert.deepEqual(memberIds(entry), [...new Set(tenant.directoryRoleMembers(GLOBAL_ADMINISTRATOR))].sort());
    for (const e of entries) assert.ok(Array.isArray(e['members@delta']));
  });

  it('users/delta still sends manager@delta only when manager is selected', async () => {
    const { entries } = await round(reader, '/users/delta');
    assert.ok(entries.every((e) => !('manager@delta' in e)));
  });

  it('$select without members leaves members@delta out', async () => {
    const { entries } = await round(reader, '/groups/delta?$select=displayName');
    assert.ok(entries.every((e) => !('members@delta' in e)));
  });
});
