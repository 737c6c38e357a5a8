// A real Temporal dev server for workflow tests: one per suite (createLocal with the pinned CLI binary and Lantern's
// search attributes), workflows bundled once per process, a worker per test on a unique task queue.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { LANTERN_SEARCH_ATTRIBUTES } from '../../temporal/index.js';
import { WORKFLOWS_PATH } from '../../worker/index.js';

type WorkflowBundle = Awaited<ReturnType<typeof bundleWorkflowCode>>;

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
let bundlePromise: Promise<WorkflowBundle> | undefined;
let runtimeInstalled = false;

/** $TEMPORAL_CLI, else whatever scripts/temporal-cli.sh finds or builds (it prints the binary path). */
export function temporalCliPath(): string {
  if (process.env.TEMPORAL_CLI) return process.env.TEMPORAL_CLI;
  return execFileSync('bash', [`${repoRoot}scripts/temporal-cli.sh`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

export interface TemporalTestEnv {
  env: TestWorkflowEnvironment;
  /** A fresh task queue name, so workers of different tests never steal each other's tasks. */
  taskQueue(): string;
  workflowId(prefix: string): string;
  createWorker(options: { taskQueue: string; activities: object } & Partial<WorkerOptions>): Promise<Worker>;
  teardown(): Promise<void>;
}

export async function createTemporalTestEnv(): Promise<TemporalTestEnv> {
  quietRuntime();
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      searchAttributes: [...LANTERN_SEARCH_ATTRIBUTES],
    },
  });
  bundlePromise ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
  const workflowBundle = await bundlePromise;
  return {
    env,
    taskQueue: () => `test-${randomUUID()}`,
    workflowId: (prefix) => `${prefix}:${randomUUID()}`,
    createWorker: ({ taskQueue, activities, ...rest }) =>
      Worker.create({
        connection: env.nativeConnection,
        namespace: env.namespace ?? 'default',
        taskQueue,
        activities,
        workflowBundle,
        ...rest,
      }),
    teardown: () => env.teardown(),
  };
}

/** Keep SDK chatter out of test output (warnings still show). Runtime.install works once, before any connection. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Another helper in this process installed it first; theirs is fine.
  }
}
