// The set-up the killed-worker tests share: a real dev server, the simulator, a PGlite catalog holding one connector,
// and access (or review) workers in child processes (worker-process.ts) that a test can SIGKILL at the moment it needs.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { openCatalog } from '../../catalog/index.js';
import { accessTemporal } from '../../temporal/clients/access.js';
import type { RunningSimulator } from '../../simulator/index.js';
import type { Tenant } from '../../simulator/model/tenant.js';
import { WORKFLOWS_PATH } from '../../worker/index.js';
import { startTestSimulator } from '../simulator/clients.js';
import { createTempDir, type TempDir } from '../helpers/temp-dir.js';
import { createTemporalTestEnv, type TemporalTestEnv } from '../helpers/temporal-env.js';
import { connectSimulatorTenant } from '../helpers/simulator-env.js';
import type { ResolvedConnector } from '../../domain/connector.js';

export interface KillableWorkers {
  temporal: TemporalTestEnv;
  sim: RunningSimulator;
  tenant: Tenant;
  taskQueue: string;
  catalogDir: string;
  access: ReturnType<typeof accessTemporal>;
  connectorId: string;
  connector: ResolvedConnector;
  start(): Promise<ChildProcess>;
  kill(child: ChildProcess): Promise<void>;
  close(): Promise<void>;
}

export async function startKillableWorkers({
  seed,
  tmpPrefix,
  activities = 'access',
}: {
  seed?: number;
  tmpPrefix: string;
  /** Which capability's activities the worker processes run. */
  activities?: 'access' | 'reviews';
}): Promise<KillableWorkers> {
  const [temporal, sim, dir]: [TemporalTestEnv, RunningSimulator, TempDir] = await Promise.all([
    createTemporalTestEnv(),
    startTestSimulator({ ...(seed === undefined ? {} : { seed }) }),
    createTempDir(tmpPrefix),
  ]);
  const bundlePath = join(dir.path, 'bundle.js');
  writeFileSync(
    bundlePath,
    (await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') })).code,
  );

  const catalogDir = join(dir.path, 'catalog');
  const setup = await openCatalog({ dataDir: catalogDir });
  const { tenant, connector } = await connectSimulatorTenant(sim, setup.db, 'Test');
  await setup.close();

  const taskQueue = temporal.taskQueue();
  const children = new Set<ChildProcess>();
  const start = async (): Promise<ChildProcess> => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'worker-process.ts')], {
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: temporal.env.address,
        TASK_QUEUE: taskQueue,
        WORKFLOW_BUNDLE: bundlePath,
        CATALOG_DIR: catalogDir,
        CA_PATH: sim.caCertPath,
        CONNECTOR: JSON.stringify(connector),
        CLIENT_ID: sim.appReadWrite.clientId,
        CLIENT_SECRET: sim.appReadWrite.clientSecret,
        ACTIVITIES: activities,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.add(child);
    const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
    assert.match(chunk.toString(), /ready/);
    return child;
  };
  const kill = async (child: ChildProcess): Promise<void> => {
    child.kill('SIGKILL');
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    children.delete(child);
  };
  return {
    temporal,
    sim,
    tenant,
    taskQueue,
    catalogDir,
    connectorId: connector.id,
    connector,
    access: accessTemporal(temporal.env.client, taskQueue),
    start,
    kill,
    async close() {
      for (const child of children) child.kill('SIGKILL');
      await sim.close();
      await temporal.teardown();
      await dir.remove();
    },
  };
}
