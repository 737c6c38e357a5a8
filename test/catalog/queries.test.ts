// The catalog API's read queries on PGlite and PostgreSQL, over the small fixture tenant.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Catalog } from '../../catalog/index.js';
import {
  finishSyncRun,
  startSyncRun,
  upsertDiscoveredApps,
  type CatalogDb,
} from '../../catalog/directory/writes/index.js';
import {
  InvalidCursorError,
  InvalidQueryError,
  listDiscoveredApps,
  listEntitlements,
  listGrants,
  listPrincipals,
  listResources,
  listSyncRuns,
  latestSyncRun,
  whatCanAccess,
  whoCanAccess,
  type Page,
} from '../../catalog/directory/reads/index.js';
import { entitlementIds } from '../../domain/entitlement-id.js';
import { requirePostgresInCi } from '../helpers/postgres.js';
import { BACKENDS, createConnector, GA, HR_ADMIN, HR_READER, seedFixture } from './directory-fixture.js';

requirePostgresInCi();

const READER = entitlementIds.appRole('sp-hr', HR_READER);
const ADMIN = entitlementIds.appRole('sp-hr', HR_ADMIN);

/** Follows nextCursor to the end, returning every item and the number of pages. */
async function everyPage<T>(
  list: (cursor: string | undefined) => Promise<Page<T>>,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await list(cursor);
    items.push(...page.items);
    pages += 1;
    cursor = page.nextCursor ?? undefined;
  } while (cursor && pages < 100);
  return { items, pages };
}

const app = (appId: string, consentingUsers: number, riskyScopes: string[]) => ({
  appId,
  servicePrincipalId: `sp-${appId}`,
  displayName: appId.toUpperCase(),
  publisher: null,
  verifiedPublisher: false,
  scopes: ['User.Read', ...riskyScopes],
  riskyScopes,
  consentingUsers,
  lastUsedAt: null,
});

