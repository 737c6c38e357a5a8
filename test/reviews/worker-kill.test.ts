// A campaign survives its worker being SIGKILLed while staging (mid sign-in refresh) and while applying (mid Graph
// DELETE): fresh worker processes continue from history and the catalog, every denied item is removed exactly once
// (the simulator's change log), nothing else is removed, and every item ends with a result.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { openCatalog } from '../../catalog/index.js';
import { createCampaign } from '../../catalog/reviews/campaigns.js';
import { createSyncActivities } from '../../activities/sync/index.js';
import { createReconcileActivities } from '../../activities/access/reconcile.js';
import { createTenantGraph } from '../../entra/tenant-graph.js';
import { reviewsTemporal } from '../../temporal/clients/reviews.js';
import { SYNC_WORKFLOW_TYPE } from '../../workflows/sync/messages.js';
import { reviewCampaignWorkflowId } from '../../workflows/reviews/messages.js';
import { startKillableWorkers, type KillableWorkers } from '../access/killable-worker.js';
import { definitionOf, TEST_RETRY } from './review-harness.js';

describe('reviewCampaign with its worker killed', { timeout: 360_000 }, () => {
  let w: KillableWorkers;

  before(async () => {
    w = await startKillableWorkers({ tmpPrefix: 'lantern-review-kill-', activities: 'reviews' });
  });
  after(async () => {
    await w?.close();
  });

  it('removes every denied item exactly once across a kill in staging and a kill in apply', async () => {
    const { temporal, sim, tenant, connector, catalogDir, taskQueue, start: startWorker, kill } = w;
    const finance = [...tenant.groups.values()].find((g) => g.displayName === 'SG-Finance')!;
    const owners = [...tenant.groupOwners.get(finance.id)!];
    const campaignId = randomUUID();
    const definition = definitionOf(connector.id, {
      name: 'Finance members',
      scope: { kinds: ['groupMembers'], resourceIds: [finance.id] },
      reviewers: { kind: 'owners', fallbackIds: owners },
      durationSeconds: 25,
      // Nobody decides: at the due date every item becomes "remove".
      defaultDecision: 'remove',
      autoApply: true,
    });

    // The catalog as a sync leaves it, and the campaign's row, written before any worker process opens the catalog.
    const setup = await openCatalog({ dataDir: catalogDir });
    const graphDeps = {
      catalog: setup,
      tenantGraph: createTenantGraph({
        credentials: { clientId: sim.appReadWrite.clientId, clientSecret: sim.appReadWrite.clientSecret },
      }),
      loadConnector: async () => connector,
    };
    const syncQueue = temporal.taskQueue();
    const syncWorker = await temporal.createWorker({
      taskQueue: syncQueue,
      activities: { ...createSyncActivities(graphDeps), ...createReconcileActivities(graphDeps) },
    });
    await syncWorker.runUntil(
      temporal.env.client.workflow.execute(SYNC_WORKFLOW_TYPE, {
        taskQueue: syncQueue,
        workflowId: temporal.workflowId('sync'),
        args: [{ connectorId: connector.id }],
      }),
    );
    const startedAt = new Date();
    await createCampaign(setup.db, {
      id: campaignId,
      definition,
      workflowId: reviewCampaignWorkflowId(campaignId),
      ownerId: 'admin-token#1',
      ownerSubject: null,
      startedAt,
      dueAt: new Date(startedAt.getTime() + definition.durationSeconds * 1000),
    });
    await setup.close();

    const members = new Set([...tenant.groupMembers.get(finance.id)!].filter((id) => tenant.users.has(id)));
    const firstChange = tenant.changes.length;
    const reviews = reviewsTemporal(temporal.env.client, taskQueue);

    // 1. Killed while staging: the sign-in refresh's Graph read is held, the worker dies waiting for it.
    const refresh = sim.holdNextRequest({ method: 'GET', path: /^\/users$/ });
    let worker = await startWorker();
    await reviews.startCampaign({ campaignId, connectorId: connector.id, name: definition.name, retry: TEST_RETRY });
    await refresh.arrived;
    await kill(worker);
    refresh.release();
    // 2. Killed while applying: the next member removal is held (and only let through once it can change nothing).
    const removal = sim.holdNextRequest({ method: 'DELETE', path: /^\/groups\/[^/]+\/members\/[^/]+\/\$ref$/ });
    worker = await startWorker();
    await removal.arrived;
    await kill(worker);
    worker = await startWorker();
    const done = await reviews.result(campaignId);
    removal.release();
    await kill(worker);
    assert.equal(done.status, 'completed');

    const catalog = await openCatalog({ dataDir: catalogDir });
    try {
      const items = await catalog.db
        .selectFrom('review_items')
        .select(['principal_id', 'via_group_id', 'applicability', 'decision', 'apply_result'])
        .where('campaign_id', '=', campaignId)
        .execute();
      const direct = items.filter((i) => i.applicability === 'applicable');
      assert.ok(direct.length >= 10, `Finance's direct members are items (${direct.length})`);
      assert.ok(
        items.every((i) => i.apply_result !== null),
        'every item has a result',
      );
      assert.ok(direct.every((i) => i.decision === 'remove' && i.apply_result === 'removed'));
      // Removals in the tenant since the campaign started: each denied member once, nothing else.
      const removed = tenant.changes
        .slice(firstChange)
        .flatMap((c) => (c.memberChanges ?? []).filter((m) => m.removed).map((m) => `${c.id}|${m.memberId}`));
      assert.deepEqual(
        [...removed].sort(),
        direct.map((i) => `${finance.id}|${i.principal_id}`).sort(),
        'each denied membership removed exactly once, and nothing else',
      );
      assert.ok(direct.every((i) => members.has(i.principal_id)));
    } finally {
      await catalog.close();
    }
  });
});
