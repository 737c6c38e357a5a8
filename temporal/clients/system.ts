// Temporal as the API's readiness probe sees it, and the operator self-check: the catalogSelfCheck workflow run end
// to end through a polling worker.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { CatalogSelfCheckResult } from '../../workflows/self-check.js';
import { staticSummary } from './summary.js';

/** Bounded so a missing worker turns into a clear 503 instead of a hanging request. */
const SELF_CHECK_TIMEOUT = '15 seconds';

export interface SystemTemporal {
  /** Resolves when the Temporal frontend answers within timeoutMs. */
  checkHealth(timeoutMs: number): Promise<void>;
  /** Runs the catalogSelfCheck workflow end to end (needs a polling worker). */
  runCatalogSelfCheck(input: { requestedBy: string; requestId: string }): Promise<CatalogSelfCheckResult>;
}

/** Unique per call: every self-check is its own run, even for a repeated request id. */
export const selfCheckWorkflowId = (requestId: string): string => `system:self-check:${requestId}:${randomUUID()}`;

export function systemTemporal(client: Client, taskQueue: string): SystemTemporal {
  return {
    async checkHealth(timeoutMs) {
      await client.connection.withDeadline(Date.now() + timeoutMs, () => client.workflowService.getSystemInfo({}));
    },
    async runCatalogSelfCheck({ requestedBy, requestId }) {
      return client.workflow.execute('catalogSelfCheck', {
        taskQueue,
        workflowId: selfCheckWorkflowId(requestId),
        args: [{ requestedBy }],
        workflowExecutionTimeout: SELF_CHECK_TIMEOUT,
        staticSummary: staticSummary(`Self-check requested by ${requestedBy}`),
      }) as Promise<CatalogSelfCheckResult>;
    },
  };
}
