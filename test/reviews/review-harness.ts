// Access reviews under test: the in-process simulator, a PGlite catalog filled by a real sync (so the catalog matches
// the tenant), the real Temporal dev server, a real SMTP inbox, and one worker running the real sync, access and review
// activities through MSAL and the Graph client. Campaigns are created in the catalog as the API does, then started
// through the same client adapter (temporal/clients/reviews.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import type { Worker } from '@temporalio/worker';
import { openCatalog, type Catalog } from '../../catalog/index.js';
import { createCampaign, getCampaign, type Campaign } from '../../catalog/reviews/campaigns.js';
import { createSyncActivities } from '../../activities/sync/index.js';
import { createReconcileActivities } from '../../activities/access/reconcile.js';
import { createAccessActivities } from '../../activities/access/index.js';
import { createReviewActivities } from '../../activities/reviews/index.js';
import { createMailer } from '../../activities/email/mailer.js';
import { createTenantGraph } from '../../entra/tenant-graph.js';
import { createLinkSigner } from '../../lib/links/signer.js';
import { createReviewLinks, type ReviewLinks } from '../../lib/links/review.js';
import type { RunningSimulator } from '../../simulator/index.js';
import type { Tenant } from '../../simulator/model/tenant.js';
import { accessTemporal, type AccessTemporal } from '../../temporal/clients/access.js';
import { reviewsTemporal, type ReviewsTemporal } from '../../temporal/clients/reviews.js';
import { SYNC_WORKFLOW_TYPE } from '../../workflows/sync/messages.js';
import { reviewCampaignWorkflowId, type ReviewStatus } from '../../workflows/reviews/messages.js';
import type { ResolvedConnector } from '../../domain/connector.js';
import type { CampaignDefinition } from '../../domain/reviews.js';
import { startTestSimulator } from '../simulator/clients.js';
import { startSmtpInbox, type SmtpInbox } from '../onboarding/smtp-inbox.js';
import { createTempDir, type TempDir } from '../helpers/temp-dir.js';
import { createTemporalTestEnv, type TemporalTestEnv } from '../helpers/temporal-env.js';
import { connectSimulatorTenant } from '../helpers/simulator-env.js';

export const PUBLIC_URL = 'http://lantern.test';
/** Activity retries and heartbeats short enough for a test, long enough not to flap on a busy machine. */
export const TEST_RETRY = { initialSeconds: 0.2, maximumSeconds: 1, heartbeatSeconds: 3 };

export interface ReviewHarness {
  temporal: TemporalTestEnv;
  sim: RunningSimulator;
  tenant: Tenant;
  catalog: Catalog;
  connector: ResolvedConnector;
  inbox: SmtpInbox;
  links: ReviewLinks;
  reviews: ReviewsTemporal;
  access: AccessTemporal;
  taskQueue: string;
  /** Runs a full sync of the tenant into the catalog (on the harness's worker). */
  sync(): Promise<void>;
  /** Creates the campaign's row as the API does (started now, due after its duration) and starts its workflow. */
  startCampaign(
    definition: Partial<CampaignDefinition>,
    options?: { owner?: string; historyLimit?: number },
  ): Promise<Campaign>;
  /** Polls the workflow's status query until `accept` holds. */
  waitFor(campaignId: string, accept: (s: ReviewStatus) => boolean, timeoutMs?: number): Promise<ReviewStatus>;
  close(): Promise<void>;
}

export function definitionOf(connectorId: string, overrides: Partial<CampaignDefinition>): CampaignDefinition {
  return {
    connectorId,
    name: 'Quarterly review',
    scope: { kinds: ['groupMembers'] },
    reviewers: { kind: 'owners', fallbackIds: [] },
    durationSeconds: 30,
    reminders: { weekly: false, beforeDueSeconds: [] },
    defaultDecision: 'keep',
    autoApply: true,
    inactiveDays: 30,
    recurrence: null,
    ...overrides,
  };
}

