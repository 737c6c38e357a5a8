// The control API: only the control key opens it, and what it changes is what Graph then serves.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningSimulator } from '../../simulator/index.js';
import { appOnlyGraphClient, appOnlyToken, control, startTestSimulator } from './clients.js';

type Page = { value: { id: string; displayName?: string }[] };

describe('control API', () => {
  let sim: RunningSimulator;
  let tenantId: string;
  let seedUserIds: string[];
  before(async () => {
    sim = await startTestSimulator();
    tenantId = sim.tenants[0]!.id;
    seedUserIds = [...sim.store.tenant(tenantId)!.users.keys()].sort();
  });
  after(() => sim.close());
  const graph = () => appOnlyGraphClient(sim, { tenantId });

  it('refuses requests without the control key, or with a wrong one', async () => {
    for (const authorization of [undefined, 'Bearer wrong-key', `Basic ${sim.controlKey}`]) {
      const response = await fetch(`${sim.controlUrl}/tenants`, { headers: authorization ? { authorization } : {} });
      assert.equal(response.status, 401);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'unauthorized');
    }
    assert.equal((await fetch(`${sim.controlUrl}/health`)).status, 200, 'health needs no key');
  });

  it('does not accept a Graph access token as the control key', async () => {
    const token = await appOnlyToken(sim, { tenantId });
    assert.equal(
      (await fetch(`${sim.controlUrl}/tenants`, { headers: { authorization: `Bearer ${token}` } })).status,
      401,
    );
  });

  it('adds, updates and removes a user that Graph then serves', async () => {
    const user = await control<{ id: string }>(sim, 'POST', `/tenants/${tenantId}/users`, {
      displayName: 'Control Created',
      department: 'Legal',
    });
    assert.equal(
      ((await graph().api(`/users/${user.id}`).get()) as { displayName: string }).displayName,
      'Control Created',
    );
    await control(sim, 'PATCH', `/tenants/${tenantId}/users/${user.id}`, { displayName: 'Control Renamed' });
    assert.equal(
      ((await graph().api(`/users/${user.id}`).get()) as { displayName: string }).displayName,
      'Control Renamed',
    );
    await control(sim, 'DELETE', `/tenants/${tenantId}/users/${user.id}`);
    await assert.rejects(
      graph().api(`/users/${user.id}`).get(),
      (err: { statusCode?: number }) => err.statusCode === 404,
    );
  });

  it('changes group memberships, recording each change for delta', async () => {
    const before = await control<{ lastChangeSeq: number; memberships: number }>(
      sim,
      'GET',
      `/tenants/${tenantId}/counts`,
    );
    const group = await control<{ id: string }>(sim, 'POST', `/tenants/${tenantId}/groups`, {
      displayName: 'Control Group',
    });
    const user = await control<{ id: string }>(sim, 'POST', `/tenants/${tenantId}/users`, {
      displayName: 'Member To Be',
    });
    await control(sim, 'POST', `/tenants/${tenantId}/groups/${group.id}/members`, { id: user.id });
    const members = (await graph().api(`/groups/${group.id}/members`).get()) as Page;
    assert.deepEqual(
      members.value.map((m) => m.id),
      [user.id],
    );
    await assert.rejects(
      control(sim, 'POST', `/tenants/${tenantId}/groups/${group.id}/members`, { id: user.id }),
      /409/,
    );
    await control(sim, 'DELETE', `/tenants/${tenantId}/groups/${group.id}/members/${user.id}`);
    assert.deepEqual(((await graph().api(`/groups/${group.id}/members`).get()) as Page).value, []);
    const after = await control<{ lastChangeSeq: number; memberships: number }>(
      sim,
      'GET',
      `/tenants/${tenantId}/counts`,
    );
    assert.equal(
      after.lastChangeSeq - before.lastChangeSeq,
      4,
      'group created, user created, member added, member removed',
    );
    assert.equal(after.memberships, before.memberships);
  });

  it("revokes and grants Lantern's admin consent", async () => {
    const tenant = sim.tenants[1]?.id ?? tenantId;
    await control(sim, 'DELETE', `/tenants/${tenant}/consent`);
    assert.equal(sim.tenants.find((t) => t.id === tenant)?.adminConsented, false);
    await assert.rejects(appOnlyToken(sim, { tenantId: tenant }));
    await control(sim, 'POST', `/tenants/${tenant}/consent`);
    assert.equal(sim.tenants.find((t) => t.id === tenant)?.adminConsented, true);
    const users = (await appOnlyGraphClient(sim, { tenantId: tenant }).api('/users').top(1).get()) as Page;
    assert.equal(users.value.length, 1);
  });

  it('advances the simulated clock, forward only', async () => {
    const { epochMs } = await control<{ epochMs: number }>(sim, 'GET', '/clock');
    const moved = await control<{ epochMs: number }>(sim, 'POST', '/clock/advance', { hours: 2 });
    assert.ok(moved.epochMs - epochMs >= 2 * 3_600_000);
    await assert.rejects(control(sim, 'POST', '/clock/advance', { hours: -1 }), /400/);
  });

  it('sets throttle and fault modes, rejecting unknown ones', async () => {
    const settings = await control<{ throttle: string; faults: { rate: number } }>(sim, 'PUT', '/settings', {
      throttle: 'strict',
      faults: { rate: 0.25 },
    });
    assert.deepEqual([settings.throttle, settings.faults.rate], ['strict', 0.25]);
    assert.equal(sim.context.settings.throttle, 'strict');
    await assert.rejects(control(sim, 'PUT', '/settings', { throttle: 'sometimes' }), /400/);
    await control(sim, 'PUT', '/settings', { throttle: 'off', faults: { rate: 0 } });
  });

  it('exports the ground truth as NDJSON that agrees with the counts', async () => {
    const counts = await control<{ users: number; groups: number; memberships: number }>(
      sim,
      'GET',
      `/tenants/${tenantId}/counts`,
    );
    const response = await fetch(`${sim.controlUrl}/tenants/${tenantId}/export`, {
      headers: { authorization: `Bearer ${sim.controlKey}` },
    });
    assert.match(response.headers.get('content-type') ?? '', /application\/x-ndjson/);
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; memberIds?: string[] });
    assert.equal(lines.filter((l) => l.type === 'user').length, counts.users);
    assert.equal(lines.filter((l) => l.type === 'group').length, counts.groups);
    assert.equal(
      lines.reduce((n, l) => n + (l.type === 'groupMembers' ? l.memberIds!.length : 0), 0),
      counts.memberships,
    );
  });

  it('resets every tenant to the seed state', async () => {
    await control(sim, 'DELETE', `/tenants/${tenantId}/users/${seedUserIds[0]}`);
    await control(sim, 'POST', `/tenants/${tenantId}/users`, { displayName: 'Extra' });
    await control(sim, 'POST', '/reset');
    const after = ((await graph().api('/users').top(999).get()) as Page).value.map((u) => u.id).sort();
    assert.deepEqual(after, seedUserIds);
  });

  it('answers 404 for an unknown tenant or object', async () => {
    await assert.rejects(control(sim, 'GET', '/tenants/nowhere.onmicrosoft.com/counts'), /404/);
    await assert.rejects(
      control(sim, 'DELETE', `/tenants/${tenantId}/users/00000000-0000-0000-0000-000000000000`),
      /404/,
    );
  });
});
