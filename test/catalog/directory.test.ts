// The directory writers on PGlite and PostgreSQL: idempotent upserts, generation sweeps, delta helpers that keep
// via-group grants equal to the nested-group expansion, sync runs and cursors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Catalog } from '../../catalog/index.js';
import {
  addGroupMembers,
  clearSyncCursors,
  completeFullSync,
  deleteGrants,
  deletePrincipals,
  deleteResources,
  finishSyncRun,
  getSyncCursor,
  getSyncCursors,
  MAX_BIND_PARAMETERS,
  putSyncCursor,
  recomputeViaGroupGrants,
  removeGroupMembers,
  replaceGroupMembers,
  replaceResourceEntitlements,
  rowsPerStatement,
  startSyncRun,
  sweepStale,
  upsertDiscoveredApps,
  upsertGrants,
  upsertGroupMembers,
  upsertPrincipals,
  upsertResources,
  type CatalogDb,
} from '../../catalog/directory/writes/index.js';
import { entitlementIds } from '../../domain/entitlement-id.js';
import { requirePostgresInCi } from '../helpers/postgres.js';
import {
  BACKENDS,
  createConnector,
  GA,
  groups,
  HR_READER,
  principals,
  seedFixture,
  users,
} from './directory-fixture.js';

requirePostgresInCi();

const READER = entitlementIds.appRole('sp-hr', HR_READER);

/** Every row of a connector, minus the wall-clock columns, in a stable order. */
async function snapshot(db: CatalogDb, connectorId: string) {
  const of = <T>(rows: T[]) => rows.map((row) => JSON.stringify(row)).sort();
  return {
    principals: of(
      await db
        .selectFrom('principals')
        .selectAll()
        .where('connector_id', '=', connectorId)
        .execute()
        .then((rows) => rows.map(({ synced_at: _s, ...rest }) => rest)),
    ),
    resources: of(await db.selectFrom('resources').selectAll().where('connector_id', '=', connectorId).execute()),
    entitlements: of(await db.selectFrom('entitlements').selectAll().where('connector_id', '=', connectorId).execute()),
    grants: of(await db.selectFrom('grants').selectAll().where('connector_id', '=', connectorId).execute()),
    edges: of(await db.selectFrom('group_members').selectAll().where('connector_id', '=', connectorId).execute()),
  };
}

/** "entitlement <- principal (via group)" lines for one principal, sorted. */
async function accessOf(db: CatalogDb, connectorId: string, principalId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('grants')
    .select(['entitlement_id', 'via_group_id'])
    .where('connector_id', '=', connectorId)
    .where('principal_id', '=', principalId)
    .execute();
  return rows.map((r) => (r.via_group_id ? `${r.entitlement_id} via ${r.via_group_id}` : r.entitlement_id)).sort();
}

