// Just-in-time access under test: in-process simulator, a PGlite catalog, the real Temporal dev server, and a worker
// running the real access activities against the simulator through MSAL and the Graph client. Requests go through
// the same update-with-start helper the API uses.
import { randomUUID } from 'node:crypto';
import type { Worker } from '@temporalio/worker';
import { openCatalog, type Catalog } from '../../catalog/index.js';
import { createAccessActivities } from '../../activities/access/index.js';
import { createGraphClient } from '../../entra/graph-client.js';
import { createTenantGraph, type TenantGraph } from '../../entra/tenant-graph.js';
import type { RunningSimulator } from '../../simulator/index.js';
import type { Tenant } from '../../simulator/model/tenant.js';
import { accessTemporal, type AccessTemporal } from '../../temporal/clients/access.js';
import type { AccessGrantInput, GrantPair, GrantStatus, ResolvedPolicy } from '../../workflows/access/messages.js';
import { startTestSimulator } from '../simulator/clients.js';
import { createTempDir, type TempDir } from '../helpers/temp-dir.js';
import { connectSimulatorTenant } from '../helpers/simulator-env.js';
import { createTemporalTestEnv, type TemporalTestEnv } from '../helpers/temporal-env.js';
import { directGrantRow } from '../helpers/catalog-rows.js';
import type { ResolvedConnector } from '../../domain/connector.js';
import { entitlementIds } from '../../domain/entitlement-id.js';
import { GLOBAL_ADMINISTRATOR_ROLE_ID } from '../../domain/well-known.js';

export const APPROVER = 'approver-1';

export interface AccessHarness {
  sim: RunningSimulator;
  tenant: Tenant;
  catalog: Catalog;
  connector: ResolvedConnector;
  access: AccessTemporal;
  taskQueue: string;
  worker: Worker;
  /** A request input for `principalId` with a short default policy (approval by APPROVER, 2 s grants). */
  input(
    entitlementId: string,
    principalId: string,
    overrides?: { policy?: Partial<ResolvedPolicy>; durationSeconds?: number; requesterId?: string },
  ): AccessGrantInput;
  /** Polls the workflow's query until `accept` holds (no fixed sleeps: state is the synchronisation). */
  waitFor(pair: GrantPair, accept: (status: GrantStatus) => boolean, timeoutMs?: number): Promise<GrantStatus>;
  /** Holds the next Graph add for `principalId` (the grant stays provisioning) until `release()`; `reached` once it waits. */
  holdProvisioning(principalId: string): ProvisioningHold;
  close(): Promise<void>;
}

export interface ProvisioningHold {
  reached: Promise<void>;
  release(): void;
}

/** Graph clients without the SDK's own retries, so Temporal's retry policy is what a fault storm exercises. */
function noSdkRetries(sim: RunningSimulator): TenantGraph {
  const real = createTenantGraph({
    credentials: { clientId: sim.appReadWrite.clientId, clientSecret: sim.appReadWrite.clientSecret },
  });
  return {
    ...real,
    client: (target) => {
      const provider = real.tokens(target.cloud);
      return createGraphClient({
        cloud: target.cloud,
        maxRetries: 0,
        getAccessToken: async (refresh) => (await provider.getToken(target.tenantId, refresh)).accessToken,
      });
    },
  };
}

type RealActivities = ReturnType<typeof createAccessActivities>;

export interface AccessHarnessOptions {
  /** Replaces some activities (spies, faults); gets the real ones to delegate to. */
  activities?: (real: RealActivities) => Partial<RealActivities>;
}

export async function createAccessHarness(
  temporal: TemporalTestEnv,
  options: AccessHarnessOptions = {},
): Promise<AccessHarness> {
  const sim = await startTestSimulator();
  const dir: TempDir = await createTempDir('lantern-access-');
  const catalog = await openCatalog({ dataDir: dir.path });
  const { tenant, connector } = await connectSimulatorTenant(sim, catalog.db);
  await seedGroupOwners(catalog, connector.id, tenant);
  const real = createAccessActivities({
    catalog,
    tenantGraph: noSdkRetries(sim),
    loadConnector: async () => connector,
  });
  const holds = new Map<string, { arrived(): void; released: Promise<void> }>();
  const activities: typeof real = {
    ...real,
    async provisionAccess(target) {
      const hold = holds.get(target.principalId);
      holds.delete(target.principalId);
      if (hold) {
        hold.arrived();
        await hold.released;
      }
      return real.provisionAccess(target);
    },
    ...options.activities?.(real),
  };
  const taskQueue = temporal.taskQueue();
  const worker = await temporal.createWorker({ taskQueue, activities });
  const running = worker.run();
  const access = accessTemporal(temporal.env.client, taskQueue);

  return {
    sim,
    tenant,
    catalog,
    connector,
    access,
    taskQueue,
    worker,
    input(entitlementId, principalId, overrides = {}) {
      const upn = tenant.users.get(principalId)?.userPrincipalName ?? principalId;
      return {
        connectorId: connector.id,
        entitlementId,
        principalId,
        principalUpn: upn,
        policy: {
          maxDurationSeconds: 3600,
          approvalRequired: true,
          approverIds: [APPROVER],
          requestTimeoutSeconds: 30,
          extensionNeedsApproval: false,
          ...overrides.policy,
        },
        request: {
          requestId: randomUUID(),
          requesterId: overrides.requesterId ?? principalId,
          durationSeconds: overrides.durationSeconds ?? 2,
          justification: 'on call',
        },
        deprovisionRetry: { initialSeconds: 0.2, maximumSeconds: 1 },
      };
    },
    async waitFor(pair, accept, timeoutMs = 40_000) {
      const deadline = Date.now() + timeoutMs;
      let last: GrantStatus | undefined;
      while (Date.now() < deadline) {
        last = await access.status(pair);
        if (accept(last)) return last;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`Grant never reached the expected state; last: ${JSON.stringify(last)}`);
    },
    holdProvisioning(principalId) {
      let arrived!: () => void;
      let release!: () => void;
      const reached = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      holds.set(principalId, {
        arrived,
        released: new Promise<void>((resolve) => {
          release = resolve;
        }),
      });
      return { reached, release };
    },
    async close() {
      worker.shutdown();
      await running;
      await catalog.close();
      await sim.close();
      await dir.remove();
    },
  };
}

