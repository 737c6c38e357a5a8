// Which way a connector provisions (direct Graph writes or PIM schedule requests), read from its options at the start
// of each activity, never carried through workflow history: changing the option applies to the next step of every grant.
import type { GrantEvent, GrantTarget } from './contract.js';
import type { PimSchedule } from './pim-operations.js';
import type { ProvisioningMode, ResolvedConnector } from '../../domain/connector.js';

/** A connector without `provisioning` (tests and benches that build one by hand) provisions directly. */
export function provisioningOf(connector: ResolvedConnector): ProvisioningMode {
  return connector.options.provisioning === 'pim' ? 'pim' : 'direct';
}

/** What the workflow knows about the grant's end when it provisions or moves the expiry. */
export interface GrantSchedule {
  /** ISO time the grant expires (the schedule's end in PIM mode). */
  expiresAt: string;
  justification: string;
  ticket?: string | undefined;
}

/** provisionAccess input: the grant's schedule (used in PIM mode) and the row it records once Graph confirms. */
export interface ProvisionTarget extends GrantTarget {
  schedule: GrantSchedule;
  recordActive: ActiveRecord;
}

/** The grant's row as it becomes active; its expiry and the audit row's outcome are filled in once Graph confirms. */
export interface ActiveRecord {
  event: GrantEvent;
  durationSeconds: number;
}
export interface ScheduleTarget extends GrantTarget {
  schedule: GrantSchedule;
}

export const pimScheduleOf = (target: GrantTarget, schedule: GrantSchedule): PimSchedule => ({
  ...schedule,
  grantId: target.workflowId,
});
