import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTemporalTestEnv, type TemporalTestEnv } from '../helpers/temporal-env.js';
import { createSyncHarness, type SyncHarness } from './sync-harness.js';
import { catalogFigures, expectedFigures } from './ground-truth.js';

let temporal: TemporalTestEnv;
let h: SyncHarness;

before(async () => {
  temporal = await createTemporalTestEnv();
  h = await createSyncHarness(temporal, { simulator: { size: 'S', seed: 7 } });
});
after(async () => {
  await h?.close();
  await temporal?.teardown();
});

const tenant = () => h.sim.store.tenant(h.connector.tenantId)!;

test('a first sync is full and the catalog equals the tenant', async () => {
  const result = await h.sync();
  assert.equal(result.mode, 'full');
  assert.deepEqual(await catalogFigures(h.catalog, h.connector.id), expectedFigures(tenant()));
  assert.ok(result.requests > 0 && result.resourceUnits >= result.requests);
  const run = await h.catalog.db
    .selectFrom('sync_runs')
    .selectAll()
    .where('id', '=', result.syncRunId)
    .executeTakeFirstOrThrow();
  assert.equal(run.status, 'succeeded');
});

test('nested groups are expanded into via-group grants', async () => {
  const t = tenant();
  const [parentId, members] = [...t.groupMembers].find(([, m]) => [...m].some((id) => t.groups.has(id)))!;
  const childId = [...members].find((id) => t.groups.has(id))!;
  const childUser = [...t.groupMembers.get(childId)!].find((id) => t.users.has(id));
  assert.ok(childUser, 'the seeded tenant has a nested group with a user in it');
  const via = await h.catalog.db
    .selectFrom('grants')
    .selectAll()
    .where('connector_id', '=', h.connector.id)
    .where('entitlement_id', '=', `group:${parentId}:member`)
    .where('principal_id', '=', childUser)
    .where('via_group_id', '=', childId)
    .execute();
  assert.equal(via.length, 1);
});

test('the next sync is incremental and applies additions, removals and deletions', async () => {
  const t = tenant();
  const group = [...t.groups.values()].find(
    (g) => !g.groupTypes.includes('DynamicMembership') && !g.onPremisesSyncEnabled,
  )!;
  const [member] = [...t.groupMembers.get(group.id)!].filter((id) => t.users.has(id));
  const newcomer = [...t.users.values()].find((u) => !t.groupMembers.get(group.id)!.has(u.id))!;
  const leaver = [...t.users.values()].find((u) => u.id !== member && u.id !== newcomer.id)!;
  t.removeGroupMember(group.id, member!);
  t.addGroupMember(group.id, newcomer.id);
  t.deleteObject(leaver.id);

  const result = await h.sync();
  assert.equal(result.mode, 'delta');
  assert.deepEqual(await catalogFigures(h.catalog, h.connector.id), expectedFigures(t));
  const holders = await h.catalog.db
    .selectFrom('grants')
    .select('principal_id')
    .where('connector_id', '=', h.connector.id)
    .where('entitlement_id', '=', `group:${group.id}:member`)
    .where('via_group_id', '=', '')
    .execute();
  const ids = holders.map((r) => r.principal_id);
  assert.ok(ids.includes(newcomer.id) && !ids.includes(member!));
  const gone = await h.catalog.db.selectFrom('principals').select('id').where('id', '=', leaver.id).execute();
  assert.equal(gone.length, 0);
});

test('managers are synced, and a delta round changes only the managers Graph reports changed', async () => {
  const t = tenant();
  const managers = async () =>
    new Map(
      (
        await h.catalog.db
          .selectFrom('principals')
          .select(['id', 'manager_id'])
          .where('connector_id', '=', h.connector.id)
          .where('kind', '=', 'user')
          .execute()
      ).map((r) => [r.id, r.manager_id]),
    );
  const expected = () => new Map([...t.users.keys()].map((id) => [id, t.managers.get(id) ?? null]));
  assert.deepEqual(await managers(), expected(), 'the catalog holds every manager after the previous syncs');
  const [moved, cleared] = [...t.managers.keys()];
  const newManager = [...t.users.keys()].find((id) => id !== moved && id !== t.managers.get(moved!))!;
  const renamed = [...t.managers.keys()].find((id) => id !== moved && id !== cleared)!;
  t.setManager(moved!, newManager);
  t.setManager(cleared!, null);
  t.putUser({ ...t.users.get(renamed)!, displayName: 'Renamed, manager unchanged' }, ['displayName']);

  const result = await h.sync();
  assert.equal(result.mode, 'delta');
  const after = await managers();
  assert.equal(after.get(moved!), newManager);
  assert.equal(after.get(cleared!), null);
  assert.equal(after.get(renamed), t.managers.get(renamed), 'a change without manager@delta keeps the stored manager');
  assert.deepEqual(after, expected());
});

test('an expired delta token falls back to a full sync by itself', async () => {
  h.sim.store.clock.advance(8 * 24 * 3600 * 1000);
  const result = await h.sync();
  assert.equal(result.fellBackToFull, true);
  assert.equal(result.mode, 'full');
  assert.deepEqual(await catalogFigures(h.catalog, h.connector.id), expectedFigures(tenant()));
});
