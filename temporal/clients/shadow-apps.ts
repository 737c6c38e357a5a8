// How the API starts a revocation of a shadow app's consents: one workflow per revocation request (its id carries the
// request id, so a double-submitted form starts it once).
import type { Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { ConnectorIdKey, StageKey } from '../search-attributes.js';
import {
  REVOKE_APP_CONSENTS_WORKFLOW_TYPE,
  revokeAppConsentsWorkflowId,
  type RevokeAppConsentsInput,
  type RevokeAppConsentsResult,
} from '../../workflows/shadow-apps/messages.js';
import { staticSummary } from './summary.js';

export interface ShadowAppsTemporal {
  /** Starts the revocation (a second start with the same revocation id is a no-op); returns the workflow id. */
  startRevocation(input: RevokeAppConsentsInput): Promise<{ workflowId: string }>;
  /** Waits for the revocation's result (tests and tools). */
  revocationResult(workflowId: string): Promise<RevokeAppConsentsResult>;
}

export function shadowAppsTemporal(client: Client, taskQueue: string): ShadowAppsTemporal {
  return {
    async startRevocation(input) {
      const workflowId = revokeAppConsentsWorkflowId(input);
      const who = input.userIds ? `${input.userIds.length} user(s)` : 'all users';
      try {
        await client.workflow.start(REVOKE_APP_CONSENTS_WORKFLOW_TYPE, {
          workflowId,
          taskQueue,
          args: [input],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          typedSearchAttributes: [
            { key: ConnectorIdKey, value: input.connectorId },
            { key: StageKey, value: 'planning' },
          ],
          staticSummary: staticSummary(`Revoke consents to ${input.appDisplayName} for ${who}`),
        });
      } catch (error) {
        if ((error as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw error;
      }
      return { workflowId };
    },
    revocationResult: (workflowId) => client.workflow.getHandle(workflowId).result(),
  };
}
