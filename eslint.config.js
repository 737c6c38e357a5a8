// Lint rules that guard correctness: floating promises everywhere, and the Temporal sandbox rule in workflows/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs',
  'fs/promises', 'http', 'http2', 'https', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream',
  'timers', 'tls', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.lantern/**', '.tools/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js'] }, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's describe/it/test return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [
        { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O libraries.
    files: ['workflows/**/*.ts'],
    rules: {
      // typescript-eslint's variant understands `import type`, which erases at compile time and so is sandbox-safe.
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [
          ...nodeBuiltins.flatMap((name) => [name, `node:${name}`]).map((name) => ({
            name, message: 'Workflows run in the Temporal sandbox: do I/O in an activity.' })),
          ...['@temporalio/activity', '@temporalio/client', '@temporalio/worker', 'pg', 'kysely', 'fastify',
            'nodemailer', '@electric-sql/pglite', '@azure/msal-node', '@microsoft/microsoft-graph-client']
            .map((name) => ({ name, message: 'Workflows must not import I/O libraries; call an activity.' })),
        ],
        patterns: [
          { group: ['../activities/*', '../../activities/*'], allowTypeImports: true, message: 'Import activities as types only (import type).', },
          { group: ['../catalog/*', '../entra/*', '../api/*', '../../catalog/*', '../../entra/*', '../../api/*'],
            message: 'Workflows must not import I/O modules.' },
          { group: ['../temporal/connection*', '../temporal/runtime*', '../temporal/index*', '../config/*'],
            message: 'Workflows may import ../temporal/search-attributes.js and task-queues.js only; settings reach a workflow as input.' },
        ],
      }],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() in a loop.' }, { name: 'fetch', message: 'Do I/O in an activity.' }],
    },
  },
);
