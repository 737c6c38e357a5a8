// npm run bench:web -- [--db pglite|postgres|both] [--scale 1] [--requests 60]
// The web app's speed on the XL simulated tenant's catalog: server time (app.inject, no socket) of the entitlement
// search the typeahead calls and of every page, each as the person who uses it (session cookie), and each page's
// weight (its HTML plus the CSS/JS it references). Targets (issue 14): search p95 ≤ 50 ms, pages p95 ≤ 200 ms,
// weight ≤ 150 KB. Pages that answer 404 are not built yet and are skipped with a note.
// PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL (a throwaway database is made in it), else a throwaway cluster
// from scripts/test-postgres.sh. Figures: a table on stdout and test-artifacts/bench/web-<db>.json.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { openCatalog, type Catalog } from '../catalog/index.js';
import { signInAs } from '../test/helpers/sessions.js';
import { createTestPostgres } from '../test/helpers/postgres.js';
import { buildXlApp } from './xl-catalog.js';
import { CONNECTOR_ID, PEOPLE, TENANT_ID, DOMAIN, seedXlCatalog, type SeedFigures } from './web-seed.js';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'pglite' },
    scale: { type: 'string', default: '1' },
    requests: { type: 'string', default: '60' },
  },
});
const REQUESTS = Number(args.requests);
const TARGETS = { searchP95Ms: 50, pageP95Ms: 200, pageWeightKb: 150 };
const ROOT = new URL('..', import.meta.url).pathname;

/** What people type: prefixes, word middles, rare and common words, and the kinds of entitlement. */
const SEARCHES: Record<string, string[]> = {
  prefix: ['fin', 'sal', 'pay', 'secu', 'work', 'slac'],
  infix: ['ance', 'ineer', 'ment', 'tok'],
  rare: ['phoenix legal 4', 'treasury 4999', 'zoom 37'],
  common: ['a', 'team', 'group', 'user'],
  kind: ['owner', 'member', 'admin', 'role'],
};

type Viewer = keyof typeof PEOPLE;
interface PageCase {
  label: string;
  url: string;
  viewer: Viewer;
}

