// The production worker (worker/main.ts) in child processes against PostgreSQL and the simulator, for tests that kill
// a worker with SIGKILL at a moment that matters and let another one carry on.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { RunningSimulator } from '../../simulator/index.js';
import { WORKFLOWS_PATH } from '../../worker/index.js';
import type { TemporalTestEnv } from '../helpers/temporal-env.js';
import { simulatorLanternEnv } from '../helpers/simulator-env.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface ProductionWorkers {
  taskQueue: string;
  start(): ChildProcess;
  killAll(): void;
}

export async function productionWorkers({
  temporal,
  sim,
  databaseUrl,
  dataDir,
}: {
  temporal: TemporalTestEnv;
  sim: RunningSimulator;
  databaseUrl: string;
  dataDir: string;
}): Promise<ProductionWorkers> {
  const bundlePath = join(dataDir, 'workflows.js');
  await writeFile(bundlePath, (await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH })).code);
  const taskQueue = temporal.taskQueue();
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.env.address,
    LANTERN_TASK_QUEUE: taskQueue,
    LANTERN_WORKFLOW_BUNDLE: bundlePath,
    LANTERN_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...simulatorLanternEnv(sim),
    LANTERN_EXTRA_CA_CERTS: sim.caCertPath,
  };
  const children = new Set<ChildProcess>();
  return {
    taskQueue,
    start() {
      const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
        cwd: repoRoot,
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.add(child);
      child.once('exit', () => children.delete(child));
      return child;
    },
    killAll() {
      for (const child of children) child.kill('SIGKILL');
    },
  };
}
