// npm run bench:review -- [--size XL|L|M] [--db postgres|pglite] [--requests 40] [--removals 5000] [--apply on|off]
//                          [--inbox-items 10000] [--slow-ms 0] [--analyze-after-sync on|off]
//                          [--history-limit N]
// Access reviews at scale (issue 15's targets), one line per figure `name: value (target …)`:
//   1. staging a campaign over every group membership of the XL catalog (50k users, ~150k memberships) ≤ 60 s;
//   2. a reviewer's inbox of 10k items: listItems first and deep page, and the /reviews/<id> page, p95 ≤ 200 ms;
//   3. deciding 1,000 items at once ≤ 2 s;
//   4. applying 5,000 removals on a simulated tenant under realistic throttling ≤ 1.2 × their resource-unit floor
//      (bench/review-apply.ts);
//   5. the largest Temporal payload (≤ 64 KB) and the history length of that campaign's workflow, every run counted;
//   6. CPU seconds of this process and of the PostgreSQL server, per phase.
// PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL (a throwaway database is made in it), else a throwaway cluster
// from scripts/test-postgres.sh. Figures also go to test-artifacts/bench/review-<size>-<db>.json. With --slow-ms N (a
// local server) the plans of statements slower than N ms (auto_explain) go to test-artifacts/bench/review-slow-*.log.
// --history-limit N makes the campaign workflow continue as new after N events (to see it happen at 5,000 removals).
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { openCatalog, type Catalog } from '../catalog/index.js';
import { stageCampaign } from '../catalog/reviews/staging.js';
import { decideItems, listItems, type InboxQuery } from '../catalog/reviews/decisions.js';
import { signInAs } from '../test/helpers/sessions.js';
import { createTestPostgres } from '../test/helpers/postgres.js';
import { cpuMeter, postmasterPid, type CpuMeter } from './review-cpu.js';
import {
  ADMIN,
  CONNECTOR_ID,
  REVIEWER,
  SIZES,
  TENANT_ID,
  definition,
  groupsHolding,
  insertCampaign,
  reviewDirectory,
  seedReviewCatalog,
  type Size,
} from './review-seed.js';
import { applyBench } from './review-apply.js';
import { buildXlApp } from './xl-catalog.js';
import { watchSlowStatements, type SlowStatementLog } from './review-slow.js';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: 'XL' },
    db: { type: 'string', default: 'postgres' },
    requests: { type: 'string', default: '40' },
    removals: { type: 'string', default: '5000' },
    apply: { type: 'string', default: 'on' },
    'inbox-items': { type: 'string', default: '10000' },
    'slow-ms': { type: 'string', default: '0' },
    'analyze-after-sync': { type: 'string', default: 'on' },
    'history-limit': { type: 'string' },
  },
});
if (!(args.size! in SIZES)) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}`);
const SIZE = args.size as Size;
const REQUESTS = Number(args.requests);
const PAGE_SIZE = 50;
const ROOT = new URL('..', import.meta.url).pathname;
export const TARGETS = {
  stageS: 60,
  inboxP95Ms: 200,
  decideS: 2,
  applyOverFloor: 1.2,
  payloadKb: 64,
};

const figures: Record<string, unknown> = {};
/** One line per figure: `name: value (target …)`, and the same in the JSON artifact. */
function figure(name: string, value: string, target: string, raw: unknown): void {
  console.log(`${name}: ${value} (target ${target})`);
  figures[name] = raw;
}
const notImplemented = (error: unknown) => error instanceof Error && /not implemented/.test(error.message);
/** Runs a figure's work; a part another helper has not built yet is reported, not fatal. */
async function attempt(name: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const why = notImplemented(error) ? 'not implemented yet' : (error as Error).stack;
    console.log(`${name}: skipped — ${why}`);
    figures[name] = { skipped: notImplemented(error) ? 'not implemented' : String(error) };
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
async function timesOf(n: number, work: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 3; i++) await work(); // warm plans and caches
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}
const msPair = (t: { p50: number; p95: number }) => `p50 ${t.p50.toFixed(1)} ms, p95 ${t.p95.toFixed(1)} ms`;
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

function cpuLine(meter: CpuMeter, phase: string): void {
  const { benchS, dbS } = meter.lap();
  const db = dbS === null ? 'database in this process or not measurable' : `database ${dbS} s`;
  console.log(`  cpu (${phase}): bench ${benchS} s, ${db}`);
  figures[`cpu ${phase}`] = { benchS, dbS };
}

async function stagingFigure(catalog: Catalog): Promise<void> {
  const id = 'bench-all-memberships';
  await insertCampaign(
    catalog.db,
    id,
    definition(
      'Every group membership',
      CONNECTOR_ID,
      { kinds: ['groupMembers'] },
      {
        kind: 'manager',
        fallbackIds: [ADMIN],
      },
    ),
  );
  const started = performance.now();
  const counts = await stageCampaign(catalog.db, id, { signInKnown: true, now: new Date() });
  const seconds = (performance.now() - started) / 1000;
  figure(
    'staging every group membership',
    `${seconds.toFixed(1)} s for ${counts.items} items, ${counts.reviewers} reviewers — ${verdict(seconds <= TARGETS.stageS)}`,
    `≤ ${TARGETS.stageS} s`,
    { seconds, ...counts },
  );
}

/** A campaign whose one named reviewer has ~`items` items, staged; returns its id and the reviewer's item count. */
async function inboxCampaign(catalog: Catalog, items: number): Promise<{ id: string; assigned: number }> {
  const id = 'bench-inbox';
  const directory = reviewDirectory(SIZE);
  await insertCampaign(
    catalog.db,
    id,
    definition(
      'One reviewer, many items',
      CONNECTOR_ID,
      { kinds: ['groupMembers'], resourceIds: groupsHolding(directory, items), assignment: 'direct' },
      { kind: 'named', principalIds: [REVIEWER], fallbackIds: [REVIEWER] },
    ),
  );
  const started = performance.now();
  const counts = await stageCampaign(catalog.db, id, { signInKnown: true, now: new Date() });
  console.log(
    `  (inbox campaign staged: ${counts.items} items in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  const { n } = await catalog.db
    .selectFrom('review_assignments')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('campaign_id', '=', id)
    .where('reviewer_id', '=', REVIEWER)
    .executeTakeFirstOrThrow();
  return { id, assigned: Number(n) };
}

