// A sync under test: in-process simulator, a PGlite catalog in a temp dir, the real Temporal dev server, and a worker
// running the real sync activities against the simulator through MSAL and the Graph client.
import { Worker } from '@temporalio/worker';
import { openCatalog, type Catalog } from '../../catalog/index.js';
import { createSyncActivities } from '../../activities/sync/index.js';
import { createTenantGraph } from '../../entra/tenant-graph.js';
import type { RunningSimulator, SimulatorOptions } from '../../simulator/index.js';
import { SYNC_WORKFLOW_TYPE, type SyncTenantInput, type SyncTenantResult } from '../../workflows/sync/messages.js';
import { startTestSimulator } from '../simulator/clients.js';
import { createTempDir, type TempDir } from '../helpers/temp-dir.js';
import type { TemporalTestEnv } from '../helpers/temporal-env.js';
import { type ResolvedConnector, DEFAULT_SYNC_OPTIONS, type SyncOptions } from '../../domain/connector.js';

export interface SyncHarness {
  sim: RunningSimulator;
  catalog: Catalog;
  connector: ResolvedConnector;
  /** Runs one syncTenant workflow to completion on a fresh worker. */
  sync(input?: Partial<SyncTenantInput>): Promise<SyncTenantResult>;
  /** A worker for tests that control its lifetime themselves (crash tests). */
  newWorker(taskQueue: string): Promise<Worker>;
  close(): Promise<void>;
}

export async function createSyncHarness(
  temporal: TemporalTestEnv,
  options: { simulator?: SimulatorOptions; sync?: Partial<SyncOptions> } = {},
): Promise<SyncHarness> {
  const sim = await startTestSimulator(options.simulator);
  const dir: TempDir = await createTempDir('lantern-sync-');
  const catalog = await openCatalog({ dataDir: dir.path });
  const tenantId = sim.tenants[0]!.id;
  const connector: ResolvedConnector = {
    id: `c-${tenantId.slice(0, 8)}`,
    tenantId,
    cloud: {
      authorityHost: sim.authorityHost,
      graphBaseUrl: sim.graphBaseUrl,
      graphScope: 'https://graph.microsoft.com/.default',
    },
    options: { ...DEFAULT_SYNC_OPTIONS, ...options.sync },
  };
  await catalog.db
    .insertInto('connectors')
    .values({ id: connector.id, display_name: 'Test tenant', tenant_id: tenantId, status: 'connected' })
    .execute();
  const tenantGraph = createTenantGraph({
    credentials: { clientId: sim.app.clientId, clientSecret: sim.app.clientSecret },
  });
  const activities = createSyncActivities({ catalog, tenantGraph, loadConnector: async () => connector });
  const newWorker = (taskQueue: string) => temporal.createWorker({ taskQueue, activities });

  return {
    sim,
    catalog,
    connector,
    newWorker,
    async sync(input = {}) {
      const taskQueue = temporal.taskQueue();
      const worker = await newWorker(taskQueue);
      return worker.runUntil(
        temporal.env.client.workflow.execute(SYNC_WORKFLOW_TYPE, {
          taskQueue,
          workflowId: temporal.workflowId(`connector:${connector.id}:sync`),
          args: [{ connectorId: connector.id, ...input }],
        }),
      );
    },
    async close() {
      await catalog.close();
      await sim.close();
      await dir.remove();
    },
  };
}
