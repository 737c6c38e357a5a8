// What a caller may do with one access request, shared by the JSON API and the person pages so both decide the same
// way: see it (else 404, no hint that it exists), approve/deny it (approvers named by Entra now, else 403), revoke it.
// A refused workflow update names its rule: 409 with that message.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { getAccessGrant, grantPairOf, type AccessGrantRow } from '../../catalog/access/requests.js';
import type { CatalogSchema } from '../../catalog/index.js';
import type { AccessTemporal } from '../../temporal/clients/access.js';
import type { GrantStatus } from '../../workflows/access/messages.js';
import type { Principal } from '../http/auth.js';
import { apiErrors } from '../http/errors.js';
import type { ApproverRights } from './rights.js';

export type Verdict = 'approve' | 'deny';

/** Who acts in workflow inputs and the audit log: the person's Entra object id, else the credential's label. */
export const acting = (p: Principal | null): string => p?.subject ?? p?.id ?? 'unknown';
export const actorRole = (p: Principal | null): 'admin' | 'approver' | 'requester' =>
  p?.roles.includes('admin') ? 'admin' : p?.roles.includes('approver') ? 'approver' : 'requester';
/** Admins, and admins' read-only view ('reader'), see every request. */
export const seesEverything = (p: Principal | null): boolean =>
  Boolean(p?.roles.some((role) => role === 'admin' || role === 'reader'));

export interface AccessActions {
  mayView(principal: Principal | null, row: AccessGrantRow): Promise<boolean>;
  visibleGrant(principal: Principal | null, grantId: string): Promise<AccessGrantRow>;
  decide(principal: Principal | null, grantId: string, verdict: Verdict, comment?: string): Promise<DecidedGrant>;
  revoke(principal: Principal | null, grantId: string, reason?: string): Promise<DecidedGrant>;
}

export interface DecidedGrant {
  row: AccessGrantRow;
  status: GrantStatus;
}

export function createAccessActions(
  db: Kysely<CatalogSchema>,
  rights: ApproverRights,
  temporal: () => AccessTemporal,
): AccessActions {
  const mayView = async (p: Principal | null, row: AccessGrantRow) => {
    if (seesEverything(p)) return true;
    const me = p?.subject;
    if (me && (row.requester_id === me || row.principal_id === me)) return true;
    return rights.canDecide(db, p, row);
  };
  const visibleGrant = async (p: Principal | null, grantId: string) => {
    const row = await getAccessGrant(db, grantId);
    if (!row || !(await mayView(p, row))) throw apiErrors.notFound(`Access request ${grantId}`);
    return row;
  };
  return {
    mayView,
    visibleGrant,
    async decide(p, grantId, verdict, comment) {
      const row = await visibleGrant(p, grantId);
      if (!(await rights.canDecide(db, p, row)))
        throw apiErrors.forbidden(['approver of this request (as Entra names them now; never its requester)']);
      const decision = { approverId: acting(p), comment };
      const access = temporal();
      const status = await refusedAs409(() =>
        verdict === 'approve' ? access.approve(grantPairOf(row), decision) : access.deny(grantPairOf(row), decision),
      );
      return { row, status };
    },
    async revoke(p, grantId, reason) {
      const row = await visibleGrant(p, grantId);
      const status = await refusedAs409(() =>
        temporal().revoke(grantPairOf(row), { actorId: acting(p), actorRole: actorRole(p), reason }),
      );
      return { row, status };
    },
  };
}

/** A refused update names the rule it broke: 409 with that message; a closed workflow is 409 too. */
export async function refusedAs409<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) throw apiErrors.conflict(error.cause?.message ?? error.message);
    if (error instanceof WorkflowNotFoundError) throw apiErrors.conflict('This request has already ended.');
    throw error;
  }
}
