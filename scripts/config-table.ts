// The README's configuration table, generated from config/env-vars.ts (the one list of settings):
//   node --import tsx scripts/config-table.ts           prints it
//   node --import tsx scripts/config-table.ts --write   rewrites it in README.md (between the config-table markers)
// test/stack/readme.test.ts fails when the README misses a variable, so the two cannot drift apart.
import { readFile, writeFile } from 'node:fs/promises';
import { ENV_VARS } from '../config/index.js';

const START = '<!-- config-table:start -->';
const END = '<!-- config-table:end -->';

const escape = (text: string) => text.replaceAll('|', '\\|');
const table = [
  '| Variable | Config file key | Secret | Meaning and default |',
  '|---|---|---|---|',
  '| `LANTERN_CONFIG` | — |  | Optional JSON config file; environment variables override it |',
  ...ENV_VARS.map((v) => `| \`${v.name}\` | \`${v.path}\` | ${v.secret ? 'yes' : ''} | ${escape(v.description)} |`),
].join('\n');

if (process.argv.includes('--write')) {
  const readmeUrl = new URL('../README.md', import.meta.url);
  const readme = await readFile(readmeUrl, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${START} … ${END} markers`);
  await writeFile(readmeUrl, `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`);
  console.log(`README.md: configuration table rewritten (${ENV_VARS.length + 1} rows)`);
} else {
  console.log(table);
}
