import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setImmediate as nextTick } from 'node:timers/promises';
import { sql } from 'kysely';
import { openCatalog, type Catalog } from '../../catalog/index.js';
import { createTempDir, type TempDir } from '../helpers/temp-dir.js';
import { describeCatalogBehaviour } from './catalog-behaviour.js';

describe('catalog on embedded PGlite', () => {
  let dir: TempDir;
  let catalog: Catalog;

  before(async () => {
    dir = await createTempDir();
    catalog = await openCatalog({ dataDir: dir.path });
  });
  after(async () => {
    await catalog?.close();
    await dir?.remove();
  });

  it('reports itself as pglite', () => assert.equal(catalog.kind, 'pglite'));

  describeCatalogBehaviour(() => catalog);

  it('serialises concurrent transactions on its single connection (no lost updates)', async () => {
    const { db } = catalog;
    await db.insertInto('lantern_meta').values({ key: 'counter', value: '0' }).execute();
    const increments = Array.from({ length: 25 }, () =>
      db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('lantern_meta')
          .select('value')
          .where('key', '=', 'counter')
          .executeTakeFirstOrThrow();
        await nextTick(); // give every other transaction the chance to interleave if the driver allowed it
        await trx
          .updateTable('lantern_meta')
          .set({ value: String(Number(row.value) + 1) })
          .where('key', '=', 'counter')
          .execute();
      }),
    );
    const plainReads = Array.from({ length: 25 }, () => sql`select 1`.execute(db));
    await Promise.all([...increments, ...plainReads]);
    const final = await db
      .selectFrom('lantern_meta')
      .select('value')
      .where('key', '=', 'counter')
      .executeTakeFirstOrThrow();
    assert.equal(final.value, '25');
  });

  it('keeps data across close and reopen of the same data folder, without re-running migrations', async () => {
    const before = await catalog.db
      .selectFrom('lantern_meta')
      .select('value')
      .where('key', '=', 'install_id')
      .executeTakeFirstOrThrow();
    await catalog.db
      .insertInto('connectors')
      .values({ id: 'survivor', display_name: 'Survives restarts', tenant_id: 't1' })
      .execute();
    await catalog.close();
    catalog = await openCatalog({ dataDir: dir.path });
    assert.deepEqual(catalog.appliedMigrations, []);
    const after = await catalog.db
      .selectFrom('lantern_meta')
      .select('value')
      .where('key', '=', 'install_id')
      .executeTakeFirstOrThrow();
    assert.equal(after.value, before.value);
    const survivor = await catalog.db
      .selectFrom('connectors')
      .select('display_name')
      .where('id', '=', 'survivor')
      .executeTakeFirst();
    assert.equal(survivor?.display_name, 'Survives restarts');
  });
});
