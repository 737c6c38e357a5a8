// The API's view of Temporal: a health probe for /readyz and the self-check workflow, over a Temporal Client.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { CatalogSelfCheckResult } from '../workflows/self-check.js';
import { connectorTemporal } from './connectors/temporal.js';
import { accessTemporal } from './routes/access-temporal.js';
import type { TemporalGateway } from './deps.js';

/** Bounded so a missing worker turns into a clear 503 instead of a hanging request. */
const SELF_CHECK_TIMEOUT = '15 seconds';

export function selfCheckWorkflowId(requestId: string): string {
  return `system:self-check:${requestId}:${randomUUID()}`;
}

export function temporalGateway(client: Client, taskQueue: string): TemporalGateway {
  return {
    connectors: connectorTemporal(client, taskQueue),
    access: accessTemporal(client, taskQueue),
    async checkHealth(timeoutMs) {
      await client.connection.withDeadline(Date.now() + timeoutMs, () => client.workflowService.getSystemInfo({}));
    },
    async runCatalogSelfCheck({ requestedBy, requestId }) {
      return client.workflow.execute('catalogSelfCheck', {
        taskQueue,
        workflowId: selfCheckWorkflowId(requestId),
        args: [{ requestedBy }],
        workflowExecutionTimeout: SELF_CHECK_TIMEOUT,
        staticSummary: `Self-check requested by ${requestedBy}`,
      }) as Promise<CatalogSelfCheckResult>;
    },
  };
}
