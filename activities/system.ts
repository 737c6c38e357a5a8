// Activities about Lantern itself (health, self-checks). Factories take narrow dependencies so tests can stub them.
import { sql } from 'kysely';
import type { Catalog } from '../catalog/index.js';

export interface SystemActivityDeps {
  catalog: Pick<Catalog, 'db' | 'kind'>;
}

export interface CatalogDescription {
  kind: 'pglite' | 'postgres';
  installId: string;
  latestMigration: string | null;
  connectorCount: number;
}

export function createSystemActivities({ catalog }: SystemActivityDeps) {
  return {
    /** Read-only (safe to retry): proves the worker can reach the catalog and reports what it found. */
    async describeCatalog(): Promise<CatalogDescription> {
      const { db } = catalog;
      const meta = await db.selectFrom('lantern_meta').select('value').where('key', '=', 'install_id').executeTakeFirstOrThrow();
      const migration = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(db);
      const { count } = await db.selectFrom('connectors').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
      return {
        kind: catalog.kind,
        installId: meta.value,
        latestMigration: migration.rows[0]?.name ?? null,
        connectorCount: Number(count),
      };
    },
  };
}

export type SystemActivities = ReturnType<typeof createSystemActivities>;