function pagesOf(sample: SeedFigures['sample']): PageCase[] {
  const entitlement = encodeURIComponent(sample.entitlementId);
  return [
    { label: 'home', url: '/', viewer: 'requester' },
    { label: 'my access', url: '/access', viewer: 'requester' },
    { label: 'request access', url: '/request', viewer: 'requester' },
    { label: 'request access ?q=', url: '/request?q=finance', viewer: 'requester' },
    { label: 'entitlement page', url: `/request/${CONNECTOR_ID}/${entitlement}`, viewer: 'requester' },
    { label: 'approvals inbox', url: '/approvals', viewer: 'approver' },
    { label: 'approval item', url: `/approvals/${encodeURIComponent(sample.grantId)}`, viewer: 'approver' },
    { label: 'connectors', url: '/admin/connectors', viewer: 'admin' },
    { label: 'connector page', url: `/admin/connectors/${CONNECTOR_ID}`, viewer: 'admin' },
    { label: 'policies', url: '/admin/policies', viewer: 'admin' },
    { label: 'audit', url: '/admin/audit', viewer: 'admin' },
    { label: 'shadow apps', url: '/admin/shadow-apps', viewer: 'admin' },
    { label: 'shadow app page', url: `/admin/shadow-apps/${CONNECTOR_ID}/${sample.appId}`, viewer: 'admin' },
    { label: 'api tokens', url: '/admin/api-tokens', viewer: 'admin' },
  ];
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const ms = (value: number) => `${value.toFixed(1).padStart(7)} ms`;

async function timedGet(app: FastifyInstance, url: string, cookie: string) {
  const started = performance.now();
  const response = await app.inject({ url, headers: { cookie, accept: 'text/html,application/json' } });
  return { took: performance.now() - started, response };
}

/** HTML bytes plus each stylesheet and script it references from Lantern (deduplicated). */
async function pageWeight(app: FastifyInstance, html: string, cookie: string): Promise<number> {
  const assets = new Set(
    [...html.matchAll(/<(?:link[^>]*\bhref|script[^>]*\bsrc)="(\/[^"]+)"/g)]
      .map((m) => m[1]!.replace(/&amp;/g, '&'))
      .filter((href) => /\.(css|js)(\?|$)/.test(href)),
  );
  let bytes = Buffer.byteLength(html);
  for (const href of assets) bytes += (await app.inject({ url: href, headers: { cookie } })).rawPayload.length;
  return bytes;
}

interface PageFigure {
  label: string;
  url: string;
  status: number;
  p50: number;
  p95: number;
  kb: number;
}

async function benchPages(app: FastifyInstance, cookies: Record<Viewer, string>, pages: PageCase[]) {
  const figures: PageFigure[] = [];
  const skipped: string[] = [];
  for (const page of pages) {
    const cookie = cookies[page.viewer];
    const first = await timedGet(app, page.url, cookie);
    if (first.response.statusCode === 404) {
      skipped.push(`${page.label} (${page.url}): 404, not built yet`);
      continue;
    }
    const times: number[] = [];
    for (let i = 0; i < 3; i++) await timedGet(app, page.url, cookie); // warm caches (roles, prepared plans)
    for (let i = 0; i < REQUESTS; i++) times.push((await timedGet(app, page.url, cookie)).took);
    const kb = (await pageWeight(app, first.response.body, cookie)) / 1024;
    figures.push({
      label: page.label,
      url: page.url,
      status: first.response.statusCode,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      kb,
    });
  }
  return { figures, skipped };
}

async function benchSearch(app: FastifyInstance, cookie: string) {
  const all: number[] = [];
  const byKind: Record<string, { p50: number; p95: number; results: number }> = {};
  let status = 0;
  for (const [kind, queries] of Object.entries(SEARCHES)) {
    const times: number[] = [];
    let results = 0;
    for (const q of queries) {
      const url = `/request/search?q=${encodeURIComponent(q)}`;
      const first = await timedGet(app, url, cookie);
      status = first.response.statusCode;
      if (status === 404) return { status };
      const body: unknown = first.response.json();
      const list = Array.isArray(body) ? body : ((body as { items?: unknown[] }).items ?? []);
      results += list.length;
      for (let i = 0; i < REQUESTS; i++) times.push((await timedGet(app, url, cookie)).took);
    }
    all.push(...times);
    byKind[kind] = {
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      results: Math.round(results / queries.length),
    };
  }
  return { status, p50: percentile(all, 50), p95: percentile(all, 95), p99: percentile(all, 99), byKind };
}

async function bench(kind: 'pglite' | 'postgres', catalog: Catalog, dataDir: string): Promise<void> {
  console.log(`\n${kind}: seeding the XL catalog (scale ${args.scale})…`);
  const started = performance.now();
  const seed = await seedXlCatalog(catalog, Number(args.scale), (line) => console.log(line));
  console.log(
    `  ${seed.principals} principals, ${seed.entitlements} entitlements, ${seed.grants} grants, ${seed.accessGrants} ` +
      `access grants, ${seed.auditRows} audit rows, ${seed.discoveredApps} discovered apps ` +
      `(${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );
  const { app, config } = await buildXlApp(catalog, dataDir);
  try {
    const cookies = {} as Record<Viewer, string>;
    for (const viewer of Object.keys(PEOPLE) as Viewer[]) {
      const person = {
        objectId: PEOPLE[viewer],
        tenantId: TENANT_ID,
        upn: `${viewer}@${DOMAIN}`,
        appRoles: viewer === 'admin' ? ['Lantern.Admin'] : [],
      };
      cookies[viewer] = (await signInAs(catalog.db, person, { publicUrl: config.api.publicUrl })).cookie;
    }
    const search = await benchSearch(app, cookies.requester);
    const pages = await benchPages(app, cookies, pagesOf(seed.sample));
    report(kind, search, pages);
    const out = join(ROOT, 'test-artifacts', 'bench');
    await mkdir(out, { recursive: true });
    await writeFile(
      join(out, `web-${kind}.json`),
      JSON.stringify({ kind, at: new Date().toISOString(), load: loadavg(), seed, search, ...pages }, null, 2),
    );
  } finally {
    await app.close();
  }
}

function report(
  kind: string,
  search: Awaited<ReturnType<typeof benchSearch>>,
  { figures, skipped }: Awaited<ReturnType<typeof benchPages>>,
): void {
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  console.log(`\n${kind}: ${REQUESTS} requests per query/page, server time (load average ${load})`);
  if ('p95' in search) {
    const verdict = search.p95! <= TARGETS.searchP95Ms ? 'ok' : `OVER ${TARGETS.searchP95Ms} ms`;
    console.log(
      `  search /request/search   p50 ${ms(search.p50!)}  p95 ${ms(search.p95!)}  p99 ${ms(search.p99!)}  ${verdict}`,
    );
    for (const [name, f] of Object.entries(search.byKind!))
      console.log(`    ${name.padEnd(22)} p50 ${ms(f.p50)}  p95 ${ms(f.p95)}  ~${f.results} results`);
  } else console.log(`  search /request/search   skipped: ${search.status}, not built yet`);
  console.log(
    `  ${'page'.padEnd(22)} ${'status'.padEnd(6)} ${'p50'.padStart(10)} ${'p95'.padStart(10)} ${'weight'.padStart(9)}`,
  );
  for (const f of figures) {
    const over = [
      f.p95 > TARGETS.pageP95Ms ? `p95 OVER ${TARGETS.pageP95Ms} ms` : '',
      f.kb > TARGETS.pageWeightKb ? `weight OVER ${TARGETS.pageWeightKb} KB` : '',
      f.status !== 200 ? `status ${f.status}` : '',
    ].filter(Boolean);
    console.log(
      `  ${f.label.padEnd(22)} ${String(f.status).padEnd(6)} ${ms(f.p50)} ${ms(f.p95)} ${f.kb.toFixed(1).padStart(6)} KB  ` +
        (over.length ? over.join(', ') : 'ok'),
    );
  }
  for (const note of skipped) console.log(`  skipped ${note}`);
}

/** A PostgreSQL server: the configured one, or a throwaway cluster this run starts and stops. */
async function withPostgres(fn: (url: string) => Promise<void>): Promise<void> {
  let started = false;
  if (!process.env.BENCH_DATABASE_URL && !process.env.TEST_DATABASE_URL) {
    const script = join(ROOT, 'scripts', 'test-postgres.sh');
    process.env.TEST_DATABASE_URL = execFileSync(script, ['start', String(process.pid)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }).trim();
    started = true;
  }
  process.env.TEST_DATABASE_URL ??= process.env.BENCH_DATABASE_URL;
  const database = await createTestPostgres();
  try {
    await fn(database.url);
  } finally {
    await database.drop();
    if (started)
      execFileSync(join(ROOT, 'scripts', 'test-postgres.sh'), ['stop', String(process.pid)], { stdio: 'inherit' });
  }
}

const dataDir = await mkdtemp(join(tmpdir(), 'lantern-bench-web-'));
try {
  if (args.db !== 'postgres') {
    const catalog = await openCatalog({ dataDir: join(dataDir, 'pglite') });
    try {
      await bench('pglite', catalog, dataDir);
    } finally {
      await catalog.close();
    }
  }
  if (args.db !== 'pglite') {
    await withPostgres(async (databaseUrl) => {
      const catalog = await openCatalog({ databaseUrl, dataDir });
      try {
        await bench('postgres', catalog, dataDir);
      } finally {
        await catalog.close();
      }
    });
  }
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
