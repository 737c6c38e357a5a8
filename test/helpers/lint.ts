// Lints code as if it stood at a path of the repository, with the project's own eslint config: the lint-rule tests
// prove that a rule bites without a fixture on disk. The type-aware rules are off, which keeps these tests fast.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({
  cwd: repoRoot,
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
  },
});

/** The messages of the given rules for `code` placed at `path` (relative to the repository root). */
export async function lintAt(path: string, code: string, rules: ReadonlySet<string>): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}${path}` });
  assert.deepEqual(
    result!.messages.filter((message) => message.fatal),
    [],
    'fixture must parse',
  );
  return result!.messages.filter((message) => rules.has(message.ruleId ?? '')).map((message) => message.message);
}
