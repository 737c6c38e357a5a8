// What a sign-in session costs a request: p50/p95 of GET /api/v1/me through the whole Fastify app (inject, no socket)
// with a bootstrap bearer token vs a session cookie (one catalog read by id hash; roles cached ≤ 60 s), and with the
// roles not yet cached (the first request of a session each minute: three more reads). On embedded PGlite and — when
// BENCH_DATABASE_URL or TEST_DATABASE_URL is set — PostgreSQL. Target: the session adds ≤ 2 ms p95.
// Run: npm run bench:session [-- requests]
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../api/index.js';
import { openCatalog, type Catalog } from '../catalog/index.js';
import { createSession } from '../catalog/people/sessions.js';
import { loadConfig } from '../config/index.js';
import { sessionCookieName } from '../api/people/session-auth.js';
import { userRow } from '../test/helpers/catalog-rows.js';

const REQUESTS = Number(process.argv[2] ?? 2_000);
const TOKEN = 'bench-admin-token-0123456789abcdef';
const TENANT = randomUUID();
const USERS = 5_000;

async function seed(catalog: Catalog): Promise<string[]> {
  const connector = `bench-${TENANT.slice(0, 8)}`;
  await catalog.db
    .insertInto('connectors')
    .values({ id: connector, display_name: 'Bench', tenant_id: TENANT, status: 'connected' })
    .execute();
  const ids = Array.from({ length: USERS }, () => randomUUID());
  for (let i = 0; i < ids.length; i += 500) {
    await catalog.db
      .insertInto('principals')
      .values(ids.slice(i, i + 500).map((id) => userRow(connector, id, { domain: 'bench.example' })))
      .execute();
  }
  return ids;
}

async function timed(app: FastifyInstance, headers: Record<string, string>): Promise<number> {
  const started = performance.now();
  const response = await app.inject({ url: '/api/v1/me', headers });
  const took = performance.now() - started;
  if (response.statusCode !== 200) throw new Error(`GET /api/v1/me → ${response.statusCode}: ${response.body}`);
  return took;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const figures = (values: number[]) =>
  `p50 ${percentile(values, 50).toFixed(2)} ms, p95 ${percentile(values, 95).toFixed(2)} ms`;

async function bench(label: string, catalog: Catalog, dataDir: string): Promise<void> {
  const config = loadConfig({ env: { LANTERN_ADMIN_TOKENS: TOKEN, LOG_LEVEL: 'silent', LANTERN_DATA_DIR: dataDir } });
  const app = await buildApp({ config, catalog, temporal: null });
  try {
    const users = await seed(catalog);
    const limits = { idleMinutes: 480, maxMinutes: 1440 };
    const cookies: string[] = [];
    for (const objectId of users.slice(0, REQUESTS)) {
      const { id } = await createSession(
        catalog.db,
        { objectId, tenantId: TENANT, upn: objectId, displayName: objectId, appRoles: [] },
        limits,
      );
      cookies.push(`${sessionCookieName(config.api.publicUrl)}=${id}`);
    }
    const bearer = { authorization: `Bearer ${TOKEN}` };
    // Uncached roles: every session's first request.
    const uncached: number[] = [];
    for (const cookie of cookies) uncached.push(await timed(app, { cookie }));
    // Warm: alternate bearer and (cached) session requests so both see the same conditions.
    const withBearer: number[] = [];
    const withSession: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      withBearer.push(await timed(app, bearer));
      withSession.push(await timed(app, { cookie: cookies[i % 50]! }));
    }
    const added = percentile(withSession, 95) - percentile(withBearer, 95);
    const load = loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
    console.log(`${label.padEnd(9)} ${REQUESTS} requests each, ${USERS} users in the catalog (load average ${load})`);
    console.log(`  bearer token             ${figures(withBearer)}`);
    console.log(`  session (roles cached)   ${figures(withSession)}   → adds ${added.toFixed(2)} ms p95`);
    console.log(`  session (roles uncached) ${figures(uncached)}   (first request of a session each minute)`);
  } finally {
    await app.close();
    await catalog.close();
  }
}

const dataDir = await mkdtemp(join(tmpdir(), 'lantern-bench-session-'));
try {
  await bench('pglite', await openCatalog({ dataDir }), dataDir);
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (databaseUrl) await bench('postgres', await openCatalog({ databaseUrl, dataDir }), dataDir);
  else console.log('postgres  skipped: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL URL');
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
