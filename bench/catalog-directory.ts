// Writes an XL-shaped directory (50k principals, 5k groups, ~500k grants) through the catalog directory writers, the
// way a full sync's activities would (pages of 999), into PGlite and/or PostgreSQL, and prints rows/s and wall time
// per table, then a 1 % membership-churn delta and a second (idempotent) full pass with its sweep.
//   npx tsx bench/catalog-directory.ts [--scale 1] [--backend pglite|postgres|both]
// PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL (a throwaway database is created in it and dropped after).
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openCatalog, type Catalog } from '../catalog/index.js';
import {
  addGroupMembers,
  completeFullSync,
  removeGroupMembers,
  startSyncRun,
  upsertEntitlements,
  upsertGrants,
  upsertGroupMembers,
  upsertPrincipals,
  upsertResources,
  type CatalogDb,
} from '../catalog/directory/writes/index.js';
import { buildXlDirectory, type Directory } from './xl-directory.js';

const PAGE = 999;
const { values: args } = parseArgs({
  options: { scale: { type: 'string', default: '1' }, backend: { type: 'string', default: 'both' } },
});
const scale = Number(args.scale);

interface Figure {
  step: string;
  rows: number;
  seconds: number;
}

async function timed(figures: Figure[], step: string, work: () => Promise<number>): Promise<void> {
  const started = performance.now();
  const rows = await work();
  const seconds = (performance.now() - started) / 1_000;
  figures.push({ step, rows, seconds });
  console.log(
    `  ${step.padEnd(34)} ${String(rows).padStart(8)} rows ${seconds.toFixed(2).padStart(8)} s ${Math.round(
      rows / seconds,
    )
      .toString()
      .padStart(9)} rows/s`,
  );
}

async function inPages<T>(rows: readonly T[], write: (page: T[]) => Promise<number>): Promise<number> {
  let written = 0;
  for (let start = 0; start < rows.length; start += PAGE) written += await write(rows.slice(start, start + PAGE));
  return written;
}

async function fullSync(
  db: CatalogDb,
  connectorId: string,
  tenant: Directory,
  runId: string,
  figures: Figure[],
  label: string,
): Promise<void> {
  const generation = Number((await startSyncRun(db, { id: runId, connectorId, mode: 'full' })).generation);
  const page = { connectorId, generation };
  await timed(figures, `${label}principals`, () =>
    inPages(tenant.principals, (principals) => upsertPrincipals(db, { ...page, principals })),
  );
  await timed(figures, `${label}resources`, () =>
    inPages(tenant.resources, (resources) => upsertResources(db, { ...page, resources })),
  );
  await timed(figures, `${label}entitlements`, () =>
    inPages(tenant.entitlements, (entitlements) => upsertEntitlements(db, { ...page, entitlements })),
  );
  await timed(figures, `${label}group_members (+ member grants)`, () =>
    inPages(tenant.edges, (edges) => upsertGroupMembers(db, { ...page, edges })),
  );
  await timed(figures, `${label}grants (direct)`, () =>
    inPages(tenant.grants, (grants) => upsertGrants(db, { ...page, grants })),
  );
  await timed(figures, `${label}sweep + via-group grants`, async () => (await completeFullSync(db, page)).viaGrants);
}

async function run(kind: 'pglite' | 'postgres', catalog: Catalog, tenant: Directory): Promise<Record<string, unknown>> {
  const { db } = catalog;
  await db.insertInto('connectors').values({ id: 'bench', display_name: 'Bench', tenant_id: null }).execute();
  const figures: Figure[] = [];
  console.log(`${kind}:`);
  const started = performance.now();
  await fullSync(db, 'bench', tenant, 'full-1', figures, '');
  const firstWall = (performance.now() - started) / 1_000;
  const total = await db
    .selectFrom('grants')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('connector_id', '=', 'bench')
    .executeTakeFirstOrThrow();
  console.log(`  grants stored: ${total.n}; first full sync wall ${firstWall.toFixed(1)} s`);

  const churn = tenant.edges.filter((e) => e.memberKind === 'user').filter((_, i) => i % 100 === 0);
  const generation = Number(
    (await startSyncRun(db, { id: 'delta-1', connectorId: 'bench', mode: 'delta' })).generation,
  );
  await timed(
    figures,
    'delta: remove 1% of edges',
    async () => (await removeGroupMembers(db, { connectorId: 'bench', generation, edges: churn })).viaGrants,
  );
  await timed(
    figures,
    'delta: add them back',
    async () => (await addGroupMembers(db, { connectorId: 'bench', generation, edges: churn })).viaGrants,
  );

  const second = performance.now();
  await fullSync(db, 'bench', tenant, 'full-2', figures, 'again: ');
  const secondWall = (performance.now() - second) / 1_000;
  console.log(`  second full sync (all rows exist) wall ${secondWall.toFixed(1)} s`);
  return {
    backend: kind,
    scale,
    grants: Number(total.n),
    first_full_wall_s: +firstWall.toFixed(2),
    second_full_wall_s: +secondWall.toFixed(2),
    rows_per_s: Object.fromEntries(figures.map((f) => [f.step, Math.round(f.rows / f.seconds)])),
  };
}

async function withPostgres<T>(fn: (url: string) => Promise<T>): Promise<T | undefined> {
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!base) {
    console.log('postgres: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
    return undefined;
  }
  const name = `lantern_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await admin(`drop database ${name} with (force)`);
  }
}

const tenant = buildXlDirectory({
  scale,
  apps: 500,
  membershipsPerUser: 3,
  groupsPerApp: 20,
  names: 'plain',
  signInUsers: 0,
});
console.log(
  `tenant: ${tenant.principals.length} principals, ${tenant.resources.length} resources, ${tenant.entitlements.length} entitlements, ` +
    `${tenant.edges.length} edges, ${tenant.grants.length} direct grants (+ member grants and via-group expansion)`,
);
const results: Record<string, unknown>[] = [];
if (args.backend !== 'postgres') {
  const dir = await mkdtemp(join(tmpdir(), 'lantern-bench-'));
  const catalog = await openCatalog({ dataDir: dir });
  try {
    results.push(await run('pglite', catalog, tenant));
  } finally {
    await catalog.close();
    await rm(dir, { recursive: true, force: true });
  }
}
if (args.backend !== 'pglite') {
  const result = await withPostgres(async (databaseUrl) => {
    const catalog = await openCatalog({ databaseUrl, dataDir: '/unused' });
    try {
      return await run('postgres', catalog, tenant);
    } finally {
      await catalog.close();
    }
  });
  if (result) results.push(result);
}
console.log(JSON.stringify({ peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024), results }));
