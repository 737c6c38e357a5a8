// Builds the Lantern worker: all workflows, all activities (from their factories), on the configured task queue.
// Development bundles workflows/ at start (a few seconds); production passes a prebuilt bundle (build-bundle.ts).
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';
import { entraAccessFromSettings, type Config } from '../config/index.js';
import { trustExtraCertificateAuthority } from '../entra/extra-ca.js';
import { dataConverterFor } from '../temporal/codec.js';
import { emailServicesFromConfig, type EmailConfig } from '../activities/email/services.js';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/**
 * How long a workflow task waits on a worker's own (sticky) queue before any worker may take it. After a crash the
 * server keeps routing a cached workflow's tasks to the dead worker's sticky queue, so a grant due then is removed this
 * much late (the SDK's default is 10 s). Short enough to be a small delay; not shorter, because a busy but live
 * worker that misses it must replay the workflow's history elsewhere.
 */
export const STICKY_QUEUE_TIMEOUT = '2 seconds';

export interface CreateWorkerOptions extends ActivityDeps {
  /** `entra` is optional so tests can build a worker without Entra settings. */
  config: Pick<Config, 'temporal' | 'worker'> & Partial<Pick<Config, 'entra' | 'auth'>> & Partial<EmailConfig>;
  connection: NativeConnection;
  /** Test hook: extra Worker options (e.g. a prebuilt in-memory bundle). */
  overrides?: Partial<WorkerOptions>;
}

export async function createWorker({ config, connection, overrides, ...deps }: CreateWorkerOptions): Promise<Worker> {
  const { workflowBundlePath, maxConcurrentActivities, maxCachedWorkflows } = config.worker;
  // Before any activity builds an MSAL or Graph client: fetch reads the trusted CAs from the global dispatcher.
  if (config.entra?.extraCaCertsPath) trustExtraCertificateAuthority(config.entra.extraCaCertsPath);
  const dataConverter = dataConverterFor(config.temporal.codecKey);
  return Worker.create({
    connection,
    ...(dataConverter ? { dataConverter } : {}),
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createActivities({
      ...deps,
      entra: deps.entra === undefined ? entraAccessFromSettings(config.entra) : deps.entra,
      email: deps.email ?? emailServicesFromConfig(config),
      adminDirectory: deps.adminDirectory ?? config.auth,
    }),
    maxConcurrentActivityTaskExecutions: maxConcurrentActivities,
    maxCachedWorkflows,
    stickyQueueScheduleToStartTimeout: STICKY_QUEUE_TIMEOUT,
    ...(workflowBundlePath ? { workflowBundle: { codePath: workflowBundlePath } } : { workflowsPath: WORKFLOWS_PATH }),
    ...overrides,
  });
}

export interface RunningWorker {
  worker: Worker;
  /** Settles when the worker has stopped (after shutdown, or on a fatal error). */
  finished: Promise<void>;
  /** Graceful: stop polling, let in-flight tasks finish (up to shutdownGraceTime), then resolve. */
  stop(): Promise<void>;
}

export function runWorker(worker: Worker): RunningWorker {
  const finished = worker.run();
  return {
    worker,
    finished,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await finished;
    },
  };
}
