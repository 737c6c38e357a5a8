// Brings a catalog database up to the latest migration. Safe when an API and a worker start together against one
// PostgreSQL: Kysely's migrator tolerates the bookkeeping-table creation race and runs migrations under a database lock
// (test/catalog/postgres.test.ts proves each migration runs once).
import { Migrator, type Kysely } from 'kysely';
import { migrationProvider } from './migrations/index.js';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((result) => result.status === 'Error');
  if (error || failed) {
    const which = failed ? `migration ${failed.migrationName}` : 'migrations';
    throw new MigrationError(`Catalog ${which} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
