// Starts the embedded stack: loads and validates the configuration, fills in what the one-command demo needs
// (an admin token, a port for the worker's SDK metrics so the API's /metrics includes them), and starts the
// components. Used by stack/main.ts; tests and bench/startup.ts drive it through that entry point.
import { mkdir } from 'node:fs/promises';
import pino, { type Logger } from 'pino';
import { loadConfig, type Config } from '../config/index.js';
import { logDestination } from '../lib/log-output.js';
import { ensureAdminTokenFile, type AdminToken } from './admin-token.js';
import type { StackServices } from './component.js';
import { embeddedStackComponents } from './components/index.js';
import { freePort } from './free-port.js';
import { startComponents } from './run-components.js';

export interface StartLanternOptions {
  env?: Record<string, string | undefined>;
  log?: Logger;
}

export interface RunningLantern {
  config: Config;
  urls: Record<string, string>;
  /** Set when the token came from <dataDir>/admin-token rather than LANTERN_ADMIN_TOKENS. */
  adminToken?: AdminToken;
  services: StackServices;
  stop(): Promise<void>;
}

export async function startLantern(opts: StartLanternOptions = {}): Promise<RunningLantern> {
  let config = loadConfig({ env: opts.env ?? process.env });
  const log = opts.log ?? pino({ level: config.logLevel }, logDestination(2));
  // Components starting side by side write into it (the Temporal log, the catalog, the outbox): it must exist first,
  // whether or not an admin token file is generated there.
  await mkdir(config.dataDir, { recursive: true });
  let adminToken: AdminToken | undefined;
  if (config.api.adminTokens.length === 0) {
    adminToken = await ensureAdminTokenFile(config.dataDir);
    config = { ...config, api: { ...config.api, adminTokens: [adminToken.token] } };
  }
  config = await withMergedSdkMetrics(config);
  const ctx = { config, log, services: {} };
  const stack = await startComponents(embeddedStackComponents(config), ctx);
  return {
    config: ctx.config,
    urls: stack.urls,
    services: ctx.services,
    stop: stack.stop,
    ...(adminToken ? { adminToken } : {}),
  };
}

/** In one process the API can serve the worker's Temporal SDK metrics too: give the exporter a free loopback port. */
async function withMergedSdkMetrics(config: Config): Promise<Config> {
  if (config.worker.metricsBindAddress || config.api.temporalMetricsUrl) return config;
  const address = `127.0.0.1:${await freePort()}`;
  return {
    ...config,
    worker: { ...config.worker, metricsBindAddress: address },
    api: { ...config.api, temporalMetricsUrl: `http://${address}/metrics` },
  };
}
