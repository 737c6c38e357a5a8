// A PostgreSQL server for a benchmark: BENCH_DATABASE_URL or TEST_DATABASE_URL when set, else a throwaway cluster from
// the OS's binaries (scripts/test-postgres.sh, as the test runner does), stopped by the returned function. Callers then
// make their own database in it with test/helpers/postgres.ts createTestPostgres.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const SCRIPT = join(new URL('..', import.meta.url).pathname, 'scripts', 'test-postgres.sh');

export function ensurePostgresServer(): { stop(): void } {
  // Assigning undefined to process.env would store the string "undefined".
  const given = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (given) {
    process.env.TEST_DATABASE_URL = given;
    return { stop: () => undefined };
  }
  process.env.TEST_DATABASE_URL = execFileSync(SCRIPT, ['start', String(process.pid)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  return { stop: () => execFileSync(SCRIPT, ['stop', String(process.pid)], { stdio: 'inherit' }) };
}
