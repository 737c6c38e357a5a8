// The Audit page and the audit export: filters (actor, action, subject, a time range typed in the viewer's zone), keyset
// paging, and JSONL / CSV downloads of every match (CSV quoted per RFC 4180, spreadsheet formulas neutralised).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { csvCell } from '../../api/access/audit-export.js';
import { jsonb, type CatalogSchema } from '../../catalog/index.js';
import type { JsonObject } from '../../catalog/column-types.js';
import { ADMIN_TOKEN, buildTestApp, openTestCatalog, type TestCatalog } from '../helpers/api-app.js';
import { signInAs } from '../helpers/sessions.js';
import { ENTRA_ENV } from './connector-fakes.js';

const HOME = '31111111-2222-4333-8444-555555555555';
const BULK = 1_234;
const api = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** Hand-made entries at known times (UTC), plus BULK filler entries of their own action. */
const ENTRIES = [
  {
    at: '2026-03-01T08:00:00Z',
    actor: 'session:ada',
    action: 'access.requested',
    subject: 'grant:a',
    detail: { note: 'plain' },
  },
  {
    at: '2026-03-01T09:30:00Z',
    actor: 'session:bob',
    action: 'access.approved',
    subject: 'grant:a',
    detail: { note: 'x' },
  },
  { at: '2026-03-01T11:00:00Z', actor: 'session:ada', action: 'access.approved', subject: 'grant:b', detail: {} },
  {
    at: '2026-03-02T08:00:00Z',
    actor: '=HYPERLINK("http://evil")',
    action: 'access.denied',
    subject: '+1,"two"\nthree',
    detail: { t: '@SUM(A1)' },
  },
  {
    at: '2026-03-02T09:00:00Z',
    actor: '<script>alert(1)</script>',
    action: 'access.denied',
    subject: '-5',
    detail: {},
  },
];

async function seed(db: Kysely<CatalogSchema>): Promise<void> {
  await db
    .insertInto('audit_log')
    .values(ENTRIES.map((e) => ({ ...e, at: new Date(e.at), detail: jsonb(e.detail as JsonObject), request_id: null })))
    .execute();
  const filler = Array.from({ length: BULK }, (_, i) => ({
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
    actor: 'worker',
    action: 'bulk.filler',
    subject: `filler:${i}`,
    detail: jsonb({ i }),
    request_id: null,
  }));
  for (let i = 0; i < filler.length; i += 500)
    await db
      .insertInto('audit_log')
      .values(filler.slice(i, i + 500))
      .execute();
}

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

