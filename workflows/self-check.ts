// catalogSelfCheck: a round trip through every moving part (API → Temporal → worker → catalog → back). The admin
// self-check endpoint runs it to prove a worker is polling and can reach the catalog.
import { log, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { CatalogDescription, SystemActivities } from '../activities/system.js';

const { describeCatalog } = proxyActivities<SystemActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3, initialInterval: '200 milliseconds' },
});

export interface CatalogSelfCheckInput {
  /** Principal id of whoever asked (for history readers; never a credential). */
  requestedBy: string;
}

export interface CatalogSelfCheckResult {
  workflowId: string;
  requestedBy: string;
  catalog: CatalogDescription;
}

export async function catalogSelfCheck(input: CatalogSelfCheckInput): Promise<CatalogSelfCheckResult> {
  const catalog = await describeCatalog();
  log.info('catalog self-check passed', { kind: catalog.kind, latestMigration: catalog.latestMigration });
  return { workflowId: workflowInfo().workflowId, requestedBy: input.requestedBy, catalog };
}
