// The plan of one campaign's staging INSERT … SELECT, for finding what dominates a slow staging:
//   npx tsx bench/review-explain.ts <database url> <campaign id> [plan|analyze|sql]
// `plan` (default) is EXPLAIN of the SELECT; `analyze` runs it (EXPLAIN ANALYZE, the SELECT only: nothing is written);
// `sql` prints the INSERT with its parameters inlined, to paste into psql inside a transaction that is rolled back.
import { sql } from 'kysely';
import { openCatalog } from '../catalog/index.js';
import { insertItemsQuery } from '../catalog/reviews/staging-items.js';

const [url, campaignId, mode = 'plan'] = process.argv.slice(2);
if (!url || !campaignId) throw new Error('usage: review-explain.ts <database url> <campaign id> [plan|analyze|sql]');

const literal = (value: unknown): string =>
  typeof value === 'number'
    ? String(value)
    : Array.isArray(value)
      ? `'{${value.map((v) => `"${String(v)}"`).join(',')}}'`
      : `'${(value instanceof Date ? value.toISOString() : String(value)).replace(/'/g, "''")}'`;

const catalog = await openCatalog({ databaseUrl: url, dataDir: '/unused' });
try {
  const row = await catalog.db
    .selectFrom('review_campaigns')
    .select(['definition', 'connector_id'])
    .where('id', '=', campaignId)
    .executeTakeFirstOrThrow();
  const compiled = insertItemsQuery(
    'explain-probe',
    { ...row.definition, connectorId: row.connector_id },
    { signInKnown: true, now: new Date() },
  ).compile(catalog.db);
  const inlined = compiled.sql.replace(/\$(\d+)/g, (_, n: string) => literal(compiled.parameters[Number(n) - 1]));
  if (mode === 'sql') console.log(inlined);
  else {
    const select = inlined.slice(inlined.indexOf('select '));
    const explain = mode === 'analyze' ? 'explain (analyze, buffers) ' : 'explain ';
    const result = await sql.raw<{ 'QUERY PLAN': string }>(explain + select).execute(catalog.db);
    for (const line of result.rows) console.log(line['QUERY PLAN']);
  }
} finally {
  await catalog.close();
}
