// A benchmark's Temporal side, shaped like production: the real dev server, and a worker that loads a workflow bundle
// prebuilt in a child process (so the worker's memory is its own, not webpack's).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { temporalCliPath } from '../test/helpers/temporal-env.js';
import { LANTERN_SEARCH_ATTRIBUTES } from '../temporal/index.js';

export async function startBenchWorker(options: { dir: string; taskQueue: string; activities: object }): Promise<{ env: TestWorkflowEnvironment; worker: Worker }> {
  const bundlePath = join(options.dir, 'workflow-bundle.js');
  execFileSync(process.execPath, ['--import', 'tsx', 'worker/build-bundle.ts', bundlePath], { stdio: ['ignore', 'ignore', 'inherit'] });
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: temporalCliPath() }, searchAttributes: [...LANTERN_SEARCH_ATTRIBUTES] },
  });
  const worker = await Worker.create({
    connection: env.nativeConnection, taskQueue: options.taskQueue, workflowBundle: { codePath: bundlePath }, activities: options.activities,
    ...(process.env.BENCH_WORKFLOW_THREADS ? { workflowThreadPoolSize: Number(process.env.BENCH_WORKFLOW_THREADS) } : {}),
  });
  return { env, worker };
}
