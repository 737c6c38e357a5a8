// Request access's entitlement search on an XL-shaped catalog: per tenant 5k groups (member + owner), 500 apps (two
// roles + owner), 50 directory roles, times --scale; two connected tenants, the viewer's first. Prints p50/p95/max of
// searchEntitlements (the query the /request page and /request/search run) over a mix of typed prefixes.
//   npx tsx bench/entitlement-search.ts [--scale 1] [--backend pglite|postgres|both]
// PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL (a throwaway database is created in it and dropped after).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { searchEntitlements } from '../catalog/access/entitlement-search.js';
import { openCatalog, type Catalog } from '../catalog/index.js';

const { values: args } = parseArgs({
  options: { scale: { type: 'string', default: '1' }, backend: { type: 'string', default: 'both' } },
});
const scale = Number(args.scale);
const QUERIES = [
  'g',
  'group 4',
  'group 4999',
  'app 1',
  'admin',
  'owner of',
  'role 3',
  'member of group 12',
  'zzz',
  'user',
];
const ROUNDS = 30;

async function seed(catalog: Catalog, connectorId: string, tenantId: string): Promise<void> {
  const groups = Math.round(5000 * scale);
  const apps = Math.round(500 * scale);
  await sql`insert into connectors (id, display_name, tenant_id, status) values (${connectorId}, ${connectorId}, ${tenantId}, 'connected')`.execute(
    catalog.db,
  );
  await sql`insert into resources (connector_id, id, type, display_name, immutable, generation)
    select ${connectorId}, 'g-' || i, 'group', 'Group ' || i, i % 25 = 0, 1 from generate_series(0, ${groups - 1}) i
    union all select ${connectorId}, 'sp-' || i, 'application', 'App ' || i, false, 1 from generate_series(0, ${apps - 1}) i
    union all select ${connectorId}, 'rd-' || i, 'directoryRole', 'Role ' || i, false, 1 from generate_series(0, 49) i`.execute(
    catalog.db,
  );
  await sql`insert into entitlements (connector_id, id, resource_id, resource_type, kind, display_name, immutable, generation)
    select ${connectorId}, 'group:g-' || i || ':' || k, 'g-' || i, 'group', k, case k when 'member' then 'Member of ' else 'Owner of ' end || 'Group ' || i, i % 25 = 0, 1
      from generate_series(0, ${groups - 1}) i, (values ('member'), ('owner')) kinds(k)
    union all select ${connectorId}, 'app:sp-' || i || ':' || r, 'sp-' || i, 'application', 'appRole', r || ' in App ' || i, false, 1
      from generate_series(0, ${apps - 1}) i, (values ('User'), ('Admin')) roles(r)
    union all select ${connectorId}, 'app:sp-' || i || ':owner', 'sp-' || i, 'application', 'owner', 'Owner of App ' || i, false, 1
      from generate_series(0, ${apps - 1}) i
    union all select ${connectorId}, 'role:rd-' || i, 'rd-' || i, 'directoryRole', 'roleMember', 'Role ' || i || ' role', false, 1
      from generate_series(0, 49) i`.execute(catalog.db);
  await sql`analyze`.execute(catalog.db);
}

async function measure(label: string, catalog: Catalog): Promise<void> {
  await seed(catalog, 'xl-a', 'tenant-a');
  await seed(catalog, 'xl-b', 'tenant-b');
  const { count } = (await catalog.db
    .selectFrom('entitlements')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow()) as { count: string };
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const query of QUERIES) {
      const started = performance.now();
      await searchEntitlements(catalog.db, { tenantId: 'tenant-a' }, query);
      if (round > 0) times.push(performance.now() - started);
    }
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  console.log(
    `${label}: ${count} entitlements (2 tenants), ${times.length} searches: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`,
  );
}

async function onPglite(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'lantern-search-'));
  const catalog = await openCatalog({ dataDir: dir });
  try {
    await measure('PGlite', catalog);
  } finally {
    await catalog.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function onPostgres(): Promise<void> {
  const baseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!baseUrl) return console.log('PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
  const name = `lantern_search_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const catalog = await openCatalog({ dataDir: '', databaseUrl: url.toString() });
  try {
    await measure('PostgreSQL', catalog);
  } finally {
    await catalog.close();
    await admin.query(`drop database ${name} with (force)`);
    await admin.end();
  }
}

if (args.backend !== 'postgres') await onPglite();
if (args.backend !== 'pglite') await onPostgres();
