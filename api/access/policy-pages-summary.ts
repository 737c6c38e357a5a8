// A policy's approval stages in one line for the Policies list: "2 stages: Manager → Owners (2 of 3)". How many people a
// stage names is known when it does not depend on the requester (a manager does) or on the entitlement (owners, on the
// connector default); otherwise the line says how many approvals it needs.
import type { Kysely } from 'kysely';
import { entitlementOwners, groupMemberIds, type AccessPolicy } from '../../catalog/access/policies.js';
import type { CatalogSchema } from '../../catalog/index.js';
import type { ApproverSet } from '../../domain/access-policy.js';

/** Per policy (by entitlement id, '' = default), per stage: how many people it names, or null when that varies. */
export type StageSizes = Map<string, (number | null)[]>;

const keyOf = (policy: AccessPolicy) => policy.entitlementId ?? '';

async function sizeOf(db: Kysely<CatalogSchema>, policy: AccessPolicy, set: ApproverSet): Promise<number | null> {
  if (set.manager || (set.owners && !policy.entitlementId)) return null;
  const owners = set.owners ? await entitlementOwners(db, policy.connectorId, policy.entitlementId!) : [];
  const members = set.groupId ? await groupMemberIds(db, policy.connectorId, set.groupId) : [];
  return new Set([...(set.principalIds ?? []), ...owners, ...members]).size;
}

export async function stageSizesOf(db: Kysely<CatalogSchema>, policies: AccessPolicy[]): Promise<StageSizes> {
  const sizes: StageSizes = new Map();
  for (const policy of policies) {
    if (!policy.stages?.length) continue;
    sizes.set(keyOf(policy), await Promise.all(policy.stages.map((stage) => sizeOf(db, policy, stage.approvers))));
  }
  return sizes;
}

export function stageSummary(policy: AccessPolicy, sizes: StageSizes): string {
  const stages = policy.stages ?? [];
  const known = sizes.get(keyOf(policy)) ?? [];
  const steps = stages.map((stage, index) => {
    if (stage.quorum === 1) return stage.name;
    const size = known[index];
    return `${stage.name} (${stage.quorum} ${typeof size === 'number' ? `of ${size}` : 'approvals'})`;
  });
  return `${stages.length} ${stages.length === 1 ? 'stage' : 'stages'}: ${steps.join(' → ')}`;
}
