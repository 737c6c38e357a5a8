// Groups → resources with member/owner entitlements, direct member edges and owner grants. Nested-group expansion
// happens once when a full sync completes; delta writers re-expand the groups they touch.
import {
  addGroupMembers,
  deleteResources,
  removeGroupMembers,
  upsertEntitlements,
  upsertGrants,
  upsertGroupMembers,
  upsertResources,
  type GroupMemberEdge,
} from '../../catalog/directory/writes/index.js';
import { GROUP_SELECT, groupEntitlements, groupToResource, type GraphGroup } from '../../entra/resources/groups.js';
import { entitlementIds } from '../../domain/entitlement-id.js';
import { type GrantRow } from '../../entra/resources/rows.js';
import { applyDeltaRound, latestDeltaLink } from './delta-links.js';
import { pipelinePages } from './pipeline.js';
import { groupOwnersPath, membersPath, readRelated, toRelated, type DirectoryObjectRef } from './members.js';
import type { StageContext } from './stage.js';

const select = GROUP_SELECT.join(',');

export async function fullGroups(ctx: StageContext) {
  const deltaLink =
    (ctx.resumeFrom as { deltaLink?: string } | undefined)?.deltaLink ??
    (await latestDeltaLink(ctx.client, `/groups/delta?$select=${select},members`, ctx.signal));
  const totals = await pipelinePages(
    ctx,
    `/groups?$select=${select}&$top=999`,
    { groups: 0, grants: 0 },
    {
      read: async (page: GraphGroup[]) => {
        const kept = page.filter((g) => !(ctx.connector.options.skipOnPremisesSyncedGroups && g.onPremisesSyncEnabled));
        const ids = kept.map((g) => g.id);
        const options = { stats: ctx.stats, signal: ctx.signal };
        const [members, owners] = await Promise.all([
          readRelated<DirectoryObjectRef>(ctx.client, ids, membersPath, options),
          readRelated<DirectoryObjectRef>(ctx.client, ids, groupOwnersPath, options),
        ]);
        return { kept, members, owners };
      },
      write: async (_page, { kept, members, owners }) => {
        await writeGroups(ctx, kept);
        return { groups: kept.length, grants: await writeMembersAndOwners(ctx, members, owners) };
      },
    },
    { deltaLink },
  );
  return { counts: { groups: totals.groups, entitlements: 2 * totals.groups, grants: totals.grants }, deltaLink };
}

async function writeGroups(ctx: StageContext, groups: readonly GraphGroup[]): Promise<void> {
  const resources = groups.map(groupToResource);
  await upsertResources(ctx.db, { connectorId: ctx.connector.id, generation: ctx.generation, resources });
  await upsertEntitlements(ctx.db, {
    connectorId: ctx.connector.id,
    generation: ctx.generation,
    entitlements: resources.flatMap(groupEntitlements),
  });
}

/** Stores direct member edges and owner grants; returns the grants written (members + owners). */
async function writeMembersAndOwners(
  ctx: StageContext,
  members: Map<string, DirectoryObjectRef[]>,
  owners: Map<string, DirectoryObjectRef[]>,
): Promise<number> {
  const edges: GroupMemberEdge[] = [];
  for (const [groupId, objects] of members) {
    for (const m of toRelated(objects)) edges.push({ groupId, memberId: m.id, memberKind: m.kind });
  }
  await upsertGroupMembers(ctx.db, { connectorId: ctx.connector.id, generation: ctx.generation, edges });
  const owned = ownerGrants(owners);
  await upsertGrants(ctx.db, { connectorId: ctx.connector.id, generation: ctx.generation, grants: owned });
  return edges.length + owned.length;
}

function ownerGrants(owners: Map<string, DirectoryObjectRef[]>): GrantRow[] {
  const grants: GrantRow[] = [];
  for (const [groupId, objects] of owners) {
    for (const o of toRelated(objects)) {
      grants.push({
        entitlementId: entitlementIds.groupOwner(groupId),
        principalId: o.id,
        principalKind: o.kind,
        viaGroupId: null,
        sourceId: null,
      });
    }
  }
  return grants;
}

type DeltaGroup = GraphGroup & { 'members@delta'?: (DirectoryObjectRef & { '@removed'?: unknown })[] };
export async function deltaGroups(ctx: StageContext, deltaLink: string) {
  const round = await applyDeltaRound<DeltaGroup>(ctx, deltaLink, async (gone, live) => {
    await deleteResources(ctx.db, { connectorId: ctx.connector.id, generation: ctx.generation, ids: gone });
    // An entry that only carries members@delta changed membership, not properties.
    await writeGroups(
      ctx,
      live
        .filter((g) => g.displayName !== undefined)
        .filter((g) => !(ctx.connector.options.skipOnPremisesSyncedGroups && g.onPremisesSyncEnabled)),
    );
    await applyMemberDelta(ctx, live);
  });
  return { counts: { groups: round.changed, removed: round.removed }, deltaLink: round.deltaLink };
}

async function applyMemberDelta(ctx: StageContext, groups: readonly DeltaGroup[]): Promise<void> {
  const added: GroupMemberEdge[] = [];
  const dropped: Pick<GroupMemberEdge, 'groupId' | 'memberId'>[] = [];
  for (const group of groups) {
    for (const entry of group['members@delta'] ?? []) {
      if ('@removed' in entry) {
        dropped.push({ groupId: group.id, memberId: entry.id });
        continue;
      }
      const [related] = toRelated([entry]);
      if (related) added.push({ groupId: group.id, memberId: related.id, memberKind: related.kind });
    }
  }
  const base = { connectorId: ctx.connector.id, generation: ctx.generation };
  if (dropped.length) await removeGroupMembers(ctx.db, { ...base, edges: dropped });
  if (added.length) await addGroupMembers(ctx.db, { ...base, edges: added });
}
