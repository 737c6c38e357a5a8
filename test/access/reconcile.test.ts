// The reconciler as the sync's final stage: real Temporal dev server, real syncTenant workflow with the real sync and
// reconcile activities, the Entra simulator's Graph and a PGlite catalog shared with the access harness's worker.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createReconcileActivities } from '../../activities/access/reconcile.js';
import { recordGrant } from '../../catalog/access/grants.js';
import { createSyncActivities } from '../../activities/sync/index.js';
import { createTenantGraph } from '../../entra/tenant-graph.js';
import type { AccessGrantInput } from '../../workflows/access/messages.js';
import { SYNC_WORKFLOW_TYPE, type SyncTenantResult } from '../../workflows/sync/messages.js';
import type { TemporalTestEnv } from '../helpers/temporal-env.js';
import {
  APPROVER,
  grantRow,
  pickFixtures,
  type AccessHarness,
  startAccessSuite,
  stopAccessSuite,
} from './access-harness.js';

describe('reconcileLanternAccess (final sync stage)', () => {
  let temporal: TemporalTestEnv;
  let h: AccessHarness;
  let fx: ReturnType<typeof pickFixtures>;

  before(async () => {
    ({ temporal, h, fx } = await startAccessSuite());
  });
  after(() => stopAccessSuite({ temporal, h }));

  /** One syncTenant run on its own worker holding the sync and reconcile activities (workflow liveness via its client). */
  async function sync(): Promise<SyncTenantResult> {
    const tenantGraph = createTenantGraph({
      credentials: { clientId: h.sim.appReadWrite.clientId, clientSecret: h.sim.appReadWrite.clientSecret },
    });
    const deps = { catalog: h.catalog, tenantGraph, loadConnector: async () => h.connector };
    const taskQueue = temporal.taskQueue();
    const worker = await temporal.createWorker({
      taskQueue,
      activities: { ...createSyncActivities(deps), ...createReconcileActivities(deps) },
    });
    return worker.runUntil(
      temporal.env.client.workflow.execute(SYNC_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: temporal.workflowId(`connector:${h.connector.id}:sync`),
        args: [{ connectorId: h.connector.id, mode: 'full' }],
      }),
    );
  }

  async function activeGrant(input: AccessGrantInput): Promise<string> {
    const { workflowId } = await h.access.request(input);
    await h.access.approve(input, { approverId: APPROVER });
    await h.waitFor(input, (s) => s.stage === 'active');
    return workflowId;
  }

  const reconcileAudit = async (workflowId: string) =>
    await h.catalog.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('subject', '=', workflowId)
      .where('action', 'like', 'reconcile.%')
      .execute();

  test('removes access of a terminated grant, keeps pre-existing and live access, and does nothing on the next sync', async () => {
    const holder = fx.existingRoleHolder;
    const [orphanUser, liveUser] = fx.users.filter((u) => u.id !== holder.userId);
    const orphanRole = fx.roleNotHeldBy(orphanUser!.id);
    const liveRole = fx.roleNotHeldBy(liveUser!.id);
    const long = { durationSeconds: 600 };

    const orphan = await activeGrant(h.input(`role:${orphanRole}:member`, orphanUser!.id, long));
    const preExisting = await activeGrant(h.input(`role:${holder.templateId}:member`, holder.userId, long));
    const live = await activeGrant(h.input(`role:${liveRole}:member`, liveUser!.id, long));
    assert.equal((await grantRow(h, preExisting)).pre_existing, true);
    assert.equal(fx.hasRole(orphanRole, orphanUser!.id), true);

    // An operator terminates two grants: their workflows will never deprovision.
    await temporal.env.client.workflow.getHandle(orphan).terminate('operator cleanup');
    await temporal.env.client.workflow.getHandle(preExisting).terminate('operator cleanup');

    const first = await sync();
    assert.deepEqual(first.accessDrift, {
      checked: 3,
      orphaned: 2,
      removed: 1,
      alreadyGone: 0,
      kept: 1,
      failed: 0,
      guarded: 0,
    });
    assert.equal(fx.hasRole(orphanRole, orphanUser!.id), false, 'orphaned access removed in Entra');
    assert.equal(fx.hasRole(holder.templateId, holder.userId), true, 'pre-existing access untouched');
    assert.equal(fx.hasRole(liveRole, liveUser!.id), true, 'a live grant keeps its access');

    assert.deepEqual(await reconcileAudit(orphan), [
      { action: 'reconcile.access_removed', actor: 'lantern-reconciler' },
    ]);
    assert.deepEqual(await reconcileAudit(preExisting), [
      { action: 'reconcile.access_kept', actor: 'lantern-reconciler' },
    ]);
    assert.deepEqual(await reconcileAudit(live), []);
    const closed = await grantRow(h, orphan);
    assert.equal(closed.stage, 'ended');
    assert.equal(closed.end_reason, 'failed');
    assert.equal((await grantRow(h, live)).stage, 'active');
    const synced = await h.catalog.db
      .selectFrom('grants')
      .select('principal_id')
      .where('entitlement_id', '=', `role:${orphanRole}:member`)
      .where('principal_id', '=', orphanUser!.id)
      .execute();
    assert.deepEqual(synced, [], 'the catalog no longer shows the removed access');

    const second = await sync();
    assert.deepEqual(second.accessDrift, {
      checked: 1,
      orphaned: 0,
      removed: 0,
      alreadyGone: 0,
      kept: 0,
      failed: 0,
      guarded: 0,
    });
    assert.equal((await reconcileAudit(orphan)).length, 1, 'no second audit row');
    assert.equal(fx.hasRole(holder.templateId, holder.userId), true);
  });

  test("a new grant for an orphan's pair takes over the access Lantern left and removes it at its own expiry", async () => {
    const user = fx.users.at(-3)!;
    const role = fx.roleNotHeldBy(user.id);
    const orphan = await activeGrant(h.input(`role:${role}:member`, user.id, { durationSeconds: 600 }));
    await temporal.env.client.workflow.getHandle(orphan).terminate('operator cleanup');

    const again = h.input(`role:${role}:member`, user.id, { durationSeconds: 2 });
    assert.equal(await activeGrant(again), orphan, 'the same grant id');
    assert.equal((await h.access.status(again)).preExisting, false, 'not mistaken for access someone else gave');
    assert.equal(fx.hasRole(role, user.id), true);
    const final = await h.waitFor(again, (s) => s.stage === 'ended');
    assert.equal(final.endReason, 'expired');
    assert.equal(fx.hasRole(role, user.id), false, "removed at the new grant's expiry");
  });

  test("a new request for an orphan's pair never loses access to the reconciler", async () => {
    const [late, early] = fx.users.slice(-2);
    const lateRole = fx.roleNotHeldBy(late!.id);
    const earlyRole = fx.roleNotHeldBy(early!.id);
    const lateOrphan = await activeGrant(h.input(`role:${lateRole}:member`, late!.id, { durationSeconds: 600 }));
    const earlyOrphan = await activeGrant(h.input(`role:${earlyRole}:member`, early!.id, { durationSeconds: 600 }));
    for (const id of [lateOrphan, earlyOrphan])
      await temporal.env.client.workflow.getHandle(id).terminate('operator cleanup');

    // The listing sees both orphans; then a new run for each pair starts. `early`'s run exists before the reconciler
    // locks its row (so it is left alone); `late`'s starts right after the reconciler's check and writes its row at once.
    const tenantGraph = createTenantGraph({
      credentials: { clientId: h.sim.appReadWrite.clientId, clientSecret: h.sim.appReadWrite.clientSecret },
    });
    const lateRow = await grantRow(h, lateOrphan);
    const lookups = new Map<string, number>();
    let newRunWrite: Promise<void> | undefined;
    const reconcile = createReconcileActivities({
      catalog: h.catalog,
      tenantGraph,
      loadConnector: async () => h.connector,
      workflowStatus: async (workflowId) => {
        if (workflowId !== lateOrphan && workflowId !== earlyOrphan) return 'RUNNING'; // the earlier test's live grant
        const nth = (lookups.get(workflowId) ?? 0) + 1;
        lookups.set(workflowId, nth);
        if (nth === 1) return 'TERMINATED';
        if (workflowId === earlyOrphan) return 'RUNNING';
        // Not awaited: this lookup runs inside the reconciler's transaction, which the write must wait for.
        const row = lateRow;
        newRunWrite = recordGrant(h.catalog.db, {
          workflowId,
          connectorId: row.connector_id,
          entitlementId: row.entitlement_id,
          principalId: row.principal_id,
          principalUpn: row.principal_upn,
          requesterId: row.requester_id,
          stage: 'pending_approval',
          endReason: null,
          expiresAt: null,
          preExisting: false,
          approverIds: [APPROVER],
        });
        return 'TERMINATED';
      },
    });
    const drift = await new MockActivityEnvironment().run(reconcile.reconcileLanternAccess, {
      connectorId: h.connector.id,
      syncRunId: 'race',
    });
    await newRunWrite;

    assert.deepEqual(
      drift,
      { checked: 3, orphaned: 2, removed: 1, alreadyGone: 0, kept: 0, failed: 0, guarded: 0 },
      "the earlier test's live grant is checked too",
    );
    assert.equal(fx.hasRole(earlyRole, early!.id), true, 'the run that already owned the pair keeps the access');
    assert.deepEqual(await reconcileAudit(earlyOrphan), []);
    // The new run's first write waited for the reconciler: its row is the newest, and it will find the access gone
    // and add it itself (so it never takes the orphan's access for pre-existing access).
    assert.equal(fx.hasRole(lateRole, late!.id), false);
    assert.equal((await grantRow(h, lateOrphan)).stage, 'pending_approval');
    assert.deepEqual(await reconcileAudit(lateOrphan), [
      { action: 'reconcile.access_removed', actor: 'lantern-reconciler' },
    ]);
  });
});