async function inboxFigures(catalog: Catalog, campaignId: string, assigned: number): Promise<void> {
  const base: InboxQuery = { campaignId, reviewerId: REVIEWER, limit: PAGE_SIZE };
  const first = await timesOf(REQUESTS, () => listItems(catalog.db, base));
  const total = (await listItems(catalog.db, base)).total;
  // Walk to the page holding the reviewer's middle item: the deep page a keyset cursor must keep cheap.
  let cursor: string | null = null;
  let pages = 0;
  const walkStarted = performance.now();
  for (; pages < Math.floor(assigned / PAGE_SIZE / 2); pages++) {
    const page = await listItems(catalog.db, { ...base, ...(cursor ? { cursor } : {}) });
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const walkMs = (performance.now() - walkStarted) / Math.max(1, pages);
  const deep = await timesOf(REQUESTS, () => listItems(catalog.db, { ...base, ...(cursor ? { cursor } : {}) }));
  const filtered = await timesOf(REQUESTS, () =>
    listItems(catalog.db, { ...base, decision: 'undecided', sort: 'lastSignIn', recommendation: 'remove' }),
  );
  const searched = await timesOf(REQUESTS, () => listItems(catalog.db, { ...base, q: 'finance', sort: 'resource' }));
  const worst = Math.max(first.p95, deep.p95, filtered.p95, searched.p95);
  figure(
    'inbox listItems first page',
    `${msPair(first)} — ${assigned} assigned, total ${total}, page ${PAGE_SIZE}`,
    `p95 ≤ ${TARGETS.inboxP95Ms} ms`,
    { ...first, assigned, total },
  );
  figure(
    'inbox listItems deep page',
    `${msPair(deep)} — page ${pages + 1} (walk ${walkMs.toFixed(1)} ms per page)`,
    `p95 ≤ ${TARGETS.inboxP95Ms} ms`,
    { ...deep, page: pages + 1 },
  );
  figure(
    'inbox listItems undecided+remove by last sign-in',
    msPair(filtered),
    `p95 ≤ ${TARGETS.inboxP95Ms} ms`,
    filtered,
  );
  figure('inbox listItems search "finance" by resource', msPair(searched), `p95 ≤ ${TARGETS.inboxP95Ms} ms`, searched);
  console.log(`  inbox worst p95 ${worst.toFixed(1)} ms — ${verdict(worst <= TARGETS.inboxP95Ms)}`);
}

async function inboxPageFigure(catalog: Catalog, campaignId: string, dataDir: string): Promise<void> {
  const { app, config } = await buildXlApp(catalog, dataDir);
  try {
    const { cookie } = await signInAs(
      catalog.db,
      { objectId: REVIEWER, tenantId: TENANT_ID, upn: `reviewer@${TENANT_ID}` },
      { publicUrl: config.api.publicUrl },
    );
    const url = `/reviews/${encodeURIComponent(campaignId)}`;
    const get = () => app.inject({ url, headers: { cookie, accept: 'text/html' } });
    const probe = await get();
    if (probe.statusCode !== 200) {
      console.log(`inbox page ${url}: skipped — HTTP ${probe.statusCode} (not built yet?)`);
      figures['inbox page'] = { skipped: probe.statusCode };
      return;
    }
    const times = await timesOf(REQUESTS, get);
    figure(
      'inbox page /reviews/<id>',
      `${msPair(times)} — ${(probe.rawPayload.length / 1024).toFixed(1)} KB HTML, ${verdict(times.p95 <= TARGETS.inboxP95Ms)}`,
      `p95 ≤ ${TARGETS.inboxP95Ms} ms`,
      { ...times, kb: probe.rawPayload.length / 1024 },
    );
  } finally {
    await app.close();
  }
}

/** Three decisions of 1,000 items each: keep a fresh thousand, remove another, then change the first to remove. */
async function decideFigure(catalog: Catalog, campaignId: string): Promise<void> {
  const rows = await catalog.db
    .selectFrom('review_items as i')
    .innerJoin('review_assignments as a', (j) =>
      j.onRef('a.campaign_id', '=', 'i.campaign_id').onRef('a.item_id', '=', 'i.id'),
    )
    .select('i.id')
    .where('i.campaign_id', '=', campaignId)
    .where('a.reviewer_id', '=', REVIEWER)
    .where('i.principal_id', '<>', REVIEWER)
    .where('i.applicability', '<>', 'via_group')
    .where('i.decision', 'is', null)
    .orderBy('i.id')
    .limit(2000)
    .execute();
  const ids = rows.map((r) => String(r.id));
  const batches = [
    { label: 'keep 1,000 undecided', ids: ids.slice(0, 1000), decision: 'keep' as const },
    { label: 'remove 1,000 undecided', ids: ids.slice(1000, 2000), decision: 'remove' as const },
    { label: 'change 1,000 keep → remove', ids: ids.slice(0, 1000), decision: 'remove' as const },
  ];
  const results = [];
  for (const batch of batches) {
    const started = performance.now();
    const outcome = await decideItems(catalog.db, {
      campaignId,
      itemIds: batch.ids,
      decision: batch.decision,
      comment: 'bench: reviewed in bulk',
      reviewerId: REVIEWER,
      actor: `session:${REVIEWER}`,
    });
    const seconds = (performance.now() - started) / 1000;
    results.push({ label: batch.label, items: batch.ids.length, seconds, ...outcome });
  }
  const worst = Math.max(...results.map((r) => r.seconds));
  figure(
    'deciding 1,000 items at once',
    `${results.map((r) => `${r.label} ${r.seconds.toFixed(2)} s (${r.decided} decided)`).join('; ')} — ${verdict(worst <= TARGETS.decideS)}`,
    `≤ ${TARGETS.decideS} s`,
    results,
  );
}

async function bench(catalog: Catalog, dataDir: string, meter: CpuMeter): Promise<void> {
  const directory = reviewDirectory(SIZE);
  console.log(`\n${catalog.kind}, size ${SIZE}: seeding the catalog…`);
  const seed = await seedReviewCatalog(catalog, directory, (line) => console.log(line));
  figures.seed = seed;
  console.log(
    `  ${seed.principals} principals, ${seed.groups} groups, ${seed.memberships} user memberships, ${seed.grants} grants ` +
      `in ${seed.seconds.toFixed(0)} s`,
  );
  await sql`analyze`.execute(catalog.db);
  cpuLine(meter, 'seed');

  await attempt('staging every group membership', () => stagingFigure(catalog));
  cpuLine(meter, 'staging');
  let inbox: { id: string; assigned: number } | null = null;
  await attempt('inbox campaign', async () => {
    inbox = await inboxCampaign(catalog, Number(args['inbox-items']));
  });
  if (inbox) {
    const { id, assigned } = inbox;
    await sql`analyze`.execute(catalog.db);
    await attempt('inbox listItems', () => inboxFigures(catalog, id, assigned));
    await attempt('inbox page', () => inboxPageFigure(catalog, id, dataDir));
    cpuLine(meter, 'inbox');
    await attempt('deciding 1,000 items at once', () => decideFigure(catalog, id));
    cpuLine(meter, 'decide');
  }
  if (args.apply !== 'off') {
    await attempt('apply', () =>
      applyBench({
        catalog,
        dataDir,
        size: SIZE,
        removals: Number(args.removals),
        analyzeAfterSync: args['analyze-after-sync'] !== 'off',
        historyLimit: args['history-limit'] ? Number(args['history-limit']) : undefined,
        figure,
        log: (line) => console.log(line),
      }),
    );
    cpuLine(meter, 'apply');
  }
  console.log(
    `  load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} cores (shared machine)`,
  );
  const total = meter.total();
  figure(
    'cpu seconds',
    `bench ${total.benchS} s, database ${total.dbS ?? 'n/a (in this process)'}${total.dbS === null ? '' : ' s'}`,
    'none (for the record)',
    total,
  );
}

/** Statements over --slow-ms with their EXPLAIN ANALYZE plans: a summary here, the plans in an artifact. */
async function reportSlowStatements(slow: SlowStatementLog): Promise<void> {
  const entries = slow.collect().sort((a, b) => b.durationMs - a.durationMs);
  const out = join(ROOT, 'test-artifacts', 'bench');
  await mkdir(out, { recursive: true });
  const file = join(out, `review-slow-${SIZE}-postgres.log`);
  await writeFile(file, entries.map((e) => e.block).join('\n\n'));
  console.log(`\nstatements over ${args['slow-ms']} ms: ${entries.length} (plans in ${file})`);
  for (const e of entries.slice(0, 12)) console.log(`  ${(e.durationMs / 1000).toFixed(1).padStart(6)} s  ${e.query}`);
  figures.slowStatements = entries.map(({ durationMs, query }) => ({ durationMs, query }));
}

/** A PostgreSQL server: the configured one, or a throwaway cluster this run starts and stops. */
async function withPostgres(
  fn: (url: string, serverPid: number | null, slow: SlowStatementLog | null) => Promise<void>,
): Promise<void> {
  let started = false;
  if (!process.env.BENCH_DATABASE_URL && !process.env.TEST_DATABASE_URL) {
    process.env.TEST_DATABASE_URL = execFileSync(
      join(ROOT, 'scripts', 'test-postgres.sh'),
      ['start', String(process.pid)],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    ).trim();
    started = true;
  }
  process.env.TEST_DATABASE_URL ??= process.env.BENCH_DATABASE_URL;
  const database = await createTestPostgres();
  try {
    // auto_explain times every statement while armed, so it is off unless asked for (--slow-ms > 0).
    const slowMs = Number(args['slow-ms']);
    const slow = slowMs > 0 ? await watchSlowStatements(database.url, slowMs) : null;
    await fn(database.url, await serverPidOf(database.url), slow);
  } finally {
    await database.drop();
    if (started)
      execFileSync(join(ROOT, 'scripts', 'test-postgres.sh'), ['stop', String(process.pid)], { stdio: 'inherit' });
  }
}

/** The server's postmaster pid when it runs on this machine and we may read its data directory's setting. */
async function serverPidOf(url: string): Promise<number | null> {
  if (!['127.0.0.1', 'localhost', '::1'].includes(new URL(url).hostname)) return null;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ data_directory: string }>('show data_directory');
    return postmasterPid(rows[0]!.data_directory);
  } catch {
    return null;
  } finally {
    await client.end();
  }
}

const dataDir = await mkdtemp(join(tmpdir(), 'lantern-bench-review-'));
const wallStarted = performance.now();
try {
  if (args.db === 'pglite') {
    const catalog = await openCatalog({ dataDir: join(dataDir, 'pglite') });
    try {
      await bench(catalog, dataDir, cpuMeter(null));
    } finally {
      await catalog.close();
    }
  } else {
    await withPostgres(async (databaseUrl, serverPid, slow) => {
      const catalog = await openCatalog({ databaseUrl, dataDir });
      try {
        await bench(catalog, dataDir, cpuMeter(serverPid));
      } finally {
        await catalog.close();
        if (slow) await reportSlowStatements(slow);
      }
    });
  }
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
const out = join(ROOT, 'test-artifacts', 'bench');
await mkdir(out, { recursive: true });
await writeFile(
  join(out, `review-${SIZE}-${args.db}.json`),
  JSON.stringify(
    {
      size: SIZE,
      db: args.db,
      at: new Date().toISOString(),
      load: loadavg(),
      wallS: (performance.now() - wallStarted) / 1000,
      figures,
    },
    null,
    2,
  ),
);
console.log(JSON.stringify({ size: SIZE, db: args.db, figures }));
