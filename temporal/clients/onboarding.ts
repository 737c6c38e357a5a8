// What the onboarding routes ask of Temporal: start the onboardConnector workflow, read its status, send owners'
// verified sign-ins as updates, and the admin's resend / cancel / restart. An interface so page tests can pass a fake.
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ConnectorIdKey, OwnerKey, StageKey } from '../search-attributes.js';
import {
  adminConsentUpdate,
  cancelOnboardingSignal,
  firstSignInUpdate,
  ONBOARD_CONNECTOR_WORKFLOW_TYPE,
  onboardingStatusQuery,
  onboardingWorkflowId,
  resendInviteSignal,
  secondSignInUpdate,
  type AdminConsentCompleted,
  type OnboardConnectorInput,
  type OnboardingStatus,
  type RejectionType,
  type SignInCompleted,
} from '../../workflows/onboarding/messages.js';
import { staticSummary } from './summary.js';

export type UpdateOutcome =
  { ok: true; status: OnboardingStatus } | { ok: false; rejection: RejectionType | 'Unknown'; message: string };

export interface OnboardingTemporal {
  start(input: OnboardConnectorInput): Promise<{ workflowId: string; runId: string }>;
  /** null when the connector has no onboarding. Works on finished onboardings too (a worker answers the query). */
  status(connectorId: string): Promise<OnboardingStatus | null>;
  firstSignIn(connectorId: string, done: SignInCompleted): Promise<UpdateOutcome>;
  adminConsent(connectorId: string, done: AdminConsentCompleted): Promise<UpdateOutcome>;
  secondSignIn(connectorId: string, done: SignInCompleted): Promise<UpdateOutcome>;
  resend(connectorId: string, requestedBy: string): Promise<void>;
  cancel(connectorId: string, requestedBy: string, reason: string): Promise<void>;
}

export function onboardingTemporal(client: Client, taskQueue: string): OnboardingTemporal {
  const handle = (connectorId: string) => client.workflow.getHandle(onboardingWorkflowId(connectorId));
  const send = async (run: () => Promise<OnboardingStatus>): Promise<UpdateOutcome> => {
    try {
      return { ok: true, status: await run() };
    } catch (error) {
      // Updates cannot reach a finished onboarding: the step is over either way.
      if (error instanceof WorkflowNotFoundError)
        return { ok: false, rejection: 'StepNotCurrent', message: 'This setup has already finished.' };
      if (!(error instanceof WorkflowUpdateFailedError)) throw error;
      const cause = error.cause instanceof ApplicationFailure ? error.cause : undefined;
      return {
        ok: false,
        rejection: (cause?.type as RejectionType | undefined) ?? 'Unknown',
        message: cause?.message ?? 'The step could not be completed.',
      };
    }
  };
  return {
    async start(input) {
      // A new run may reuse the id once the previous one ended (restart after expiry or cancel); never two at once.
      const started = await client.workflow.start(ONBOARD_CONNECTOR_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: onboardingWorkflowId(input.connectorId),
        args: [input],
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        typedSearchAttributes: [
          { key: ConnectorIdKey, value: input.connectorId },
          { key: StageKey, value: 'notifying_owners' },
          { key: OwnerKey, value: input.owners[0] ?? '' },
        ],
        staticSummary: staticSummary(`Onboard ${input.displayName} (${input.owners.length} owner(s))`),
        staticDetails: `Connector \`${input.connectorId}\` requested by ${input.requestedBy}; owners: ${input.owners.join(', ')}; permission set ${input.permissionSet}.`,
      });
      return { workflowId: started.workflowId, runId: started.firstExecutionRunId };
    },
    async status(connectorId) {
      try {
        return await handle(connectorId).query(onboardingStatusQuery);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return null;
        throw error;
      }
    },
    firstSignIn: (connectorId, done) =>
      send(() => handle(connectorId).executeUpdate(firstSignInUpdate, { args: [done] })),
    adminConsent: (connectorId, done) =>
      send(() => handle(connectorId).executeUpdate(adminConsentUpdate, { args: [done] })),
    secondSignIn: (connectorId, done) =>
      send(() => handle(connectorId).executeUpdate(secondSignInUpdate, { args: [done] })),
    resend: (connectorId, requestedBy) => handle(connectorId).signal(resendInviteSignal, { requestedBy }),
    cancel: (connectorId, requestedBy, reason) =>
      handle(connectorId).signal(cancelOnboardingSignal, { requestedBy, reason }),
  };
}
