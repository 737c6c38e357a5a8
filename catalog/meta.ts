// What a catalog is: its install id, its latest migration and how many connectors it holds (the worker's self-check).
import { sql, type Kysely } from 'kysely';
import type { CatalogSchema } from './schema.js';

export interface CatalogContents {
  installId: string;
  latestMigration: string | null;
  connectorCount: number;
}

/** Read-only. Fails when the catalog was never migrated (no install id). */
export async function describeCatalogContents(db: Kysely<CatalogSchema>): Promise<CatalogContents> {
  const meta = await db
    .selectFrom('lantern_meta')
    .select('value')
    .where('key', '=', 'install_id')
    .executeTakeFirstOrThrow();
  const migration = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(
    db,
  );
  const { count } = await db
    .selectFrom('connectors')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return { installId: meta.value, latestMigration: migration.rows[0]?.name ?? null, connectorCount: Number(count) };
}
