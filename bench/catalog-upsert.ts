// Prints rows/s for upserting 100k connectors rows (insert, then the same ids again as updates) on embedded PGlite
// and — when BENCH_DATABASE_URL or TEST_DATABASE_URL is set — on PostgreSQL. Run: npx tsx bench/catalog-upsert.ts [rows]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openCatalog, type Catalog } from '../catalog/index.js';

const ROWS = Number(process.argv[2] ?? 100_000);
const BATCH = 1_000; // 7 columns × 1,000 rows stays far below Postgres's 65,535 bind-parameter limit

async function upsertAll(catalog: Catalog, pass: number): Promise<number> {
  const started = performance.now();
  for (let offset = 0; offset < ROWS; offset += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, ROWS - offset) }, (_, i) => ({
      id: `bench-${offset + i}`,
      display_name: `Tenant ${offset + i} pass ${pass}`,
      tenant_id: null,
      status: 'pending' as const,
    }));
    await catalog.db
      .insertInto('connectors')
      .values(rows)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({ display_name: (eb) => eb.ref('excluded.display_name'), updated_at: sql`now()` }),
      )
      .execute();
  }
  return ROWS / ((performance.now() - started) / 1000);
}

async function bench(label: string, catalog: Catalog): Promise<void> {
  try {
    await catalog.db.deleteFrom('connectors').where('id', 'like', 'bench-%').execute();
    const inserts = await upsertAll(catalog, 1);
    const updates = await upsertAll(catalog, 2);
    console.log(
      `${label.padEnd(10)} ${ROWS} rows, batches of ${BATCH}: insert ${Math.round(inserts)} rows/s, update ${Math.round(updates)} rows/s`,
    );
    await catalog.db.deleteFrom('connectors').where('id', 'like', 'bench-%').execute();
  } finally {
    await catalog.close();
  }
}

const dataDir = await mkdtemp(join(tmpdir(), 'lantern-bench-'));
try {
  await bench('pglite', await openCatalog({ dataDir }));
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
const databaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (databaseUrl) await bench('postgres', await openCatalog({ databaseUrl, dataDir }));
else console.log('postgres   skipped: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL URL');
