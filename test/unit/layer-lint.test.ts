// The layer rules (README, "Repository layout") are enforced by the linter; these tests prove each rule bites, and
// that what the layers are meant to share still passes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintAt as lintWith } from '../helpers/lint.js';

const LAYER_RULES = new Set(['@typescript-eslint/no-restricted-imports', 'no-restricted-syntax']);
const lintAt = (path: string, code: string) => lintWith(path, code, LAYER_RULES);

describe('layer lint rules', () => {
  it('keeps api/ and activities/ from importing each other', async () => {
    const fromApi = await lintAt(
      'api/access/lint-fixture.ts',
      `import { x } from '../../activities/access/index.js';\nexport const y = x;\n`,
    );
    assert.equal(fromApi.length, 1);
    assert.match(fromApi[0]!, /never import each other/);
    const fromActivities = await lintAt(
      'activities/access/lint-fixture.ts',
      `import { x } from '../../api/app.js';\nexport const y = x;\n`,
    );
    assert.equal(fromActivities.length, 1);
    assert.match(fromActivities[0]!, /never import each other/);
  });

  it('keeps catalog/ from importing api/, activities/ or workflows/ (types included)', async () => {
    for (const target of ['api/app.js', 'activities/index.js', 'workflows/index.js']) {
      const errors = await lintAt(
        'catalog/lint-fixture.ts',
        `import type { X } from '../${target}';\nexport type Y = X;\n`,
      );
      assert.equal(errors.length, 1, target);
      assert.match(errors[0]!, /catalog\/ owns storage/);
    }
  });

  it('lets workflows import activity types but not activity code', async () => {
    const value = await lintAt(
      'workflows/access/lint-fixture.ts',
      `import { createAccessActivities } from '../../activities/access/index.js';\nexport const x = createAccessActivities;\n`,
    );
    assert.equal(value.length, 1);
    assert.match(value[0]!, /types only/);
    assert.deepEqual(
      await lintAt(
        'workflows/access/lint-fixture.ts',
        `import type { AccessActivities } from '../../activities/access/index.js';\nexport type X = AccessActivities;\n`,
      ),
      [],
    );
  });

  it('keeps SQL inside catalog/: no query builder import, no query call, no raw sql outside it', async () => {
    const imported = await lintAt('api/lint-fixture.ts', `import { sql } from 'kysely';\nexport const x = sql;\n`);
    assert.equal(imported.length, 1);
    assert.match(imported[0]!, /SQL lives in catalog/);
    const query = await lintAt(
      'activities/lint-fixture.ts',
      `export const rows = (db: any) => db.selectFrom('connectors').selectAll().execute();\n`,
    );
    assert.equal(query.length, 1);
    assert.match(query[0]!, /SQL lives in catalog/);
    assert.deepEqual(
      await lintAt('api/lint-fixture.ts', `import type { Kysely } from 'kysely';\nexport type Db = Kysely<unknown>;\n`),
      [],
      'a type import carries no SQL',
    );
    assert.deepEqual(
      await lintAt(
        'catalog/lint-fixture.ts',
        `export const rows = (db: any) => db.selectFrom('connectors').selectAll().execute();\n`,
      ),
      [],
    );
  });

  it('keeps domain/ free of Lantern imports and the lower layers free of the upper ones', async () => {
    assert.equal(
      (await lintAt('domain/lint-fixture.ts', `import { x } from '../lib/html.js';\nexport const y = x;\n`)).length,
      1,
    );
    assert.deepEqual(
      await lintAt('domain/lint-fixture.ts', `import { x } from './entitlement-id.js';\nexport const y = x;\n`),
      [],
    );
    assert.equal(
      (await lintAt('config/lint-fixture.ts', `import { x } from '../temporal/index.js';\nexport const y = x;\n`))
        .length,
      1,
    );
    assert.equal(
      (await lintAt('entra/lint-fixture.ts', `import { x } from '../catalog/index.js';\nexport const y = x;\n`)).length,
      1,
    );
    assert.deepEqual(
      await lintAt('api/lint-fixture.ts', `import { x } from '../domain/entitlement-id.js';\nexport const y = x;\n`),
      [],
    );
  });
});
