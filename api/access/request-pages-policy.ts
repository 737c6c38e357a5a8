// What the entitlement page says about its policy's approval in words: the path ("Manager, then 2 of 3 owners") and,
// per stage, who approves by name. Stages are resolved as the request planner would for the viewer (their manager,
// the owners, named people, group members), leaving the viewer out: nobody approves their own request.
import type { Kysely } from 'kysely';
import { entitlementOwners, groupMemberIds, managerOf, type AccessPolicy } from '../../catalog/access/policies.js';
import { resourceDisplayName } from '../../catalog/access/request-names.js';
import type { CatalogSchema } from '../../catalog/index.js';
import { stagesOf, type ApproverSet } from '../../domain/access-policy.js';
import { principalNames } from './request-pages-model.js';

export interface StageInWords {
  /** "Stage 1 · Manager". */
  title: string;
  /** Who approves, by name ("Your manager (Carol)", "The resource's owners (Ada, Bob)"). */
  approvers: string[];
}

export interface ApprovalInWords {
  /** "Manager, then 2 of 3 owners"; null when no approval is needed. */
  path: string | null;
  stages: StageInWords[];
}

interface Target {
  connectorId: string;
  entitlementId: string;
  viewerId: string | undefined;
}

/** The people a set names for this viewer (the viewer left out), and the set in words. */
async function resolveSet(db: Kysely<CatalogSchema>, set: ApproverSet, target: Target) {
  const { connectorId, entitlementId, viewerId } = target;
  const words: string[] = [];
  const ids = new Set<string>();
  const named = async (found: string[]) => {
    for (const id of found) if (id !== viewerId) ids.add(id);
    return principalNames(
      db,
      connectorId,
      found.filter((id) => id !== viewerId),
    );
  };
  if (set.owners) {
    const names = await named(await entitlementOwners(db, connectorId, entitlementId));
    words.push(names.length ? `The resource's owners (${names.join(', ')})` : "The resource's owners (none in Entra)");
  }
  if (set.manager) {
    const managerId = viewerId ? await managerOf(db, connectorId, viewerId) : null;
    const [name] = await named(managerId ? [managerId] : []);
    words.push(name ? `Your manager (${name})` : 'Your manager (Entra names none for you)');
  }
  if (set.principalIds?.length) words.push(...(await named(set.principalIds)));
  if (set.groupId) {
    await named(await groupMemberIds(db, connectorId, set.groupId));
    words.push(`Members of group ${(await resourceDisplayName(db, connectorId, set.groupId)) ?? set.groupId}`);
  }
  return { size: ids.size, words };
}

/** "Manager" (one approval of one person) or "2 of 3 owners" (the stage name, lower-cased, after the count). */
function stepText(name: string, quorum: number, size: number): string {
  if (quorum === 1 && size <= 1) return name;
  return `${quorum} of ${size} ${name.charAt(0).toLowerCase()}${name.slice(1)}`;
}

export async function approvalInWords(
  db: Kysely<CatalogSchema>,
  policy: AccessPolicy,
  entitlementId: string,
  viewerId: string | undefined,
): Promise<ApprovalInWords> {
  const target = { connectorId: policy.connectorId, entitlementId, viewerId };
  const stages = stagesOf(policy);
  if (stages.length === 0) return { path: null, stages: [] };
  const resolved = await Promise.all(stages.map((stage) => resolveSet(db, stage.approvers, target)));
  const steps = stages.map((stage, i) => stepText(stage.name, stage.quorum, resolved[i]!.size));
  return {
    path: policy.stages?.length ? steps.join(', then ') : null,
    stages: stages.map((stage, i) => ({
      title: stages.length > 1 ? `Stage ${i + 1} · ${stage.name}` : stage.name,
      approvers: resolved[i]!.words,
    })),
  };
}
