// Shadow apps under test: in-process simulator, a PGlite catalog, the real Temporal dev server, and workers running
// the real sync and revocation activities through MSAL and the Graph client. Two connectors point at the same tenant:
// one consented to the read-write app (may delete consents), one only to the read-only app (may not).
import { randomUUID } from 'node:crypto';
import type { Worker } from '@temporalio/worker';
import { openCatalog, type Catalog } from '../../catalog/index.js';
import { createSyncActivities } from '../../activities/sync/index.js';
import { createReconcileActivities } from '../../activities/access/reconcile.js';
import { createShadowAppActivities, type ShadowAppActivities } from '../../activities/shadow-apps/index.js';
import { createTenantGraph } from '../../entra/tenant-graph.js';
import type { RunningSimulator } from '../../simulator/index.js';
import type { Tenant } from '../../simulator/model/tenant.js';
import { shadowAppsTemporal, type ShadowAppsTemporal } from '../../temporal/clients/shadow-apps.js';
import { SYNC_WORKFLOW_TYPE, type SyncTenantResult } from '../../workflows/sync/messages.js';
import type { RevokeAppConsentsInput, RevokeAppConsentsResult } from '../../workflows/shadow-apps/messages.js';
import { startTestSimulator } from '../simulator/clients.js';
import { createTempDir, type TempDir } from '../helpers/temp-dir.js';
import type { TemporalTestEnv } from '../helpers/temporal-env.js';
import { DEFAULT_SYNC_OPTIONS, type ResolvedConnector } from '../../domain/connector.js';

export interface ShadowHarness {
  sim: RunningSimulator;
  tenant: Tenant;
  catalog: Catalog;
  /** Consented to the read-write app. */
  connector: ResolvedConnector;
  /** Same tenant, read-only app: Graph refuses its deletes. */
  readOnlyConnector: ResolvedConnector;
  sync(connector?: ResolvedConnector): Promise<SyncTenantResult>;
  /** Runs a revocation to its end on a worker whose activities may be wrapped (fault injection). */
  revoke(
    input: Partial<RevokeAppConsentsInput> & Pick<RevokeAppConsentsInput, 'appId' | 'servicePrincipalId'>,
    wrap?: (real: ShadowAppActivities) => ShadowAppActivities,
  ): Promise<{
    result: RevokeAppConsentsResult;
    workflowId: string;
    temporal: ShadowAppsTemporal;
    input: RevokeAppConsentsInput;
  }>;
  /** A worker serving revocations for the read-write connector until `stop()` (for the API under test). */
  serveRevocations(): Promise<{ temporal: ShadowAppsTemporal; stop(): Promise<void> }>;
  /** The simulator's per-user grants of a client service principal. */
  grantsOf(servicePrincipalId: string): { id: string; principalId: string | null }[];
  close(): Promise<void>;
}

