// A benchmark's Temporal side, shaped like production: the real dev server (as `npm start` runs it), and a worker that loads a workflow bundle
// prebuilt in a child process (so the worker's memory is its own, not webpack's).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { temporalCliPath } from '../test/helpers/temporal-env.js';
import { LANTERN_SEARCH_ATTRIBUTES } from '../temporal/index.js';
import { configSchema } from '../config/schema.js';
import { EAGER_ACTIVITIES } from '../stack/temporal-dev-server.js';

export async function startBenchWorker(options: {
  dir: string;
  taskQueue: string;
  activities: object;
}): Promise<{ env: TestWorkflowEnvironment; worker: Worker }> {
  const bundlePath = join(options.dir, 'workflow-bundle.js');
  execFileSync(process.execPath, ['--import', 'tsx', 'worker/build-bundle.ts', bundlePath], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      searchAttributes: [...LANTERN_SEARCH_ATTRIBUTES],
      extraArgs: EAGER_ACTIVITIES,
    },
  });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: options.taskQueue,
    workflowBundle: { codePath: bundlePath },
    activities: options.activities,
    // As the production worker (config/schema.ts explains why it is not the SDK's heap-based default).
    maxCachedWorkflows: configSchema.shape.worker.parse({}).maxCachedWorkflows,
  });
  return { env, worker };
}