describe('Audit page and export', () => {
  let catalog: TestCatalog;
  let app: FastifyInstance;
  let admin: { cookie: string; csrf: string };

  before(async () => {
    catalog = await openTestCatalog();
    await seed(catalog.catalog.db);
    app = await buildTestApp(catalog.catalog, {}, { ...ENTRA_ENV, LANTERN_HOME_TENANT_ID: HOME });
    admin = await signInAs(catalog.catalog.db, { objectId: 'u-admin', tenantId: HOME, appRoles: ['Lantern.Admin'] });
  });
  after(async () => {
    await app?.close();
    await catalog?.close();
  });

  const page = (query: string) => app.inject({ url: `/admin/audit?${query}`, headers: { cookie: admin.cookie } });
  const rowsOf = (html: string) => [...html.matchAll(/<tr>\s*<td><time datetime="([^"]+)"/g)].map((m) => m[1]);

  it('filters by actor, action and subject, offering the actions the log holds', async () => {
    const response = await page('actor=session%3Aada&action=access.approved');
    assert.equal(response.statusCode, 200);
    assert.deepEqual(rowsOf(response.body), ['2026-03-01T11:00:00.000Z']);
    for (const action of ['access.approved', 'access.denied', 'access.requested', 'bulk.filler']) {
      assert.match(response.body, new RegExp(`<option value="${action}"`));
    }
    const bySubject = await page('subject=grant%3Aa');
    assert.deepEqual(rowsOf(bySubject.body), ['2026-03-01T09:30:00.000Z', '2026-03-01T08:00:00.000Z']);
    assert.match(bySubject.body, /href="\/api\/v1\/audit\?format=csv&amp;subject=grant%3Aa"/);
  });

  it('reads From / To in the viewer’s time zone, and in UTC when the page names no zone', async () => {
    // 10:00–12:30 in Berlin (UTC+1 in March) is 09:00–11:30 UTC.
    const berlin = await page('from=2026-03-01T10%3A00&to=2026-03-01T12%3A30&tz=Europe%2FBerlin');
    assert.deepEqual(rowsOf(berlin.body), ['2026-03-01T11:00:00.000Z', '2026-03-01T09:30:00.000Z']);
    assert.match(berlin.body, /from=2026-03-01T09%3A00%3A00\.000Z&amp;to=2026-03-01T11%3A30%3A00\.000Z/);
    const utc = await page('from=2026-03-01T10%3A00&to=2026-03-01T12%3A30');
    assert.deepEqual(rowsOf(utc.body), ['2026-03-01T11:00:00.000Z']);
    assert.match(utc.body, /read as UTC/);
    const backwards = await page('from=2026-03-02T00%3A00&to=2026-03-01T00%3A00');
    assert.match(backwards.body, /id="audit-to-error">To must not be before From/);
    const api1 = await app.inject({
      url: '/api/v1/audit?from=2026-03-01T09:00:00Z&to=2026-03-01T11:30:00Z',
      headers: api,
    });
    assert.deepEqual(
      (api1.json() as { items: { at: string }[] }).items.map((e) => e.at),
      ['2026-03-01T11:00:00.000Z', '2026-03-01T09:30:00.000Z'],
    );
    const apiBackwards = await app.inject({
      url: '/api/v1/audit?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z',
      headers: api,
    });
    assert.equal(apiBackwards.statusCode, 400);
    const notATime = await app.inject({ url: '/api/v1/audit?from=yesterday', headers: api });
    assert.equal(notATime.statusCode, 400);
  });

  it('pages back with "Older entries", keeping the filter', async () => {
    const first = await page('action=bulk.filler');
    const older = /href="\/admin\/audit\?([^"]+)">Older entries/.exec(first.body)?.[1];
    assert.ok(older, 'links the older entries');
    assert.match(older, /action=bulk.filler&amp;before=\d+/);
    const second = await page(older.replace(/&amp;/g, '&'));
    const firstTimes = rowsOf(first.body);
    const secondTimes = rowsOf(second.body);
    assert.equal(firstTimes.length, 50);
    assert.ok(secondTimes[0]! < firstTimes.at(-1)!, 'the next page starts after the last one');
    assert.match(second.body, />Newest entries</);
  });

  it('exports CSV with a header row, RFC 4180 quoting and spreadsheet formulas neutralised', async () => {
    const response = await app.inject({ url: '/api/v1/audit?format=csv&action=access.denied', headers: api });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/csv/);
    assert.match(String(response.headers['content-disposition']), /attachment; filename="lantern-audit-\d+T\d+\.csv"/);
    const rows = parseCsv(response.body);
    assert.deepEqual(rows[0], ['id', 'at', 'actor', 'action', 'subject', 'request_id', 'detail']);
    assert.equal(rows.length, 3);
    const [, script, formula] = rows;
    assert.equal(script![2], '<script>alert(1)</script>');
    assert.equal(script![4], "'-5");
    assert.equal(formula![2], `'=HYPERLINK("http://evil")`);
    assert.equal(formula![4], `'+1,"two"\nthree`);
    assert.equal(formula![6], '{"t":"@SUM(A1)"}');
    assert.equal(csvCell('@x'), "'@x");
    assert.equal(csvCell('a"b'), '"a""b"');
    assert.equal(csvCell(null), '');
  });

  it('exports every matching entry as JSON lines, streamed page by page without gaps or repeats', async () => {
    const response = await app.inject({ url: '/api/v1/audit?format=jsonl&action=bulk.filler', headers: api });
    assert.equal(response.statusCode, 200);
    const lines = response.body
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; subject: string });
    assert.equal(lines.length, BULK);
    assert.equal(new Set(lines.map((l) => l.id)).size, BULK);
    assert.ok(
      lines.every((l, i) => i === 0 || Number(l.id) < Number(lines[i - 1]!.id)),
      'newest first',
    );
    const limited = await app.inject({ url: '/api/v1/audit?format=csv&action=bulk.filler&limit=3', headers: api });
    assert.equal(parseCsv(limited.body).length, 4, 'limit caps an export');
  });

  it('shows logged text as text, and takes no posts', async () => {
    const response = await page('action=access.denied');
    assert.doesNotMatch(response.body, /<script>alert/);
    assert.match(response.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    const post = await app.inject({
      method: 'POST',
      url: '/admin/audit',
      headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${admin.csrf}`,
    });
    assert.ok(post.statusCode >= 400, 'the audit page takes no posts');
  });
});
