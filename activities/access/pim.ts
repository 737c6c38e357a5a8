// Which way a connector provisions (direct Graph writes or PIM schedule requests), read from its options at the start
// of each activity, never carried through workflow history: changing the option applies to the next step of every grant.
import type { SyncConnector } from '../sync/deps.js';
import type { ProvisioningMode } from '../../entra/permission-sets.js';
import type { GrantTarget } from './contract.js';
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

/** provisionAccess input. `schedule` is absent in histories recorded before PIM mode (those provision directly). */
export interface ProvisionTarget extends GrantTarget { schedule?: GrantSchedule | undefined }
export interface ScheduleTarget extends GrantTarget { schedule: GrantSchedule }

export const pimScheduleOf = (target: GrantTarget, schedule: GrantSchedule): PimSchedule => ({ ...schedule, grantId: target.workflowId });
