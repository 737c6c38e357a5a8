// The database's via-group expansion must give exactly the answer of the reference rules in
// entra/resources/nested-groups.ts, on random nestings with cycles.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openCatalog, type Catalog } from '../../catalog/index.js';
import {
  recomputeViaGroupGrants,
  upsertGrants,
  upsertGroupMembers,
  type GroupMemberEdge,
} from '../../catalog/directory/writes/index.js';
import { expandGroupGrants, type MemberEdge } from '../../entra/resources/nested-groups.js';
import type { GrantRow } from '../../entra/resources/rows.js';
import { createTempDir, type TempDir } from '../helpers/temp-dir.js';

let dir: TempDir;
let catalog: Catalog;
before(async () => {
  dir = await createTempDir();
  catalog = await openCatalog({ dataDir: dir.path });
});
after(async () => {
  await catalog.close();
  await dir.remove();
});

function randomTenant(seed: number) {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const groups = Array.from({ length: 12 }, (_, i) => `g${i}`);
  const users = Array.from({ length: 30 }, (_, i) => `u${i}`);
  const edges: GroupMemberEdge[] = [];
  for (const groupId of groups) {
    for (let k = 0; k < 4; k++) edges.push({ groupId, memberId: users[next(users.length)]!, memberKind: 'user' });
    for (let k = 0; k < 2; k++) edges.push({ groupId, memberId: groups[next(groups.length)]!, memberKind: 'group' }); // cycles likely
  }
  const direct: GrantRow[] = groups
    .filter(() => next(2) === 0)
    .map((g, i) => ({
      entitlementId: `app:s:role:r${i % 3}`,
      principalId: g,
      principalKind: 'group',
      viaGroupId: null,
      sourceId: `a${i}`,
    }));
  return { edges: dedupe(edges), direct };
}

function dedupe(edges: GroupMemberEdge[]): GroupMemberEdge[] {
  return [
    ...new Map(edges.filter((e) => e.groupId !== e.memberId).map((e) => [`${e.groupId}/${e.memberId}`, e])).values(),
  ];
}

for (const seed of [1, 2, 3, 4, 5]) {
  test(`nested groups expand identically in the database and in the reference rules (seed ${seed})`, async () => {
    const connectorId = `via-${seed}`;
    await catalog.db
      .insertInto('connectors')
      .values({ id: connectorId, display_name: 'via', tenant_id: `t-${seed}` })
      .execute();
    const { edges, direct } = randomTenant(seed);
    await upsertGroupMembers(catalog.db, { connectorId, generation: 1, edges });
    await upsertGrants(catalog.db, { connectorId, generation: 1, grants: direct });
    await recomputeViaGroupGrants(catalog.db, { connectorId, generation: 1 });

    const byGroup = new Map<string, MemberEdge[]>();
    for (const e of edges)
      byGroup.set(e.groupId, [...(byGroup.get(e.groupId) ?? []), { memberId: e.memberId, kind: e.memberKind }]);
    // A group nested in another holds that group's member entitlement directly, so it is expanded too.
    const nestings: GrantRow[] = edges
      .filter((e) => e.memberKind === 'group')
      .map((e) => ({
        entitlementId: `group:${e.groupId}:member`,
        principalId: e.memberId,
        principalKind: 'group',
        viaGroupId: null,
        sourceId: null,
      }));
    const expected = expandGroupGrants([...direct, ...nestings], (g) => byGroup.get(g) ?? [])
      .map((g) => `${g.entitlementId} ${g.principalId} ${g.viaGroupId}`)
      .sort();
    const rows = await catalog.db
      .selectFrom('grants')
      .select(['entitlement_id', 'principal_id', 'via_group_id'])
      .where('connector_id', '=', connectorId)
      .where('via_group_id', '<>', '')
      .execute();
    assert.deepEqual(rows.map((r) => `${r.entitlement_id} ${r.principal_id} ${r.via_group_id}`).sort(), expected);
    assert.ok(expected.length > 0, 'the random tenant has inherited grants to compare');
  });
}
