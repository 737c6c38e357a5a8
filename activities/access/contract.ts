// Inputs and results of the access activities, shared with the workflow (type-only imports there).
import type { EndReason, GrantPair, GrantStage } from '../../workflows/access/messages.js';
import type { AuditEntry } from '../../catalog/access/grants.js';

export { ACCESS_FAILURES } from '../../workflows/access/messages.js';

export interface GrantTarget extends GrantPair {
  workflowId: string;
}

export interface GrantEvent extends GrantTarget {
  principalUpn: string;
  requesterId: string;
  stage: GrantStage;
  endReason: EndReason | null;
  expiresAt: string | null;
  preExisting: boolean;
  approverIds: string[];
  /** Append-only audit rows (oldest first) written in the same transaction. */
  audit?: AuditEntry[] | undefined;
}

export interface PresenceResult {
  present: boolean;
  /** The access is Lantern's, added by an earlier run for this pair that never removed it (terminated). */
  leftByEarlierRun?: boolean | undefined;
}
export interface ChangeResult {
  outcome: 'changed' | 'already_done';
  /** When Graph confirmed the change (the worker's clock): the moment access began or ended in the tenant. */
  confirmedAt?: string | undefined;
  /** PIM mode: the end the tenant's schedule carries, which the grant's own expiry then follows exactly. */
  scheduledUntil?: string | undefined;
  /** Set when the activity recorded the grant as active: the expiry it recorded, which the workflow's timer keeps. */
  expiresAt?: string | undefined;
}