for (const backend of BACKENDS) {
  describe(`directory writers on ${backend.name}`, { skip: backend.skip }, () => {
    let catalog: Catalog;
    let dispose: () => Promise<void>;
    let db: CatalogDb;
    before(async () => {
      ({ catalog, dispose } = await backend.open());
      db = catalog.db;
    });
    after(async () => {
      await dispose?.();
    });

    it('expands nested groups and cycles into via-group grants on a full sync', async () => {
      const c = await createConnector(db);
      await seedFixture(db, c);
      assert.deepEqual(await accessOf(db, c, 'u-ada'), [
        'app:sp-hr:role:role-admin',
        `${READER} via g-all`,
        'group:g-all:member via g-eng',
        'group:g-eng:member',
        'group:g-eng:owner',
      ]);
      assert.deepEqual(await accessOf(db, c, 'u-cyd'), [
        'app:sp-chat:role:00000000-0000-0000-0000-000000000000 via g-cycle-b',
        'group:g-cycle-a:member',
        'group:g-cycle-a:member via g-cycle-b',
        'group:g-cycle-b:member via g-cycle-a',
      ]);
      assert.deepEqual(await accessOf(db, c, 'u-bob'), [`${READER} via g-all`, 'group:g-all:member']);
    });

    it('leaves the same state when every writer runs twice (activity retries)', async () => {
      const c = await createConnector(db);
      await seedFixture(db, c, { runId: 'same-run' });
      const first = await snapshot(db, c);
      await seedFixture(db, c, { runId: 'same-run' });
      assert.deepEqual(await snapshot(db, c), first);
      const run = await startSyncRun(db, { id: 'same-run', connectorId: c, mode: 'full' });
      assert.equal(run.generation, '1', 'a retried start keeps its generation');
    });

    it('sweeps only rows older than the successful full sync, from the tables asked', async () => {
      const c = await createConnector(db);
      await seedFixture(db, c);
      const generation = await seedFixture(db, c, { omit: (id) => id === 'u-bob' || id === 'g-dyn' });
      const partial = await sweepStale(db, { connectorId: c, generation, tables: ['principals'] });
      assert.deepEqual([partial.principals, partial.resources], [1, 0]);
      assert.ok(
        await db
          .selectFrom('resources')
          .select('id')
          .where('connector_id', '=', c)
          .where('id', '=', 'g-dyn')
          .executeTakeFirst(),
      );
      const { swept } = await completeFullSync(db, { connectorId: c, generation });
      assert.equal(swept.resources, 1);
      assert.equal(swept.entitlements, 2, 'the dynamic group member and owner entitlements');
      assert.equal(swept.group_members, 2, "bob's and dan's edges");
      assert.deepEqual(await accessOf(db, c, 'u-bob'), []);
      const left = await db.selectFrom('resources').select('id').where('connector_id', '=', c).orderBy('id').execute();
      assert.deepEqual(
        left.map((r) => r.id),
        ['g-all', 'g-cycle-a', 'g-cycle-b', 'g-eng', 'sp-chat', 'sp-hr', GA].sort(),
      );
      const generations = await db
        .selectFrom('grants')
        .select('generation')
        .distinct()
        .where('connector_id', '=', c)
        .execute();
      assert.deepEqual(
        generations.map((g) => g.generation),
        [String(generation)],
      );
      assert.deepEqual((await completeFullSync(db, { connectorId: c, generation })).swept, {
        principals: 0,
        resources: 0,
        entitlements: 0,
        grants: 0,
        group_members: 0,
        discovered_apps: 0,
      });
      assert.ok(
        (await accessOf(db, c, 'u-ada')).includes(`${READER} via g-all`),
        'live via-group grants survive the sweep',
      );
    });

    it('re-expands every group above a membership change made by a delta (nested, depth two)', async () => {
      const c = await createConnector(db);
      const generation = await seedFixture(db, c);
      await upsertResources(db, {
        connectorId: c,
        generation,
        resources: [{ ...groups.eng, id: 'g-sub', displayName: 'Sub team' }],
      });
      await addGroupMembers(db, {
        connectorId: c,
        generation,
        edges: [
          { groupId: 'g-eng', memberId: 'g-sub', memberKind: 'group' },
          { groupId: 'g-sub', memberId: 'u-dan', memberKind: 'user' },
        ],
      });
      assert.ok(
        (await accessOf(db, c, 'u-dan')).includes(`${READER} via g-all`),
        'dan reaches HR Reader through sub ⊂ eng ⊂ all',
      );
      await removeGroupMembers(db, { connectorId: c, generation, edges: [{ groupId: 'g-all', memberId: 'g-eng' }] });
      assert.deepEqual(await accessOf(db, c, 'u-ada'), [
        'app:sp-hr:role:role-admin',
        'group:g-eng:member',
        'group:g-eng:owner',
      ]);
      assert.ok(!(await accessOf(db, c, 'u-dan')).includes(`${READER} via g-all`));
      assert.deepEqual(
        await accessOf(db, c, 'u-bob'),
        [`${READER} via g-all`, 'group:g-all:member'],
        'direct members keep their access',
      );
    });

    it('re-expands a membership cycle after a delta and terminates', async () => {
      const c = await createConnector(db);
      const generation = await seedFixture(db, c);
      await replaceGroupMembers(db, {
        connectorId: c,
        generation,
        groups: [
          {
            groupId: 'g-cycle-a',
            members: [
              { memberId: 'g-cycle-b', memberKind: 'group' },
              { memberId: 'u-ada', memberKind: 'user' },
            ],
          },
        ],
      });
      assert.deepEqual(await accessOf(db, c, 'u-cyd'), []);
      const ada = await accessOf(db, c, 'u-ada');
      for (const line of [
        'group:g-cycle-a:member',
        'group:g-cycle-b:member via g-cycle-a',
        'app:sp-chat:role:00000000-0000-0000-0000-000000000000 via g-cycle-b',
      ]) {
        assert.ok(ada.includes(line), line);
      }
    });

    it('gives the same grants after delta changes as a full recompute would', async () => {
      const c = await createConnector(db);
      const generation = await seedFixture(db, c);
      await removeGroupMembers(db, { connectorId: c, generation, edges: [{ groupId: 'g-eng', memberId: 'u-ada' }] });
      await addGroupMembers(db, {
        connectorId: c,
        generation,
        edges: [{ groupId: 'g-cycle-b', memberId: 'g-all', memberKind: 'group' }],
      });
      await deleteGrants(db, {
        connectorId: c,
        grants: [{ entitlementId: READER, principalId: 'g-all', viaGroupId: null }],
      });
      await recomputeViaGroupGrants(db, { connectorId: c, generation, groupIds: ['g-all'] });
      const afterDelta = await snapshot(db, c);
      await recomputeViaGroupGrants(db, { connectorId: c, generation });
      assert.deepEqual(await snapshot(db, c), afterDelta);
      assert.ok(!(await accessOf(db, c, 'u-bob')).some((line) => line.startsWith(READER)));
    });

    it('deletes a principal with its grants and edges, and a group with everything that hung on it', async () => {
      const c = await createConnector(db);
      const generation = await seedFixture(db, c);
      assert.equal(await deletePrincipals(db, { connectorId: c, ids: ['u-ada'] }), 1);
      assert.deepEqual(await accessOf(db, c, 'u-ada'), []);
      assert.equal(await deletePrincipals(db, { connectorId: c, ids: ['u-ada'] }), 0, 'idempotent');
      assert.equal(await deleteResources(db, { connectorId: c, generation, ids: ['g-eng'] }), 1);
      assert.deepEqual(
        await accessOf(db, c, 'mi-build'),
        [],
        'lost its membership of eng and everything eng passed on',
      );
      const orphans = await db
        .selectFrom('grants')
        .select('entitlement_id')
        .where('connector_id', '=', c)
        .where((eb) =>
          eb.or([
            eb('entitlement_id', 'like', 'group:g-eng:%'),
            eb('via_group_id', '=', 'g-eng'),
            eb('principal_id', '=', 'g-eng'),
          ]),
        )
        .execute();
      assert.deepEqual(orphans, []);
      assert.deepEqual(await accessOf(db, c, 'u-bob'), [`${READER} via g-all`, 'group:g-all:member']);
    });

    it("replaces a resource's entitlements, dropping grants of a removed app role", async () => {
      const c = await createConnector(db);
      const generation = await seedFixture(db, c);
      const removed = await replaceResourceEntitlements(db, {
        connectorId: c,
        generation,
        resourceId: 'sp-hr',
        entitlements: [
          {
            id: entitlementIds.appOwner('sp-hr'),
            resourceId: 'sp-hr',
            resourceType: 'application',
            kind: 'owner',
            displayName: 'Owner of HR',
            appRoleId: null,
            immutable: false,
          },
        ],
      });
      assert.equal(removed, 2);
      assert.deepEqual(await accessOf(db, c, 'u-bob'), ['group:g-all:member']);
    });

    it('writes batches larger than one statement can bind', async () => {
      assert.ok(rowsPerStatement(18) * 18 <= MAX_BIND_PARAMETERS && rowsPerStatement(7) * 7 <= MAX_BIND_PARAMETERS);
      const c = await createConnector(db);
      const many = Array.from({ length: 5_000 }, (_, i) => ({ ...users.ada, id: `bulk-${i}` }));
      assert.equal(
        await upsertPrincipals(db, { connectorId: c, generation: 1, principals: [...many, many[0]!] }),
        5_000,
        'repeats collapse',
      );
      await upsertGroupMembers(db, {
        connectorId: c,
        generation: 1,
        edges: many.map((p) => ({ groupId: 'g-big', memberId: p.id, memberKind: 'user' })),
      });
      await upsertGrants(db, {
        connectorId: c,
        generation: 1,
        grants: [
          { entitlementId: READER, principalId: 'g-big', principalKind: 'group', viaGroupId: null, sourceId: null },
        ],
      });
      const { viaGrants } = await recomputeViaGroupGrants(db, { connectorId: c, generation: 1 });
      assert.equal(viaGrants, 5_000);
      const count = await db
        .selectFrom('grants')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('connector_id', '=', c)
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 10_001);
    });

    it('allocates one generation per run and keeps the first finish of a retried finish', async () => {
      const c = await createConnector(db);
      const first = await startSyncRun(db, {
        id: `${c}-1`,
        connectorId: c,
        mode: 'full',
        workflowId: 'wf',
        runId: 'r1',
      });
      const second = await startSyncRun(db, { id: `${c}-2`, connectorId: c, mode: 'delta' });
      assert.deepEqual([first.generation, second.generation, first.status], ['1', '2', 'running']);
      const done = await finishSyncRun(db, {
        id: first.id,
        status: 'succeeded',
        counts: { principals: 6 },
        requests: 12,
        resourceUnits: 30,
        throttled: 1,
      });
      const again = await finishSyncRun(db, {
        id: first.id,
        status: 'succeeded',
        counts: { principals: 6 },
        requests: 12,
        resourceUnits: 30,
        throttled: 1,
      });
      assert.equal(again.finished_at?.getTime(), done.finished_at?.getTime());
      assert.deepEqual(
        [again.counts, again.requests, again.resource_units, again.throttled],
        [{ principals: 6 }, 12, 30, 1],
      );
      const failed = await finishSyncRun(db, { id: second.id, status: 'failed', error: 'x'.repeat(5_000) });
      assert.equal(failed.error?.length, 2_000);
    });

    it('stores, replaces and forgets delta links per collection', async () => {
      const c = await createConnector(db);
      assert.equal(await getSyncCursor(db, { connectorId: c, collection: 'users' }), null);
      await putSyncCursor(db, {
        connectorId: c,
        collection: 'users',
        deltaLink: 'https://graph/users/delta?$deltatoken=1',
      });
      await putSyncCursor(db, {
        connectorId: c,
        collection: 'users',
        deltaLink: 'https://graph/users/delta?$deltatoken=2',
      });
      await putSyncCursor(db, { connectorId: c, collection: 'groups', deltaLink: 'g' });
      assert.deepEqual(await getSyncCursors(db, c), { users: 'https://graph/users/delta?$deltatoken=2', groups: 'g' });
      await clearSyncCursors(db, c);
      assert.deepEqual(await getSyncCursors(db, c), {});
    });

    it("keeps a discovered app's first sighting and last use when a later sync has no sign-ins", async () => {
      const c = await createConnector(db);
      const app = {
        appId: 'app-x',
        servicePrincipalId: 'sp-x',
        displayName: 'X',
        publisher: 'X Inc',
        verifiedPublisher: false,
        scopes: ['User.Read', 'Mail.Read', 'Mail.Read'],
        riskyScopes: ['Mail.Read'],
        consentingUsers: 3,
        lastUsedAt: '2024-05-01T10:00:00.000Z',
      };
      await upsertDiscoveredApps(db, { connectorId: c, generation: 1, apps: [app] });
      const before = await db
        .selectFrom('discovered_apps')
        .selectAll()
        .where('connector_id', '=', c)
        .executeTakeFirstOrThrow();
      await upsertDiscoveredApps(db, {
        connectorId: c,
        generation: 2,
        apps: [{ ...app, lastUsedAt: null, consentingUsers: 4, scopes: ['a "quoted", \\ scope'] }],
      });
      const row = await db
        .selectFrom('discovered_apps')
        .selectAll()
        .where('connector_id', '=', c)
        .executeTakeFirstOrThrow();
      assert.deepEqual(before.scopes, ['Mail.Read', 'User.Read']);
      assert.deepEqual(row.scopes, ['a "quoted", \\ scope']);
      assert.equal(row.consenting_users, 4);
      assert.equal(row.last_used_at?.toISOString(), '2024-05-01T10:00:00.000Z');
      assert.equal(row.first_seen_at.getTime(), before.first_seen_at.getTime());
    });

    it('deletes everything synced from a tenant when its connector is deleted', async () => {
      const c = await createConnector(db);
      await seedFixture(db, c);
      await putSyncCursor(db, { connectorId: c, collection: 'users', deltaLink: 'x' });
      await db.deleteFrom('connectors').where('id', '=', c).execute();
      const left = await snapshot(db, c);
      assert.deepEqual(Object.values(left).flat(), []);
      assert.equal(principals.length, 6);
    });
  });
}
