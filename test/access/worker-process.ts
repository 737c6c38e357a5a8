// An access or review worker in its own process (real activities: simulator Graph + PGlite catalog), so a test can
// SIGKILL it at any point. Prints "ready" once polling. Settings come from the environment the test passes; ACTIVITIES
// picks the capability ('access', the default, or 'reviews').
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { openCatalog } from '../../catalog/index.js';
import { createAccessActivities } from '../../activities/access/index.js';
import { createReviewActivities } from '../../activities/reviews/index.js';
import { createTenantGraph } from '../../entra/tenant-graph.js';
import { trustExtraCertificateAuthority } from '../../entra/extra-ca.js';
import { STICKY_QUEUE_TIMEOUT } from '../../worker/create-worker.js';
import type { Duration } from '@temporalio/common';
import type { ResolvedConnector } from '../../domain/connector.js';

Runtime.install({ logger: new DefaultLogger('ERROR') });
const { TEMPORAL_ADDRESS, TASK_QUEUE, WORKFLOW_BUNDLE, CATALOG_DIR, CA_PATH, CONNECTOR, CLIENT_ID, CLIENT_SECRET } =
  process.env;
trustExtraCertificateAuthority(CA_PATH!);
const connector = JSON.parse(CONNECTOR!) as ResolvedConnector;
const catalog = await openCatalog({ dataDir: CATALOG_DIR! });
const tenantGraph = createTenantGraph({ credentials: { clientId: CLIENT_ID!, clientSecret: CLIENT_SECRET! } });

const connection = await NativeConnection.connect({ address: TEMPORAL_ADDRESS! });
const worker = await Worker.create({
  connection,
  taskQueue: TASK_QUEUE!,
  workflowBundle: { codePath: WORKFLOW_BUNDLE! },
  // The production worker's setting (a test may pass another to compare): how soon a killed worker's sticky queue is
  // abandoned, so the next worker picks the workflow up.
  stickyQueueScheduleToStartTimeout: (process.env.STICKY_QUEUE_TIMEOUT ?? STICKY_QUEUE_TIMEOUT) as Duration,
  activities: (process.env.ACTIVITIES === 'reviews' ? createReviewActivities : createAccessActivities)({
    catalog,
    tenantGraph,
    loadConnector: async () => connector,
  }),
});
console.log('ready');
await worker.run();
await catalog.close();
