// Everything real for end-to-end onboarding tests: the Entra simulator (three tenants, none consented), a Temporal dev
// server, a PGlite catalog, an SMTP server, a worker with Lantern's real activities (payload codec on) and the API
// listening on loopback with a captured log. Shared by the HTTP-driven and the browser test.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { createActivities } from '../../activities/index.js';
import { emailServicesFromConfig } from '../../activities/email/services.js';
import { apiLoggerOptions, buildApp } from '../../api/index.js';
import { temporalClients } from '../../temporal/clients/index.js';
import { onboardingDepsFromConfig } from '../../api/onboarding/deps.js';
import { entraAccessFromSettings, loadConfig, type Config } from '../../config/index.js';
import { dataConverterFor } from '../../temporal/codec.js';
import type { RunningSimulator } from '../../simulator/index.js';
import { freePort } from '../../stack/free-port.js';
import { ADMIN_TOKEN, openTestCatalog, type TestCatalog } from '../helpers/api-app.js';
import { simulatorLanternEnv } from '../helpers/simulator-env.js';
import { createTempDir, type TempDir } from '../helpers/temp-dir.js';
import { createTemporalTestEnv, type TemporalTestEnv } from '../helpers/temporal-env.js';
import { startTestSimulator } from '../simulator/clients.js';
import { startSmtpInbox, type SmtpInbox } from './smtp-inbox.js';

export interface OnboardingStack {
  sim: RunningSimulator;
  temporal: TemporalTestEnv;
  client: Client;
  db: TestCatalog;
  inbox: SmtpInbox;
  config: Config;
  app: FastifyInstance;
  apiUrl: string;
  worker: Worker;
  /** Every line the API logged. */
  logs: string[];
  /** Secrets configured for this stack (scanned for in histories and logs). */
  secrets: string[];
  createOnboarding(
    owners: string[],
    options?: { permissionSet?: 'readOnly' | 'readWrite'; displayName?: string },
  ): Promise<{ connectorId: string; workflowId: string }>;
  teardown(): Promise<void>;
}

export async function startOnboardingStack(options: { reminderSeconds?: number } = {}): Promise<OnboardingStack> {
  const [sim, temporal, db, inbox, port, dir] = (await Promise.all([
    startTestSimulator({ preConsent: false, tenants: 3 }),
    createTemporalTestEnv(),
    openTestCatalog(),
    startSmtpInbox(),
    freePort(),
    createTempDir(),
  ])) as [RunningSimulator, TemporalTestEnv, TestCatalog, SmtpInbox, number, TempDir];
  const taskQueue = temporal.taskQueue();
  const linkKey = randomBytes(32).toString('base64');
  const codecKey = randomBytes(32).toString('base64');
  const config = loadConfig({
    env: {
      LOG_LEVEL: 'info',
      LANTERN_DATA_DIR: dir.path,
      LANTERN_ADMIN_TOKENS: ADMIN_TOKEN,
      LANTERN_API_HOST: '127.0.0.1',
      LANTERN_API_PORT: String(port),
      LANTERN_PUBLIC_URL: `http://127.0.0.1:${port}`,
      LANTERN_TASK_QUEUE: taskQueue,
      ...simulatorLanternEnv(sim, { readWrite: true }),
      LANTERN_SMTP_HOST: '127.0.0.1',
      LANTERN_SMTP_PORT: String(inbox.port),
      LANTERN_LINK_SIGNING_KEY: linkKey,
      LANTERN_CODEC_KEY: codecKey,
      LANTERN_ONBOARDING_REMINDER_SECONDS: String(options.reminderSeconds ?? 3600),
    },
  });
  const dataConverter = dataConverterFor(codecKey)!;
  const client = new Client({
    connection: temporal.env.connection,
    namespace: temporal.env.namespace ?? 'default',
    dataConverter,
  });
  const worker = await temporal.createWorker({
    taskQueue,
    dataConverter,
    activities: createActivities({
      catalog: db.catalog,
      entra: entraAccessFromSettings(config.entra),
      email: emailServicesFromConfig(config),
    }),
  });
  const running = worker.run();
  const logs: string[] = [];
  const logger = pino(
    apiLoggerOptions('info'),
    new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  );
  const app = await buildApp({
    config,
    catalog: db.catalog,
    temporal: temporalClients(client, taskQueue),
    logger,
    onboarding: onboardingDepsFromConfig(config, client),
  });
  await app.listen({ host: '127.0.0.1', port });

  return {
    sim,
    temporal,
    client,
    db,
    inbox,
    config,
    app,
    apiUrl: `http://127.0.0.1:${port}`,
    worker,
    logs,
    secrets: [sim.app.clientSecret, linkKey, codecKey, ADMIN_TOKEN, sim.appReadWrite.clientSecret],
    async createOnboarding(owners, options = {}) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/onboardings',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        payload: {
          displayName: options.displayName ?? 'Contoso',
          owners,
          ...(options.permissionSet ? { permissionSet: options.permissionSet } : {}),
        },
      });
      if (response.statusCode !== 201) throw new Error(`create onboarding → ${response.statusCode}: ${response.body}`);
      return response.json() as { connectorId: string; workflowId: string };
    },
    async teardown() {
      await app.close();
      worker.shutdown();
      await running;
      await Promise.all([temporal.teardown(), sim.close(), inbox.close(), db.close()]);
      await dir.remove();
    },
  };
}
