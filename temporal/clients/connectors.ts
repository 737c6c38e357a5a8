// What Lantern asks of Temporal about a connector: run verifyConnector and wait for it, and manage the connector's
// sync Schedule (syncScheduleId, overlap SKIP, visible and pausable in the Temporal UI). The API and the onboarding
// activities use it; an interface so API tests can pass a fake.
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  type Client,
  type ScheduleDescription,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ConnectorIdKey, TenantIdKey } from '../search-attributes.js';
import {
  VERIFY_CONNECTOR_WORKFLOW_TYPE,
  VERIFY_FAILURES,
  verifyConnectorWorkflowId,
  type VerifyConnectorInput,
  type VerifyConnectorResult,
} from '../../workflows/connectors/messages.js';
import { onboardingWorkflowId } from '../../workflows/onboarding/messages.js';
import {
  SYNC_WORKFLOW_TYPE,
  syncScheduleId,
  syncWorkflowIdPrefix,
  type SyncTenantInput,
} from '../../workflows/sync/messages.js';
import { staticSummary } from './summary.js';

export type VerifyFailure = (typeof VERIFY_FAILURES)[keyof typeof VERIFY_FAILURES];
export type VerifyOutcome =
  { ok: true; result: VerifyConnectorResult } | { ok: false; failure: VerifyFailure; message: string };

export interface SyncScheduleSpec {
  connectorId: string;
  tenantId: string;
  displayName: string;
  intervalMinutes: number;
}

export interface SyncRunRef {
  workflowId: string;
  runId: string;
}

export interface RemovedInTemporal {
  onboardingTerminated: boolean;
  scheduleDeleted: boolean;
  syncsCancelled: number;
}

export interface SyncScheduleState {
  scheduleId: string;
  paused: boolean;
  note: string | null;
  intervalMinutes: number | null;
  nextRunAt: string | null;
  lastRunAt: string | null;
  running: SyncRunRef[];
  skippedOverlaps: number;
}

export interface ConnectorTemporal {
  /** Runs verifyConnector to completion. Throws only when Temporal or the worker could not answer. */
  verify(input: VerifyConnectorInput): Promise<VerifyOutcome>;
  /** Creates the schedule and starts its first run now. Idempotent: an existing schedule is updated instead. */
  createSchedule(spec: SyncScheduleSpec): Promise<void>;
  updateSchedule(spec: SyncScheduleSpec): Promise<void>;
  pause(connectorId: string, note: string): Promise<void>;
  resume(connectorId: string, note: string): Promise<void>;
  /**
   * Ends everything the connector has in Temporal: terminates its onboarding (so no activity can bring the row back),
   * deletes the schedule and cancels running syncs. Idempotent: what is already gone is skipped.
   */
  remove(connectorId: string, reason: string): Promise<RemovedInTemporal>;
  /** Starts a sync now unless one is running (overlap SKIP); returns the running syncs either way. */
  trigger(connectorId: string): Promise<{ started: boolean; running: SyncRunRef[] }>;
  /** null when the connector has no schedule. */
  describe(connectorId: string): Promise<SyncScheduleState | null>;
}

const VERIFY_TIMEOUT = '90 seconds';