export async function createShadowHarness(temporal: TemporalTestEnv): Promise<ShadowHarness> {
  const sim = await startTestSimulator();
  const dir: TempDir = await createTempDir('lantern-shadow-');
  const catalog = await openCatalog({ dataDir: dir.path });
  const tenant = sim.store.tenants()[0]!;
  const cloud = {
    authorityHost: sim.authorityHost,
    graphBaseUrl: sim.graphBaseUrl,
    graphScope: 'https://graph.microsoft.com/.default',
  };
  const connector: ResolvedConnector = {
    id: `c-rw-${tenant.id.slice(0, 8)}`,
    tenantId: tenant.id,
    cloud,
    options: DEFAULT_SYNC_OPTIONS,
  };
  const readOnlyConnector: ResolvedConnector = {
    ...connector,
    id: `c-ro-${tenant.id.slice(0, 8)}`,
    options: DEFAULT_SYNC_OPTIONS,
  };
  // A tenant id names one connector in the catalog; the read-only one reaches the same tenant through its stub loader.
  await catalog.db
    .insertInto('connectors')
    .values([
      { id: connector.id, display_name: 'Tenant (read-write)', tenant_id: tenant.id, status: 'connected' },
      { id: readOnlyConnector.id, display_name: 'Tenant (read-only)', tenant_id: null, status: 'connected' },
    ])
    .execute();
  const depsFor = (c: ResolvedConnector, app: { clientId: string; clientSecret: string }) => ({
    catalog,
    tenantGraph: createTenantGraph({ credentials: { clientId: app.clientId, clientSecret: app.clientSecret } }),
    loadConnector: async () => c,
  });
  const rw = depsFor(connector, sim.appReadWrite);
  const ro = depsFor(readOnlyConnector, sim.app);
  const depsOf = (c: ResolvedConnector) => (c.id === connector.id ? rw : ro);

  const runOn = async <T>(activities: object, run: (taskQueue: string) => Promise<T>): Promise<T> => {
    const taskQueue = temporal.taskQueue();
    const worker: Worker = await temporal.createWorker({ taskQueue, activities });
    return worker.runUntil(run(taskQueue));
  };

  return {
    sim,
    tenant,
    catalog,
    connector,
    readOnlyConnector,
    sync: (c = connector) =>
      runOn({ ...createSyncActivities(depsOf(c)), ...createReconcileActivities(depsOf(c)) }, (taskQueue) =>
        temporal.env.client.workflow.execute(SYNC_WORKFLOW_TYPE, {
          taskQueue,
          workflowId: temporal.workflowId(`connector:${c.id}:sync`),
          args: [{ connectorId: c.id }],
        }),
      ),
    async revoke(partial, wrap = (real) => real) {
      const connectorId = partial.connectorId ?? connector.id;
      const real = createShadowAppActivities(depsOf(connectorId === connector.id ? connector : readOnlyConnector));
      const input: RevokeAppConsentsInput = {
        revocationId: randomUUID(),
        connectorId,
        appDisplayName: partial.appId,
        userIds: null,
        actor: 'admin:test',
        reason: 'not sanctioned',
        ...partial,
      };
      return runOn(wrap(real), async (taskQueue) => {
        const client = shadowAppsTemporal(temporal.env.client, taskQueue);
        const { workflowId } = await client.startRevocation(input);
        return { result: await client.revocationResult(workflowId), workflowId, temporal: client, input };
      });
    },
    async serveRevocations() {
      const taskQueue = temporal.taskQueue();
      const worker = await temporal.createWorker({ taskQueue, activities: createShadowAppActivities(rw) });
      const running = worker.run();
      return {
        temporal: shadowAppsTemporal(temporal.env.client, taskQueue),
        async stop() {
          worker.shutdown();
          await running;
        },
      };
    },
    grantsOf: (spId) =>
      [...tenant.oauth2PermissionGrants.values()]
        .filter((g) => g.clientId === spId && g.consentType === 'Principal')
        .map((g) => ({ id: g.id, principalId: g.principalId })),
    async close() {
      await catalog.close();
      await sim.close();
      await dir.remove();
    },
  };
}

/** Discovered apps with at least `min` consents in the catalog, most consented first. */
export async function appsWithConsents(catalog: Catalog, connectorId: string, min: number) {
  const rows = await catalog.db
    .selectFrom('discovered_apps as d')
    .innerJoin('discovered_app_consents as c', (j) =>
      j.onRef('c.connector_id', '=', 'd.connector_id').onRef('c.app_id', '=', 'd.app_id'),
    )
    .select(['d.app_id', 'd.service_principal_id', 'd.display_name', (eb) => eb.fn.countAll<number>().as('n')])
    .where('d.connector_id', '=', connectorId)
    .groupBy(['d.app_id', 'd.service_principal_id', 'd.display_name'])
    .orderBy('n', 'desc')
    .execute();
  return rows
    .filter((r) => Number(r.n) >= min)
    .map((r) => ({ appId: r.app_id, servicePrincipalId: r.service_principal_id!, displayName: r.display_name }));
}