/**
 * The catalog's group owners as a sync would write them: the removal guards count them (catalog/access/guards.ts), so
 * a just-in-time owner is not taken for a group's last owner in a catalog that was never synced.
 */
async function seedGroupOwners(catalog: Catalog, connectorId: string, tenant: Tenant): Promise<void> {
  const rows = [...tenant.groupOwners].flatMap(([groupId, owners]) =>
    [...owners].map((ownerId) =>
      directGrantRow(connectorId, entitlementIds.groupOwner(groupId), ownerId, {
        principalKind: tenant.users.has(ownerId) ? 'user' : 'servicePrincipal',
        generation: 0,
      }),
    ),
  );
  if (rows.length > 0) await catalog.db.insertInto('grants').values(rows).execute();
}

/** Fixtures found in the seeded tenant: entitlements Lantern may provision with its consented permissions. */
export function pickFixtures(tenant: Tenant) {
  const users = [...tenant.users.values()].filter((u) => u.accountEnabled && u.userType === 'Member');
  const editable = [...tenant.groups.values()].filter(
    (g) =>
      !g.groupTypes.includes('DynamicMembership') &&
      !g.onPremisesSyncEnabled &&
      !g.isAssignableToRole &&
      (!g.mailEnabled || g.groupTypes.includes('Unified')) &&
      (tenant.groupOwners.get(g.id)?.size ?? 0) > 0,
  );
  const rolesHeld = (userId: string) =>
    new Set(
      [...tenant.roleAssignments.values()].filter((a) => a.principalId === userId).map((a) => a.roleDefinitionId),
    );
  // Not Global Administrator: removing the catalog's last enabled one is refused by design (catalog/access/guards.ts).
  const roleIds = [...tenant.roleDefinitions.values()]
    .map((d) => d.templateId)
    .filter((id) => id !== GLOBAL_ADMINISTRATOR_ROLE_ID);
  const holder = [...tenant.roleAssignments.values()].find(
    (a) => a.directoryScopeId === '/' && tenant.users.has(a.principalId),
  )!;
  return {
    users,
    editable,
    isOwner: (groupId: string, userId: string) => tenant.groupOwners.get(groupId)?.has(userId) ?? false,
    hasRole: (templateId: string, userId: string) => rolesHeld(userId).has(templateId),
    /** A directory role the user does not hold. */
    roleNotHeldBy: (userId: string) => roleIds.find((id) => !rolesHeld(userId).has(id))!,
    /** A user who already holds a tenant-wide role before any request. */
    existingRoleHolder: { userId: holder.principalId, templateId: holder.roleDefinitionId },
  };
}

export interface AccessSuite {
  temporal: TemporalTestEnv;
  h: AccessHarness;
  fx: ReturnType<typeof pickFixtures>;
}

/** What an access suite's `before` sets up: a dev server, the harness on it, and the tenant's fixtures. */
export async function startAccessSuite(options: AccessHarnessOptions = {}): Promise<AccessSuite> {
  const temporal = await createTemporalTestEnv();
  const h = await createAccessHarness(temporal, options);
  return { temporal, h, fx: pickFixtures(h.tenant) };
}

/** The grant's catalog row (access_grants); throws when the workflow never recorded one. */
export function grantRow(h: AccessHarness, workflowId: string) {
  return h.catalog.db
    .selectFrom('access_grants')
    .selectAll()
    .where('workflow_id', '=', workflowId)
    .executeTakeFirstOrThrow();
}

export async function stopAccessSuite(suite: Partial<AccessSuite>): Promise<void> {
  await suite.h?.close();
  await suite.temporal?.teardown();
}