export function connectorTemporal(client: Client, taskQueue: string): ConnectorTemporal {
  const handle = (connectorId: string) => client.schedule.getHandle(syncScheduleId(connectorId));
  const action = (spec: SyncScheduleSpec) => ({
    type: 'startWorkflow' as const,
    workflowType: SYNC_WORKFLOW_TYPE,
    workflowId: syncWorkflowIdPrefix(spec.connectorId),
    taskQueue,
    args: [{ connectorId: spec.connectorId } satisfies SyncTenantInput],
    typedSearchAttributes: searchAttributes(spec),
    memo: { connector: spec.displayName, tenantId: spec.tenantId },
    staticSummary: staticSummary(`Sync ${spec.displayName} (tenant ${spec.tenantId})`),
  });

  return {
    async verify(input) {
      try {
        const result = (await client.workflow.execute(VERIFY_CONNECTOR_WORKFLOW_TYPE, {
          taskQueue,
          workflowId: verifyConnectorWorkflowId(input.connectorId),
          args: [input],
          workflowExecutionTimeout: VERIFY_TIMEOUT,
          workflowIdConflictPolicy: 'USE_EXISTING',
          typedSearchAttributes: [{ key: ConnectorIdKey, value: input.connectorId }],
          staticSummary: staticSummary(`Verify connector ${input.connectorId} for tenant ${input.tenant}`),
        })) as VerifyConnectorResult;
        return { ok: true, result };
      } catch (error) {
        const failure = error instanceof WorkflowFailedError ? applicationFailureOf(error) : undefined;
        const known = Object.values(VERIFY_FAILURES) as string[];
        if (failure?.type && known.includes(failure.type))
          return { ok: false, failure: failure.type as VerifyFailure, message: failure.message };
        throw error;
      }
    },

    async createSchedule(spec) {
      try {
        await client.schedule.create({
          scheduleId: syncScheduleId(spec.connectorId),
          spec: { intervals: [{ every: `${spec.intervalMinutes} minutes` }] },
          action: action(spec),
          policies: { overlap: 'SKIP', catchupWindow: '1 minute' },
          state: { triggerImmediately: true, note: `Created by Lantern for connector ${spec.connectorId}` },
          typedSearchAttributes: searchAttributes(spec),
          memo: { connector: spec.displayName },
        });
      } catch (error) {
        if (!(error instanceof ScheduleAlreadyRunning)) throw error;
        await this.updateSchedule(spec);
      }
    },

    async updateSchedule(spec) {
      // A schedule deleted by hand (Temporal UI) comes back on the next change rather than failing it.
      if (!(await this.describe(spec.connectorId))) return this.createSchedule(spec);
      await handle(spec.connectorId).update((previous) => ({
        ...previous,
        spec: { intervals: [{ every: `${spec.intervalMinutes} minutes` }] },
        action: action(spec),
        state: { paused: previous.state.paused, ...(previous.state.note ? { note: previous.state.note } : {}) },
      }));
    },

    pause: (connectorId, note) => handle(connectorId).pause(note),
    resume: (connectorId, note) => handle(connectorId).unpause(note),

    async remove(connectorId, reason) {
      const onboardingTerminated = await ignoringNotFound(() =>
        client.workflow.getHandle(onboardingWorkflowId(connectorId)).terminate(reason),
      );
      const scheduleDeleted = await ignoringNotFound(() => handle(connectorId).delete());
      let syncsCancelled = 0;
      const running = client.workflow.list({
        query: `${ConnectorIdKey.name} = '${connectorId}' AND ExecutionStatus = 'Running' AND WorkflowType = '${SYNC_WORKFLOW_TYPE}'`,
      });
      for await (const execution of running) {
        if (await ignoringNotFound(() => client.workflow.getHandle(execution.workflowId, execution.runId).cancel()))
          syncsCancelled += 1;
      }
      return { onboardingTerminated, scheduleDeleted, syncsCancelled };
    },

    async trigger(connectorId) {
      const before = await handle(connectorId).describe();
      const running = runningOf(before);
      if (running.length > 0) return { started: false, running };
      await handle(connectorId).trigger('SKIP');
      return { started: true, running };
    },

    async describe(connectorId) {
      try {
        return scheduleState(await handle(connectorId).describe());
      } catch (error) {
        if (error instanceof ScheduleNotFoundError) return null;
        throw error;
      }
    },
  };
}

/** False when the thing was already gone (a closed workflow cannot be terminated or cancelled; a deleted schedule). */
async function ignoringNotFound(act: () => Promise<unknown>): Promise<boolean> {
  try {
    await act();
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError || error instanceof ScheduleNotFoundError) return false;
    throw error;
  }
}

function searchAttributes(spec: SyncScheduleSpec) {
  return [
    { key: ConnectorIdKey, value: spec.connectorId },
    { key: TenantIdKey, value: spec.tenantId },
  ];
}

function applicationFailureOf(error: WorkflowFailedError): ApplicationFailure | undefined {
  let cause: unknown = error.cause;
  while (cause) {
    if (cause instanceof ApplicationFailure) return cause;
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}

function runningOf(description: ScheduleDescription): SyncRunRef[] {
  return description.info.runningActions.map((a) => ({
    workflowId: a.workflow.workflowId,
    runId: a.workflow.firstExecutionRunId,
  }));
}

function scheduleState(description: ScheduleDescription): SyncScheduleState {
  const every = description.spec.intervals?.[0]?.every;
  const recent = description.info.recentActions.at(-1);
  return {
    scheduleId: description.scheduleId,
    paused: description.state.paused,
    note: description.state.note ?? null,
    intervalMinutes: typeof every === 'number' ? Math.round(every / 60_000) : null,
    nextRunAt: description.info.nextActionTimes[0]?.toISOString() ?? null,
    lastRunAt: recent?.takenAt.toISOString() ?? null,
    running: runningOf(description),
    skippedOverlaps: description.info.numActionsSkippedOverlap,
  };
}
