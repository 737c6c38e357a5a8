import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MIGRATIONS, openCatalog, type Catalog } from '../../catalog/index.js';
import { createTestPostgres, postgresSkipReason, requirePostgresInCi, type TestPostgres } from '../helpers/postgres.js';
import { describeCatalogBehaviour } from './catalog-behaviour.js';

requirePostgresInCi();

describe('catalog on PostgreSQL', { skip: postgresSkipReason }, () => {
  let database: TestPostgres;
  let catalog: Catalog;

  before(async () => {
    database = await createTestPostgres();
    catalog = await openCatalog({ databaseUrl: database.url, dataDir: '/nonexistent-unused' });
  });
  after(async () => {
    await catalog?.close();
    await database?.drop();
  });

  it('reports itself as postgres', () => assert.equal(catalog.kind, 'postgres'));

  describeCatalogBehaviour(() => catalog);

  it('lets an API and a worker open a fresh database at once: each migration runs exactly once', async () => {
    const fresh = await createTestPostgres();
    const [first, second] = await Promise.all([
      openCatalog({ databaseUrl: fresh.url, dataDir: '/unused' }),
      openCatalog({ databaseUrl: fresh.url, dataDir: '/unused' }),
    ]);
    try {
      assert.deepEqual([...first.appliedMigrations, ...second.appliedMigrations], Object.keys(MIGRATIONS));
    } finally {
      await Promise.all([first.close(), second.close()]);
      await fresh.drop();
    }
  });
});
