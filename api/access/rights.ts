// Who may decide an access request now. The workflow holds the approvers resolved when the request was made (its
// approverIds snapshot) and refuses anyone else; this narrows that to who still qualifies in Entra as last synced, so
// an owner removed in Entra loses the power to approve after the next sync (and at most a cache lifetime later).
import type { Kysely } from 'kysely';
import { effectivePolicy, resolveAllApprovers } from '../../catalog/access/policies.js';
import type { AccessGrantRow } from '../../catalog/access/requests.js';
import type { CatalogSchema } from '../../catalog/index.js';
import type { Principal } from '../http/auth.js';

type Db = Kysely<CatalogSchema>;
export type DecidableGrant = Pick<
  AccessGrantRow,
  'connector_id' | 'entitlement_id' | 'principal_id' | 'requester_id' | 'approver_ids'
>;

export interface ApproverRights {
  /**
   * The policy's approvers resolved from the current catalog (owners, named users, group members, manager), over
   * every stage and its fallbacks (the workflow decides which stage may act now); the request's snapshot when no
   * policy applies any more.
   */
  liveApproverIds(db: Db, row: DecidableGrant): Promise<string[]>;
  /** True for a person named by both the snapshot and the live policy, who neither asked nor receives the access. */
  isLiveApprover(db: Db, subject: string, row: DecidableGrant): Promise<boolean>;
  /** An admin, or an approver (role) who is a live approver of this request. */
  canDecide(db: Db, principal: Principal | null, row: DecidableGrant): Promise<boolean>;
}

export interface ApproverRightsOptions {
  /** How long a resolution is reused; at most (and by default) 60 s, the promise. */
  ttlMs?: number;
  maxEntries?: number;
  /** Milliseconds now; tests pass a clock they move. */
  now?: () => number;
}

export const MAX_RIGHTS_TTL_MS = 60_000;

interface Cached {
  ids: string[];
  at: number;
}

export function createApproverRights(options: ApproverRightsOptions = {}): ApproverRights {
  const ttlMs = Math.min(options.ttlMs ?? MAX_RIGHTS_TTL_MS, MAX_RIGHTS_TTL_MS);
  const maxEntries = options.maxEntries ?? 5000;
  const now = options.now ?? Date.now;
  // One cache per catalog (a process may hold several, e.g. tests); a Map iterates oldest first, which makes the LRU.
  const caches = new WeakMap<Db, Map<string, Cached>>();

  const liveApproverIds = async (db: Db, row: DecidableGrant): Promise<string[]> => {
    let cache = caches.get(db);
    if (!cache) caches.set(db, (cache = new Map()));
    const key = JSON.stringify([row.connector_id, row.entitlement_id, row.principal_id]);
    const hit = cache.get(key);
    cache.delete(key);
    if (hit && now() - hit.at < ttlMs) {
      cache.set(key, hit);
      return hit.ids;
    }
    const policy = await effectivePolicy(db, row.connector_id, row.entitlement_id);
    // Without a policy (a grant started outside the API) there is nothing to re-resolve: the snapshot is all we know.
    const ids = policy
      ? await resolveAllApprovers(db, policy, { entitlementId: row.entitlement_id, principalId: row.principal_id })
      : [...row.approver_ids];
    cache.set(key, { ids, at: now() });
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
    return ids;
  };

  const isLiveApprover = async (db: Db, subject: string, row: DecidableGrant): Promise<boolean> =>
    subject !== row.requester_id &&
    subject !== row.principal_id &&
    row.approver_ids.includes(subject) &&
    (await liveApproverIds(db, row)).includes(subject);

  const canDecide = async (db: Db, principal: Principal | null, row: DecidableGrant): Promise<boolean> => {
    if (!principal) return false;
    if (principal.roles.includes('admin')) return true;
    if (!principal.roles.includes('approver') || !principal.subject) return false;
    return isLiveApprover(db, principal.subject, row);
  };

  return { liveApproverIds, isLiveApprover, canDecide };
}

const processRights = createApproverRights();

/** The process-wide resolution (cached ≤ 60 s); the API uses `AppDeps.approverRights` when a test injects a clock. */
export const liveApproverIds = (db: Db, row: DecidableGrant): Promise<string[]> =>
  processRights.liveApproverIds(db, row);
export const canDecide = (db: Db, principal: Principal | null, row: DecidableGrant): Promise<boolean> =>
  processRights.canDecide(db, principal, row);
export const defaultApproverRights: ApproverRights = processRights;