export async function startReviewHarness(): Promise<ReviewHarness> {
  const [temporal, sim, dir, inbox]: [TemporalTestEnv, RunningSimulator, TempDir, SmtpInbox] = await Promise.all([
    createTemporalTestEnv(),
    startTestSimulator(),
    createTempDir('lantern-reviews-'),
    startSmtpInbox(),
  ]);
  const catalog = await openCatalog({ dataDir: dir.path });
  const { tenant, connector } = await connectSimulatorTenant(sim, catalog.db);
  const graphDeps = {
    catalog,
    tenantGraph: createTenantGraph({
      credentials: { clientId: sim.appReadWrite.clientId, clientSecret: sim.appReadWrite.clientSecret },
    }),
    loadConnector: async () => connector,
  };
  const links = createReviewLinks(createLinkSigner(randomBytes(32)));
  const mailer = createMailer(
    { smtpHost: '127.0.0.1', smtpPort: inbox.port, smtpSecure: false, from: 'Lantern <lantern@localhost>' },
    { dataDir: dir.path },
  );
  const taskQueue = temporal.taskQueue();
  const worker: Worker = await temporal.createWorker({
    taskQueue,
    activities: {
      ...createSyncActivities(graphDeps),
      ...createReconcileActivities(graphDeps),
      ...createAccessActivities(graphDeps),
      ...createReviewActivities({ ...graphDeps, reviewEmails: { mailer, links, publicUrl: PUBLIC_URL } }),
    },
  });
  const running = worker.run();
  const reviews = reviewsTemporal(temporal.env.client, taskQueue);

  return {
    temporal,
    sim,
    tenant,
    catalog,
    connector,
    inbox,
    links,
    reviews,
    access: accessTemporal(temporal.env.client, taskQueue),
    taskQueue,
    async sync() {
      await temporal.env.client.workflow.execute(SYNC_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: temporal.workflowId(`connector:${connector.id}:sync`),
        args: [{ connectorId: connector.id }],
      });
    },
    async startCampaign(overrides, { owner = 'admin-token#1', historyLimit } = {}) {
      const definition = definitionOf(connector.id, overrides);
      const id = randomUUID();
      const startedAt = new Date();
      await createCampaign(catalog.db, {
        id,
        definition,
        workflowId: reviewCampaignWorkflowId(id),
        ownerId: owner,
        ownerSubject: null,
        startedAt,
        dueAt: new Date(startedAt.getTime() + definition.durationSeconds * 1000),
      });
      await reviews.startCampaign({
        campaignId: id,
        connectorId: connector.id,
        name: definition.name,
        owner,
        retry: TEST_RETRY,
        historyLimit,
      });
      return (await getCampaign(catalog.db, id))!;
    },
    async waitFor(campaignId, accept, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      let last: ReviewStatus | null = null;
      while (Date.now() < deadline) {
        last = await reviews.status(campaignId);
        if (last && accept(last)) return last;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`Campaign never reached the expected state; last: ${JSON.stringify(last)}`);
    },
    async close() {
      worker.shutdown();
      await running;
      mailer.close();
      await catalog.close();
      await inbox.close();
      await sim.close();
      await temporal.teardown();
      await dir.remove();
    },
  };
}

/** Every payload in the workflow's history (all runs), as byte sizes: none may exceed 64 KB. */
export async function largestPayloadBytes(h: ReviewHarness, workflowId: string): Promise<number> {
  let largest = 0;
  const visit = (value: unknown): void => {
    if (!value || typeof value !== 'object') return;
    const data = (value as { data?: unknown }).data;
    if (data instanceof Uint8Array && 'metadata' in (value as object)) largest = Math.max(largest, data.length);
    for (const child of Object.values(value as object)) visit(child);
  };
  const history = await h.temporal.env.client.workflow.getHandle(workflowId).fetchHistory();
  visit(history);
  return largest;
}
