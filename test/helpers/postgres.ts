// Real PostgreSQL for tests. The test runner sets TEST_DATABASE_URL; each caller gets its own database (not just a
// schema: Kysely's migrator finds its bookkeeping tables in any schema, which would let suites see each other). Without the variable, tests skip (and fail under CI=true, where it must be set).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestPostgres {
  url: string;
  drop(): Promise<void>;
}

export const postgresSkipReason: string | false = process.env.TEST_DATABASE_URL
  ? false
  : 'TEST_DATABASE_URL is not set (the test runner scripts/test.sh starts PostgreSQL and sets it)';

export function requirePostgresInCi(): void {
  if (postgresSkipReason && process.env.CI === 'true') {
    throw new Error(`PostgreSQL tests cannot be skipped in CI: ${postgresSkipReason}`);
  }
}

/** Creates an empty database and returns its URL. */
export async function createTestPostgres(): Promise<TestPostgres> {
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (!baseUrl) throw new Error(String(postgresSkipReason));
  const name = `lantern_test_${randomBytes(6).toString('hex')}`;
  await withClient(baseUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withClient(baseUrl, (client) => client.query(`drop database ${name} with (force)`)).then(() => undefined),
  };
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
