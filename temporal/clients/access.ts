// How the API drives accessGrant workflows: a request is update-with-start (USE_EXISTING), so a request for a live
// (connector, entitlement, principal) becomes an extension of that workflow instead of a second, competing grant.
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import { ConnectorIdKey, EntitlementIdKey, PrincipalUpnKey, StageKey } from '../search-attributes.js';
import {
  ACCESS_GRANT_WORKFLOW_TYPE,
  accessGrantWorkflowId,
  approveAccessUpdate,
  denyAccessUpdate,
  grantStatusQuery,
  requestAccessUpdate,
  revokeAccessUpdate,
  type AccessGrantInput,
  type AccessRequest,
  type Decision,
  type GrantPair,
  type GrantStatus,
  type RequestOutcome,
  type RevokeRequest,
} from '../../workflows/access/messages.js';
import type { accessGrant } from '../../workflows/access/access-grant.js';
import { staticSummary } from './summary.js';

export interface AccessTemporal {
  request(input: AccessGrantInput): Promise<RequestOutcome & { workflowId: string }>;
  approve(pair: GrantPair, decision: Decision): Promise<GrantStatus>;
  deny(pair: GrantPair, decision: Decision): Promise<GrantStatus>;
  revoke(pair: GrantPair, request: RevokeRequest): Promise<GrantStatus>;
  /** An extension of a grant that must already exist (never starts one): fails once the workflow has closed. */
  extend(pair: GrantPair, request: AccessRequest, runId?: string): Promise<RequestOutcome>;
  status(pair: GrantPair): Promise<GrantStatus>;
}

export function accessTemporal(client: Client, taskQueue: string): AccessTemporal {
  const handle = (pair: GrantPair) => client.workflow.getHandle(accessGrantWorkflowId(pair));
  return {
    async request(input) {
      const workflowId = accessGrantWorkflowId(input);
      const startWorkflowOperation = new WithStartWorkflowOperation<typeof accessGrant>(ACCESS_GRANT_WORKFLOW_TYPE, {
        workflowId,
        taskQueue,
        args: [input],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        typedSearchAttributes: [
          { key: ConnectorIdKey, value: input.connectorId },
          { key: EntitlementIdKey, value: input.entitlementId },
          { key: PrincipalUpnKey, value: input.principalUpn },
          { key: StageKey, value: 'requested' },
        ],
        staticSummary: staticSummary(`${input.entitlementId} for ${input.principalUpn}`),
      });
      const outcome = await client.workflow.executeUpdateWithStart(requestAccessUpdate, {
        args: [input.request],
        startWorkflowOperation,
      });
      return { ...outcome, workflowId };
    },
    approve: (pair, decision) => handle(pair).executeUpdate(approveAccessUpdate, { args: [decision] }),
    deny: (pair, decision) => handle(pair).executeUpdate(denyAccessUpdate, { args: [decision] }),
    revoke: (pair, request) => handle(pair).executeUpdate(revokeAccessUpdate, { args: [request] }),
    extend: (pair, request, runId) =>
      client.workflow
        .getHandle(accessGrantWorkflowId(pair), runId)
        .executeUpdate(requestAccessUpdate, { args: [request], updateId: request.requestId }),
    status: (pair) => handle(pair).query(grantStatusQuery),
  };
}
