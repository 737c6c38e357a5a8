// The README is the first thing a new operator reads: its configuration table must list every setting there is.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { ENV_VARS } from '../../config/index.js';

const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('documents every configuration variable in its table', () => {
    const missing = ENV_VARS.filter((v) => !readme.includes(`| \`${v.name}\` | \`${v.path}\` |`)).map((v) => v.name);
    assert.deepEqual(missing, [], 'regenerate the table: node --import tsx scripts/config-table.ts --write');
  });

  it('gives the two commands for a fresh clone', () => {
    assert.match(readme, /^npm start\b/m);
    assert.match(readme, /^npm test\b/m);
  });
});
