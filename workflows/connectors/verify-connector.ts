// verifyConnector: can Lantern read this tenant with the permissions the connector's options need? Executed by the API
// before a connector is stored, so a connector never exists that could not sync. One activity does the work (token,
// GET /organization, roles check); the workflow exists so verification runs on a worker, where the credentials live.
import { proxyActivities } from '@temporalio/workflow';
import type { ConnectorActivities } from '../../activities/connectors/index.js';
import { VERIFY_FAILURES, type VerifyConnectorInput, type VerifyConnectorResult } from './messages.js';

const { verifyConnectorAccess } = proxyActivities<ConnectorActivities>({
  startToCloseTimeout: '45 seconds',
  retry: { maximumAttempts: 3, initialInterval: '1 second', nonRetryableErrorTypes: Object.values(VERIFY_FAILURES) },
});

export async function verifyConnector(input: VerifyConnectorInput): Promise<VerifyConnectorResult> {
  return verifyConnectorAccess(input);
}
