// Which way a connector provisions (direct Graph writes or PIM schedule requests), read from its options at the start
// of each activity, never carried through workflow history: changing the option applies to the next step of every grant.
import type { SyncConnector } from '../sync/deps.js';
import type { ProvisioningMode } from '../../entra/permission-sets.js';
import type { GrantEvent, GrantTarget } from './contract.js';
import type { PimSchedule } from './pim-operations.js';

/** connectorLoader adds `provisioning` to the sync options; a connector without it provisions directly. */
export function provisioningOf(connector: SyncConnector): ProvisioningMode {
  return (connector.options as { provisioning?: ProvisioningMode }).provisioning === 'pim' ? 'pim' : 'direct';
}

/** What the workflow knows about the grant's end when it provisions or moves the expiry. */
export interface GrantSchedule {
  /** ISO time the grant expires (the schedule's end in PIM mode). */
  expiresAt: string;
  justification: string;
  ticket?: string | undefined;
}

/**
 * provisionAccess input. `schedule` is absent in histories recorded before PIM mode (those provision directly);
 * `recordActive` in histories before the activity recorded the grant as active itself.
 */
export interface ProvisionTarget extends GrantTarget { schedule?: GrantSchedule | undefined; recordActive?: ActiveRecord | undefined }

/** The grant's row as it becomes active; its expiry and the audit row's outcome are filled in once Graph confirms. */
export interface ActiveRecord { event: GrantEvent; durationSeconds: number }
export interface ScheduleTarget extends GrantTarget { schedule: GrantSchedule }

export const pimScheduleOf = (target: GrantTarget, schedule: GrantSchedule): PimSchedule => ({ ...schedule, grantId: target.workflowId });
