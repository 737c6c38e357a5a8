// The Temporal sandbox rule is enforced by the linter; these tests prove the rule bites (and lets type imports through).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintAt } from '../helpers/lint.js';

const RULE = '@typescript-eslint/no-restricted-imports';
const lintWorkflow = (code: string) => lintAt('workflows/lint-fixture.ts', code, new Set([RULE]));

describe('workflow sandbox lint rule', () => {
  it('rejects node:fs in a workflow file', async () => {
    const errors = await lintWorkflow(`import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n`);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /sandbox/);
  });

  it('rejects bare Node built-ins and I/O libraries too', async () => {
    const errors = await lintWorkflow(
      `import { join } from 'path';\nimport pg from 'pg';\nexport const x = [join, pg];\n`,
    );
    assert.equal(errors.length, 2);
  });

  it('rejects a value import from activities but accepts a type import', async () => {
    const valueImport = await lintWorkflow(
      `import { createSystemActivities } from '../activities/system.js';\nexport const x = createSystemActivities;\n`,
    );
    assert.equal(valueImport.length, 1);
    assert.match(valueImport[0]!, /types only/);
    const typeImport = await lintWorkflow(
      `import type { SystemActivities } from '../activities/system.js';\nexport type X = SystemActivities;\n`,
    );
    assert.deepEqual(typeImport, []);
  });

  it('lets workflows use the shared search attribute keys but not the connection code', async () => {
    assert.deepEqual(
      await lintWorkflow(`import { StageKey } from '../temporal/search-attributes.js';\nexport const x = StageKey;\n`),
      [],
    );
    assert.equal(
      (
        await lintWorkflow(
          `import { connectClient } from '../temporal/connection.js';\nexport const x = connectClient;\n`,
        )
      ).length,
      1,
    );
  });
});
