// Lint rules that guard correctness: floating promises everywhere, and the Temporal sandbox rule in workflows/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

// Layers import downhill only (README, "Repository layout"). Each entry: the folder, and the top-level folders its
// files must not import from. Tests, benches, scripts and the simulator stand outside the layers.
const LAYERS = {
  domain: { forbid: ['*'], why: "domain/ holds the nouns every layer speaks and imports nothing of Lantern's." },
  lib: {
    forbid: ['config', 'temporal', 'entra', 'catalog', 'workflows', 'activities', 'api', 'worker', 'stack'],
    why: 'lib/ is generic: it imports only domain/.',
  },
  config: {
    forbid: ['temporal', 'catalog', 'workflows', 'activities', 'api', 'worker', 'stack'],
    why: 'config/ sits at the bottom: the layers read settings, not the reverse.',
  },
  entra: {
    forbid: ['temporal', 'catalog', 'workflows', 'activities', 'api', 'worker', 'stack'],
    why: "entra/ talks to Microsoft and knows nothing of Lantern's storage or processes.",
  },
  temporal: {
    forbid: ['catalog', 'activities', 'api', 'worker', 'stack'],
    why: 'temporal/ is the Temporal client layer: api/ and activities/ use it, not the reverse.',
  },
  catalog: {
    forbid: ['temporal', 'workflows', 'activities', 'api', 'worker', 'stack'],
    why: 'catalog/ owns storage and imports nothing from the layers that use it.',
  },
  activities: {
    forbid: ['api', 'worker', 'stack'],
    why: 'activities/ and api/ never import each other: share code through domain/, lib/, temporal/ or catalog/.',
  },
  api: {
    forbid: ['activities', 'worker', 'stack'],
    why: 'api/ and activities/ never import each other: share code through domain/, lib/, temporal/ or catalog/.',
  },
};
const LANTERN_FOLDERS = [
  'domain',
  'lib',
  'config',
  'temporal',
  'entra',
  'catalog',
  'workflows',
  'activities',
  'api',
  'worker',
  'stack',
];

/** no-restricted-imports patterns that refuse imports of the given top-level folders from anywhere inside `folder`. */
function layerPatterns(folder) {
  const { forbid, why } = LAYERS[folder];
  const names = forbid.includes('*') ? LANTERN_FOLDERS.filter((name) => name !== folder) : forbid;
  return [{ regex: `^(\\.\\./)+(${names.join('|')})/`, message: why }];
}

// SQL lives in catalog/ behind named functions: no query builder, driver or raw SQL anywhere else.
const SQL_LIBRARIES = ['kysely', 'pg', '@electric-sql/pglite'].map((name) => ({
  name,
  allowTypeImports: true,
  message: 'SQL lives in catalog/: call a named catalog function.',
}));
const NO_SQL_SYNTAX = [
  'error',
  {
    selector:
      'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)$/]',
    message: 'SQL lives in catalog/: call a named catalog function.',
  },
  {
    selector: 'TaggedTemplateExpression[tag.name="sql"]',
    message: 'SQL lives in catalog/: call a named catalog function.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.lantern/**', '.tools/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // node:test's describe/it/test return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The pages' browser scripts (served as written from api/pages/assets/): plain scripts, no type information.
    files: ['api/pages/assets/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      sourceType: 'script',
      parserOptions: { projectService: false, project: null },
      globals: Object.fromEntries(
        [
          'document',
          'window',
          'navigator',
          'location',
          'fetch',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'URL',
          'URLSearchParams',
          'AbortController',
          'console',
          'Intl',
          'DOMParser',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O libraries.
    files: ['workflows/**/*.ts'],
    rules: {
      // typescript-eslint's variant understands `import type`, which erases at compile time and so is sandbox-safe.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins
              .flatMap((name) => [name, `node:${name}`])
              .map((name) => ({
                name,
                message: 'Workflows run in the Temporal sandbox: do I/O in an activity.',
              })),
            ...[
              '@temporalio/activity',
              '@temporalio/client',
              '@temporalio/worker',
              'pg',
              'kysely',
              'fastify',
              'nodemailer',
              '@electric-sql/pglite',
              '@azure/msal-node',
              '@microsoft/microsoft-graph-client',
            ].map((name) => ({ name, message: 'Workflows must not import I/O libraries; call an activity.' })),
          ],
          patterns: [
            {
              group: ['../activities/*', '../../activities/*'],
              allowTypeImports: true,
              message: 'Import activities as types only (import type).',
            },
            {
              group: ['../catalog/*', '../entra/*', '../api/*', '../../catalog/*', '../../entra/*', '../../api/*'],
              message: 'Workflows must not import I/O modules.',
            },
            {
              group: ['../temporal/connection*', '../temporal/runtime*', '../temporal/index*', '../config/*'],
              message:
                'Workflows may import ../temporal/search-attributes.js only; settings reach a workflow as input.',
            },
            {
              regex: '^(\\.\\./)+(temporal/clients|lib|worker|stack)/',
              message: 'Workflows import only domain/, their own folder, activity types and the search attribute keys.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() in a loop.' },
        { name: 'fetch', message: 'Do I/O in an activity.' },
      ],
    },
  },
  ...Object.keys(LAYERS).map((folder) => ({
    files: [`${folder}/**/*.ts`],
    rules:
      folder === 'catalog'
        ? { '@typescript-eslint/no-restricted-imports': ['error', { patterns: layerPatterns(folder) }] }
        : {
            '@typescript-eslint/no-restricted-imports': [
              'error',
              { paths: SQL_LIBRARIES, patterns: layerPatterns(folder) },
            ],
            'no-restricted-syntax': NO_SQL_SYNTAX,
          },
  })),
  {
    files: ['worker/**/*.ts', 'stack/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: SQL_LIBRARIES }],
      'no-restricted-syntax': NO_SQL_SYNTAX,
    },
  },
  // Workflows keep their sandbox rule (above) and, like every layer, write no SQL.
  { files: ['workflows/**/*.ts'], rules: { 'no-restricted-syntax': NO_SQL_SYNTAX } },
);
