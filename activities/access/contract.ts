// Inputs and results of the access activities, shared with the workflow (type-only imports there).
import type { EndReason, GrantPair, GrantStage } from '../../workflows/access/messages.js';

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
  /** When set, one append-only audit row is written in the same transaction. */
  audit?: { actor: string; action: string; detail: Record<string, unknown>; requestId: string } | undefined;
}

export interface PresenceResult { present: boolean }
export interface ChangeResult {
  outcome: 'changed' | 'already_done';
  /** When Graph confirmed the change (the worker's clock): the moment access began or ended in the tenant. */
  confirmedAt?: string | undefined;
  /** PIM mode: the end the tenant's schedule carries, which the grant's own expiry then follows exactly. */
  scheduledUntil?: string | undefined;
}
