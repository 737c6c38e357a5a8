// Workflow tests of onboardConnector on a real Temporal dev server with stubbed activities: a codec-enabled client
// and worker, helpers that build owners' updates, and a recorder of the emails the workflow asked for.
import { randomBytes, randomUUID } from 'node:crypto';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Worker } from '@temporalio/worker';
import { AesGcmCodec } from '../../temporal/codec.js';
import {
  ONBOARD_CONNECTOR_WORKFLOW_TYPE,
  onboardingWorkflowId,
  type OnboardConnectorInput,
  type OnboardingTimings,
  type OwnerStep,
  type SignInCompleted,
  type StepAttempt,
  type VerifiedUser,
} from '../../workflows/onboarding/messages.js';
import type { OnboardingActivities } from '../../activities/onboarding/index.js';
import type { TemporalTestEnv } from '../helpers/temporal-env.js';

export const TENANT = '11111111-2222-4333-8444-555555555555';
export const OTHER_TENANT = '99999999-2222-4333-8444-555555555555';
export const OWNERS = ['alice@contoso.example', 'bob@contoso.example'];

export const codec = new AesGcmCodec([randomBytes(32)]);
export const dataConverter = { payloadCodecs: [codec] };

export function codecClient(temporal: TemporalTestEnv): Client {
  return new Client({
    connection: temporal.env.connection,
    namespace: temporal.env.namespace ?? 'default',
    dataConverter,
  });
}

export interface SentEmail {
  kind: string;
  owners: string[];
  permissionSet?: string | undefined;
}

export interface StubActivities extends OnboardingActivities {
  sent: SentEmail[];
  activated: string[];
}

export function stubActivities(overrides: Partial<OnboardingActivities> = {}): StubActivities {
  const sent: SentEmail[] = [];
  const activated: string[] = [];
  return {
    sent,
    activated,
    async sendOwnerEmails(input) {
      sent.push({ kind: input.kind, owners: input.owners, permissionSet: input.permissionSet });
      return { sent: input.owners.length };
    },
    async verifyTenantAccess() {
      return { grantedPermissions: ['Directory.Read.All'] };
    },
    async activateConnector(input) {
      activated.push(input.tenantId);
      return { scheduleId: `connector:${input.connectorId}:sync` };
    },
    ...overrides,
  };
}

export const FAST: OnboardingTimings = {
  reminderIntervalSeconds: 3600,
  reminderCount: 3,
  expirySeconds: 3600,
  permissionCheckAttempts: 2,
};

export function onboardingInput(timings: OnboardingTimings = FAST): OnboardConnectorInput {
  return {
    connectorId: randomUUID(),
    displayName: 'Contoso',
    owners: OWNERS,
    permissionSet: 'readOnly',
    includeSignInActivity: false,
    syncIntervalMinutes: 60,
    timings,
    requestedBy: 'admin-token#1',
  };
}

export async function startOnboarding(
  client: Client,
  taskQueue: string,
  input: OnboardConnectorInput,
  options: { workflowTaskTimeout?: string } = {},
) {
  return client.workflow.start(ONBOARD_CONNECTOR_WORKFLOW_TYPE, {
    taskQueue,
    workflowId: onboardingWorkflowId(input.connectorId),
    args: [input],
    ...options,
  });
}

export function attempt(step: OwnerStep, overrides: Partial<StepAttempt> = {}): StepAttempt {
  return { step, stateId: randomUUID(), expiresAtMs: Date.now() + 600_000, owner: OWNERS[0]!, ...overrides };
}

export function globalAdmin(overrides: Partial<VerifiedUser> = {}): VerifiedUser {
  return { objectId: randomUUID(), tenantId: TENANT, upn: 'admin@contoso.example', isGlobalAdmin: true, ...overrides };
}

export const signIn = (
  step: OwnerStep,
  user: Partial<VerifiedUser> = {},
  at: Partial<StepAttempt> = {},
): SignInCompleted => ({ attempt: attempt(step, at), user: globalAdmin(user) });

/** The failure type a rejected update carries (validators throw ApplicationFailure with a type). */
export async function rejectionOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure)
      return error.cause.type ?? 'untyped';
    throw error;
  }
  throw new Error('the update was accepted');
}

export async function runWith<T>(worker: Worker, fn: () => Promise<T>): Promise<T> {
  return worker.runUntil(fn());
}