for (const backend of BACKENDS) {
  describe(`catalog queries on ${backend.name}`, { skip: backend.skip }, () => {
    let catalog: Catalog;
    let dispose: () => Promise<void>;
    let db: CatalogDb;
    let connectorId: string;
    before(async () => {
      ({ catalog, dispose } = await backend.open());
      db = catalog.db;
      connectorId = await createConnector(db, 'contoso');
      await seedFixture(db, connectorId);
      await upsertDiscoveredApps(db, {
        connectorId,
        generation: 1,
        apps: [
          app('mailer', 7, ['Mail.ReadWrite']),
          app('notes', 2, []),
          app('drive', 7, ['Files.ReadWrite.All']),
          app('cal', 1, ['Calendars.ReadWrite']),
        ],
      });
    });
    after(async () => {
      await dispose?.();
    });

    it('finds principals by name, UPN or mail, as substring or prefix, with literal wildcards', async () => {
      const ids = async (query: Omit<Parameters<typeof listPrincipals>[1], 'connectorId'>) =>
        (await listPrincipals(db, { connectorId, ...query })).items.map((p) => p.id);
      assert.deepEqual(await ids({ search: 'LOVELACE' }), ['u-ada']);
      assert.deepEqual(await ids({ search: 'fabrikam' }), ['u-bob']);
      assert.deepEqual(await ids({ search: 'dan@', match: 'prefix' }), ['u-dan']);
      assert.deepEqual(await ids({ search: 'contoso', match: 'prefix' }), []);
      assert.deepEqual(await ids({ search: '100%_' }), ['u-dan']);
      assert.deepEqual(await ids({ search: '0%' }), ['u-dan'], '% is matched literally');
      assert.deepEqual(await ids({ kind: 'managedIdentity' }), ['mi-build']);
      assert.deepEqual(await ids({ userType: 'Guest' }), ['u-bob']);
      assert.deepEqual(await ids({ enabled: false }), ['u-cyd']);
      assert.deepEqual(await ids({ kind: 'user', enabled: true }), ['u-ada', 'u-bob', 'u-dan']);
    });

    it('pages through a listing without gaps or repeats, and ends with a null cursor', async () => {
      const all = (await listPrincipals(db, { connectorId, limit: 500 })).items.map((p) => p.id);
      assert.equal(all.length, 6);
      const paged = await everyPage((cursor) => listPrincipals(db, { connectorId, limit: 4, cursor }));
      assert.deepEqual(
        paged.items.map((p) => p.id),
        all,
      );
      assert.equal(paged.pages, 2);
      const byOne = await everyPage((cursor) =>
        whoCanAccess(db, { connectorId, resourceId: 'sp-hr', limit: 1, cursor }),
      );
      assert.equal(byOne.items.length, (await whoCanAccess(db, { connectorId, resourceId: 'sp-hr' })).items.length);
      assert.equal(
        new Set(byOne.items.map((h) => `${h.principalId} ${h.entitlementId} ${h.viaGroupId}`)).size,
        byOne.items.length,
      );
    });

    it('rejects bad cursors, limits and filters with typed errors', async () => {
      const { nextCursor } = await listPrincipals(db, { connectorId, limit: 2 });
      assert.ok(nextCursor);
      const decoded = JSON.parse(Buffer.from(nextCursor, 'base64url').toString()) as { k: string[]; c: string };
      const tampered = Buffer.from(JSON.stringify({ ...decoded, k: ['A', 'a'] })).toString('base64url');
      await assert.rejects(listPrincipals(db, { connectorId, cursor: tampered }), InvalidCursorError);
      await assert.rejects(listPrincipals(db, { connectorId, cursor: 'not a cursor!' }), InvalidCursorError);
      await assert.rejects(
        listPrincipals(db, { connectorId, cursor: Buffer.from('[1,2]').toString('base64url') }),
        InvalidCursorError,
      );
      await assert.rejects(
        listPrincipals(db, { connectorId, cursor: nextCursor, kind: 'user' }),
        InvalidCursorError,
        'other filters',
      );
      await assert.rejects(
        listResources(db, { connectorId, type: 'group', cursor: nextCursor }),
        InvalidCursorError,
        'other listing',
      );
      for (const limit of [0, 501, 1.5])
        await assert.rejects(listPrincipals(db, { connectorId, limit }), InvalidQueryError);
      await assert.rejects(listPrincipals(db, { connectorId, kind: 'robot' as never }), /kind must be one of/);
      await assert.rejects(
        listResources(db, { connectorId, type: 'group', origin: 'thirdParty' }),
        /applications only/,
      );
      assert.equal(
        (await listPrincipals(db, { connectorId, limit: 2, cursor: nextCursor })).items.length,
        2,
        'a good cursor still works',
      );
    });

    it('lists groups, applications and roles with their filters', async () => {
      const ids = async (query: Omit<Parameters<typeof listResources>[1], 'connectorId'>) =>
        (await listResources(db, { connectorId, ...query })).items.map((r) => r.id);
      assert.deepEqual(await ids({ type: 'group', immutable: true }), ['g-dyn']);
      assert.deepEqual(await ids({ type: 'group', search: 'cycle' }), ['g-cycle-a', 'g-cycle-b']);
      assert.deepEqual(await ids({ type: 'application', origin: 'thirdParty' }), ['sp-chat']);
      assert.deepEqual(await ids({ type: 'application', origin: 'ownTenant' }), ['sp-hr']);
      assert.deepEqual(await ids({ type: 'directoryRole' }), [GA]);
    });

    it('lists entitlements by resource, kind and requestability', async () => {
      const hr = (await listEntitlements(db, { connectorId, resourceId: 'sp-hr' })).items;
      assert.deepEqual(hr.map((e) => e.id).sort(), [entitlementIds.appOwner('sp-hr'), ADMIN, READER].sort());
      assert.ok(hr.every((e) => e.resourceName === 'HR Portal'));
      // App ownership is listed but Lantern never grants it (no Application.ReadWrite.All): not requestable.
      assert.deepEqual(
        hr.filter((e) => !e.requestable).map((e) => e.id),
        [entitlementIds.appOwner('sp-hr')],
      );
      const appOwners = (
        await listEntitlements(db, { connectorId, resourceType: 'application', kind: 'owner' })
      ).items.map((e) => e.id);
      const locked = (await listEntitlements(db, { connectorId, requestable: false })).items.map((e) => e.id);
      assert.deepEqual(locked.sort(), [entitlementIds.groupMember('g-dyn'), ...appOwners].sort());
      const open = (await listEntitlements(db, { connectorId, requestable: true })).items.map((e) => e.id);
      assert.ok(open.length > 0 && open.every((id) => !locked.includes(id)));
      assert.equal((await listEntitlements(db, { connectorId, kind: 'appRole' })).items.length, 3);
    });

    it('lists grants by principal and by entitlement, direct or via a group', async () => {
      const viaForAda = (await listGrants(db, { connectorId, principalId: 'u-ada', how: 'viaGroup' })).items;
      assert.deepEqual(
        viaForAda.map((g) => `${g.entitlementId} via ${g.viaGroupId}`),
        [`group:g-all:member via g-eng`, `${READER} via g-all`].sort(),
      );
      const reader = (await listGrants(db, { connectorId, entitlementId: READER })).items;
      assert.deepEqual(
        reader.map((g) => `${g.principalId}:${g.how}`),
        ['g-all:direct', 'mi-build:viaGroup', 'u-ada:viaGroup', 'u-bob:viaGroup'],
      );
      assert.equal(reader[0]?.sourceId, 'ara-1');
    });

    it('answers "what can Ada access" with resource and group names', async () => {
      const { items } = await whatCanAccess(db, { connectorId, principalId: 'u-ada' });
      assert.deepEqual(
        items.map((a) => [a.resourceName, a.entitlementName, a.how, a.viaGroupName]),
        [
          ['HR Portal', 'Admin in HR Portal', 'direct', null],
          ['HR Portal', 'Reader in HR Portal', 'viaGroup', 'All staff'],
          ['All staff', 'Member of All staff', 'viaGroup', 'Engineering'],
          ['Engineering', 'Member of Engineering', 'direct', null],
          ['Engineering', 'Owner of Engineering', 'direct', null],
        ],
      );
      assert.deepEqual(
        (await whatCanAccess(db, { connectorId, principalId: 'sp-robot', resourceType: 'directoryRole' })).items.map(
          (a) => a.resourceName,
        ),
        ['Global Administrator'],
      );
    });

    it('answers "who can access HR Portal", naming people and groups', async () => {
      const { items } = await whoCanAccess(db, { connectorId, resourceId: 'sp-hr' });
      assert.deepEqual(
        items.map(
          (h) => `${h.principalName} ${h.entitlementId === ADMIN ? 'admin' : 'reader'} ${h.viaGroupName ?? 'direct'}`,
        ),
        [
          'All staff reader direct',
          'build-agent reader All staff',
          'Ada Lovelace admin direct',
          'Ada Lovelace reader All staff',
          'Bob Guest reader All staff',
        ],
      );
      const direct = await whoCanAccess(db, { connectorId, resourceId: 'sp-hr', how: 'direct' });
      assert.deepEqual(
        direct.items.map((h) => h.principalId),
        ['g-all', 'u-ada'],
      );
      assert.equal((await whoCanAccess(db, { connectorId, resourceId: 'nothing' })).items.length, 0);
    });

    it('lists risky discovered apps, most consented first, paging across ties', async () => {
      const risky = await everyPage((cursor) =>
        listDiscoveredApps(db, { connectorId, riskyOnly: true, limit: 1, cursor }),
      );
      assert.deepEqual(
        risky.items.map((a) => `${a.appId}:${a.consentingUsers}`),
        ['drive:7', 'mailer:7', 'cal:1'],
      );
      assert.deepEqual(risky.items[1]?.riskyScopes, ['Mail.ReadWrite']);
      const byName = (await listDiscoveredApps(db, { connectorId, sort: 'name' })).items.map((a) => a.appId);
      assert.deepEqual(byName, ['cal', 'drive', 'mailer', 'notes']);
    });

    it('lists sync runs newest first, keeping microsecond order across pages', async () => {
      const c = await createConnector(db);
      for (const [i, micros] of ['000001', '000002', '000003'].entries()) {
        await db
          .insertInto('sync_runs')
          .values({
            id: `run-${i}`,
            connector_id: c,
            generation: i + 1,
            mode: 'full',
            started_at: `2024-01-01T00:00:00.${micros}Z`,
          })
          .execute();
      }
      const started = await startSyncRun(db, { id: 'run-now', connectorId: c, mode: 'delta' });
      await finishSyncRun(db, { id: started.id, status: 'succeeded', requests: 5, counts: { users: 2 } });
      const runs = await everyPage((cursor) => listSyncRuns(db, { connectorId: c, limit: 1, cursor }));
      assert.deepEqual(
        runs.items.map((r) => r.id),
        ['run-now', 'run-2', 'run-1', 'run-0'],
      );
      assert.equal(runs.items[0]?.requests, 5);
      assert.ok((runs.items[0]?.durationMs ?? -1) >= 0);
      assert.equal((await latestSyncRun(db, { connectorId: c, mode: 'full' }))?.id, 'run-2');
      assert.equal((await listSyncRuns(db, { connectorId: c, status: 'running' })).items.length, 3);
    });
  });
}
