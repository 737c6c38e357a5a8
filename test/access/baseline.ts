// Where a release baseline's recorded grant histories live and which scenarios each holds (record-baseline.ts
// records them; replay-baseline-histories.test.ts replays them). No harness here: replaying needs none.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** One grant each, run to its end; together they pass every branch of the accessGrant workflow. */
export const BASELINE_SCENARIOS = [
  'approved-then-expired',
  'request-expired',
  'revoked-through-storm',
  'extended-then-expired',
  'extension-approved-then-revoked',
  'pre-existing-kept',
] as const;
export type BaselineScenario = (typeof BASELINE_SCENARIOS)[number];

export const FIXTURES_DIR = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** The release line the code belongs to: major.minor of package.json's version. */
export async function releaseLine(): Promise<string> {
  const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return version.split('.').slice(0, 2).join('.');
}

export const baselineDir = (line: string): string => `${FIXTURES_DIR}baseline-${line}/`;
