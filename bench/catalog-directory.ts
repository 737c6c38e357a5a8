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
  type GroupMemberEdge,
} from '../catalog/directory/writes/index.js';
import { applicationEntitlements, servicePrincipalToResource } from '../entra/resources/applications.js';
import { groupEntitlements, groupToResource } from '../entra/resources/groups.js';
import { roleEntitlements, roleToResource } from '../entra/resources/roles.js';
import { entitlementIds } from '../domain/entitlement-id.js';
import { type EntitlementRow, type GrantRow, type PrincipalRow, type ResourceRow } from '../entra/resources/rows.js';
import { userToPrincipal } from '../entra/resources/users.js';

const PAGE = 999;
const { values: args } = parseArgs({
  options: { scale: { type: 'string', default: '1' }, backend: { type: 'string', default: 'both' } },
});
const scale = Number(args.scale);

/** Deterministic pseudo-random numbers (mulberry32), so every run writes the same tenant. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Tenant {
  principals: PrincipalRow[];
  resources: ResourceRow[];
  entitlements: EntitlementRow[];
  edges: GroupMemberEdge[];
  grants: GrantRow[];
}

function buildTenant(): Tenant {
  const rnd = random(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const users = Math.round(50_000 * scale),
    groupCount = Math.round(5_000 * scale),
    appCount = Math.round(500 * scale);
  const principals = Array.from({ length: users }, (_, i) =>
    userToPrincipal({
      id: `u-${i}`,
      displayName: `User ${i}`,
      userPrincipalName: `user${i}@contoso.com`,
      mail: `user${i}@contoso.com`,
      department: `Dept ${i % 40}`,
      jobTitle: 'Engineer',
      employeeId: String(100_000 + i),
      userType: i % 20 === 0 ? 'Guest' : 'Member',
      accountEnabled: i % 50 !== 0,
      manager: i > 0 ? { id: `u-${Math.floor(i / 10)}` } : null,
    }),
  );
  const groups = Array.from({ length: groupCount }, (_, i) =>
    groupToResource({
      id: `g-${i}`,
      displayName: `Group ${i}`,
      securityEnabled: true,
      groupTypes: i % 25 === 0 ? ['DynamicMembership'] : [],
    }),
  );
  const apps = Array.from({ length: appCount }, (_, i) =>
    servicePrincipalToResource({ id: `sp-${i}`, appId: `app-${i}`, displayName: `App ${i}` }, 'tenant'),
  );
  const roles = Array.from({ length: 50 }, (_, i) =>
    roleToResource({ id: `rd-${i}`, templateId: `tpl-${i}`, displayName: `Role ${i}` }),
  );
  const appRoles = [
    { id: 'r-user', displayName: 'User', allowedMemberTypes: ['User'] },
    { id: 'r-admin', displayName: 'Admin', allowedMemberTypes: ['User'] },
  ];
  const entitlements = [
    ...groups.flatMap(groupEntitlements),
    ...apps.flatMap((a) => applicationEntitlements(a, appRoles)),
    ...roles.flatMap(roleEntitlements),
  ];

  const edges: GroupMemberEdge[] = [];
  for (const p of principals)
    for (let k = 0; k < 3; k++) edges.push({ groupId: pick(groups).id, memberId: p.id, memberKind: 'user' });
  for (let i = 1; i < groups.length; i += 10)
    edges.push({ groupId: groups[Math.floor(rnd() * i)]!.id, memberId: groups[i]!.id, memberKind: 'group' });
  const grants: GrantRow[] = [];
  const direct = (entitlementId: string, principalId: string, principalKind: GrantRow['principalKind']): GrantRow => ({
    entitlementId,
    principalId,
    principalKind,
    viaGroupId: null,
    sourceId: `src-${grants.length}`,
  });
  for (const app of apps) {
    for (let k = 0; k < 20; k++)
      grants.push(direct(entitlementIds.appRole(app.id, pick(appRoles).id), pick(groups).id, 'group'));
    for (let k = 0; k < 100; k++)
      grants.push(direct(entitlementIds.appRole(app.id, 'r-user'), pick(principals).id, 'user'));
    grants.push(direct(entitlementIds.appOwner(app.id), pick(principals).id, 'user'));
  }
  for (const group of groups) grants.push(direct(entitlementIds.groupOwner(group.id), pick(principals).id, 'user'));
  for (const role of roles)
    for (let k = 0; k < 4; k++) grants.push(direct(entitlementIds.roleMember(role.id), pick(principals).id, 'user'));
  return { principals, resources: [...groups, ...apps, ...roles], entitlements, edges, grants };
}

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
  tenant: Tenant,
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

async function run(kind: 'pglite' | 'postgres', catalog: Catalog, tenant: Tenant): Promise<Record<string, unknown>> {
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

const tenant = buildTenant();
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
