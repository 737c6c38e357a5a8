// Opens the catalog: PostgreSQL when a URL is given, otherwise embedded PGlite in <dataDir>/catalog. Migrates at open.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type Dialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrate.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { CatalogSchema } from './schema.js';

const INT8_OID = 20;

export interface OpenCatalogOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
}

export interface Catalog {
  kind: 'pglite' | 'postgres';
  db: Kysely<CatalogSchema>;
  /** Names of migrations applied by this open (empty when already up to date). */
  appliedMigrations: string[];
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export async function openCatalog(opts: OpenCatalogOptions): Promise<Catalog> {
  const kind = opts.databaseUrl ? 'postgres' : 'pglite';
  const dialect = opts.databaseUrl ? postgresDialect(opts.databaseUrl) : await pgliteDialect(opts.dataDir);
  const db = new Kysely<CatalogSchema>({ dialect });
  let appliedMigrations: string[];
  try {
    appliedMigrations = await migrateToLatest(db as Kysely<unknown>);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  let closed = false;
  return {
    kind,
    db,
    appliedMigrations,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

export function pgliteDirectory(dataDir: string): string {
  return join(dataDir, 'catalog');
}

async function pgliteDialect(dataDir: string): Promise<Dialect> {
  const directory = pgliteDirectory(dataDir);
  await mkdir(directory, { recursive: true });
  // int8 as string, like node-postgres, so code reads bigint ids the same way on both databases.
  const pglite = await PGlite.create(directory, { parsers: { [INT8_OID]: (value: string) => value } });
  return new PGliteDialect(pglite);
}

function postgresDialect(databaseUrl: string): Dialect {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 5_000 });
  // An idle client losing its server must not crash the process; the next query reports the problem.
  pool.on('error', () => {});
  return new PostgresDialect({ pool });
}
