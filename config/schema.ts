// The one validated schema for every Lantern setting. Error texts are phrased as "what is expected" so that the
// loader can say "<VARIABLE> must be <expected>, got ...".
import { resolve } from 'node:path';
import { z } from 'zod';
import { authSchema } from './auth-schema.js';
import { entraSchema } from './entra-schema.js';
import { simulatorSchema } from './simulator-schema.js';
import { codecKeySchema, emailSchema, onboardingSchema } from './onboarding-schema.js';

const port = (fallback: number) =>
  z.coerce
    .number({ error: 'an integer 1-65535' })
    .int({ error: 'an integer 1-65535' })
    .min(1, { error: 'an integer 1-65535' })
    .max(65535, { error: 'an integer 1-65535' })
    .default(fallback);

const text = (expected: string) => z.string({ error: expected }).trim().min(1, { error: expected });

const flag = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    const lower = value.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(lower)) return true;
    if (['false', '0', 'no', 'off', ''].includes(lower)) return false;
    return value;
  },
  z.boolean({ error: 'true or false' }),
);

const httpUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL' });
const hostPort = z
  .string({ error: 'host:port' })
  .regex(/^[^\s:]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/, { error: 'host:port' });

const TOKEN_RULE = 'a comma-separated list of tokens, each at least 24 characters';
const IDENTITY_TOKEN_RULE = 'a comma-separated list of token=principalId pairs, each token at least 24 characters';

const apiSchema = z
  .strictObject({
    host: text('a host name or IP address').default('127.0.0.1'),
    port: port(8080),
    publicUrl: httpUrl.optional(),
    adminTokens: z.array(z.string().min(24, { error: TOKEN_RULE }), { error: TOKEN_RULE }).default([]),
    // Deprecated aliases (issue 13): people sign in, automation uses API tokens; the API warns at start when set.
    approverTokens: z
      .array(z.string().regex(/^\S{24,}=\S+$/, { error: IDENTITY_TOKEN_RULE }), { error: IDENTITY_TOKEN_RULE })
      .default([]),
    requesterTokens: z
      .array(z.string().regex(/^\S{24,}=\S+$/, { error: IDENTITY_TOKEN_RULE }), { error: IDENTITY_TOKEN_RULE })
      .default([]),
    temporalMetricsUrl: httpUrl.optional(),
  })
  .transform((api) => ({ ...api, publicUrl: (api.publicUrl ?? `http://localhost:${api.port}`).replace(/\/+$/, '') }));

const tlsSchema = z
  .strictObject({
    enabled: flag.default(false),
    certPath: text('a file path').optional(),
    keyPath: text('a file path').optional(),
    caPath: text('a file path').optional(),
    serverName: text('a host name').optional(),
  })
  .refine((tls) => Boolean(tls.certPath) === Boolean(tls.keyPath), {
    error: 'set together with TEMPORAL_TLS_CERT (a client certificate needs its key)',
    path: ['keyPath'],
  });

/** The worker polls one task queue for every workflow and activity; LANTERN_TASK_QUEUE isolates deployments sharing a namespace. */
export const DEFAULT_TASK_QUEUE = 'lantern';

const temporalSchema = z.strictObject({
  address: hostPort.optional(),
  namespace: text('a namespace name').default('default'),
  taskQueue: text('a task queue name').default(DEFAULT_TASK_QUEUE),
  tls: tlsSchema.prefault({}),
  apiKey: text('a non-empty API key').optional(),
  devServer: z.strictObject({ port: port(7233), uiPort: port(8233) }).prefault({}),
  /** Where people open the Temporal Web UI (pages link each workflow there); unset = the embedded dev server's UI. */
  uiUrl: httpUrl.optional(),
  /** AES-256-GCM key of the payload codec; unset = payloads are not encrypted. */
  codecKey: codecKeySchema,
});

const workerSchema = z.strictObject({
  workflowBundlePath: text('a file path').optional(),
  maxConcurrentActivities: z.coerce
    .number({ error: 'an integer 1-10000' })
    .int({ error: 'an integer 1-10000' })
    .min(1, { error: 'an integer 1-10000' })
    .max(10_000, { error: 'an integer 1-10000' })
    .default(100),
  /**
   * Workflows kept in memory between tasks. Not the SDK's heap-based default, which a sized heap shrinks to 32 (256 MB)
   * or ~180 (512 MB): live grants beyond the cache replay their history on every step. bench:jit, 1,000 grants, 512 MB
   * heap: approval → provisioned p50 0.6 s with all cached, 8.9 s with ~180; at 256 MB and the default of 32 the
   * requests time out. 1,000 cached grants peaked at ~100 MB of heap.
   */
  maxCachedWorkflows: z.coerce
    .number({ error: 'an integer 2-100000' })
    .int({ error: 'an integer 2-100000' })
    .min(2, { error: 'an integer 2-100000' })
    .max(100_000, { error: 'an integer 2-100000' })
    .default(1000),
  metricsBindAddress: hostPort.optional(),
});

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const configSchema = z.strictObject({
  dataDir: text('a folder path')
    .default('./.lantern')
    .transform((dir) => resolve(dir)),
  logLevel: z.enum(LOG_LEVELS, { error: `one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: 'a postgres:// or postgresql:// URL' })
    .optional(),
  api: apiSchema.prefault({}),
  auth: authSchema.prefault({}),
  temporal: temporalSchema.prefault({}),
  worker: workerSchema.prefault({}),
  entra: entraSchema.prefault({}),
  email: emailSchema.prefault({}),
  onboarding: onboardingSchema.prefault({}),
  simulator: simulatorSchema.prefault({}),
});

export type Config = z.output<typeof configSchema>;
/** What a config file or a test may supply: every setting optional. */
export type ConfigInput = z.input<typeof configSchema>;
