// Groups → resources with member/owner entitlements, direct member edges and owner grants. Nested-group expansion
// happens once at the end of a full sync (expand stage); delta writers re-expand the groups they touch.
import {
  addGroupMembers, deleteResources, removeGroupMembers, upsertEntitlements, upsertGrants, upsertGroupMembers, upsertResources,
  type GroupMemberEdge,
} from '../../catalog/directory/index.js';
import { graphPages } from '../../entra/paging.js';
import { GROUP_SELECT, groupEntitlements, groupToResource, type GraphGroup } from '../../entra/resources/groups.js';
import { entitlementIds, type GrantRow } from '../../entra/resources/rows.js';
import { isRemoved, latestDeltaLink } from './delta-links.js';
import { groupOwnersPath, membersPath, readRelated, toRelated, type DirectoryObjectRef } from './members.js';
import type { StageContext } from './stage.js';

interface PageCursor { next: string | null; deltaLink: string; groups: number; edges: number }

const select = GROUP_SELECT.join(',');

export async function fullGroups(ctx: StageContext) {
  const resume = ctx.resumeFrom as PageCursor | undefined;
  const deltaLink = resume?.deltaLink ?? await latestDeltaLink(ctx.client, `/groups/delta?$select=${select},members`, ctx.signal);
  let { groups = 0, edges = 0 } = resume ?? {};
  const first = resume?.next ?? `/groups?$select=${select}&$top=999`;
  for await (const page of graphPages<GraphGroup>(ctx.client, first, { signal: ctx.signal })) {
    const kept = page.items.filter((g) => !(ctx.connector.options.skipOnPremisesSyncedGroups && g.onPremisesSyncEnabled));
    await writeGroups(ctx, kept);
    edges += await writeMembersAndOwners(ctx, kept.map((g) => g.id));
    groups += kept.length;
    ctx.checkpoint({ next: page.nextLink ?? null, deltaLink, groups, edges });
  }
  return { counts: { groups }, deltaLink };
}

async function writeGroups(ctx: StageContext, groups: readonly GraphGroup[]): Promise<void> {
  const resources = groups.map(groupToResource);
  await upsertResources(ctx.db, { connectorId: ctx.connector.id, generation: ctx.generation, resources });
  await upsertEntitlements(ctx.db, { connectorId: ctx.connector.id, generation: ctx.generation, entitlements: resources.flatMap(groupEntitlements) });
}

/** Reads and stores the direct members and owners of these groups; returns the member edges written. */
async function writeMembersAndOwners(ctx: StageContext, groupIds: readonly string[]): Promise<number> {
  const options = { stats: ctx.stats, signal: ctx.signal };
  const members = await readRelated<DirectoryObjectRef>(ctx.client, groupIds, membersPath, options);
  const owners = await readRelated<DirectoryObjectRef>(ctx.client, groupIds, groupOwnersPath, options);
  const edges: GroupMemberEdge[] = [];
  for (const [groupId, objects] of members) {
    for (const m of toRelated(objects)) edges.push({ groupId, memberId: m.id, memberKind: m.kind });
  }
  await upsertGroupMembers(ctx.db, { connectorId: ctx.connector.id, generation: ctx.generation, edges });
  await upsertGrants(ctx.db, { connectorId: ctx.connector.id, generation: ctx.generation, grants: ownerGrants(owners) });
  return edges.length;
}

function ownerGrants(owners: Map<string, DirectoryObjectRef[]>): GrantRow[] {
  const grants: GrantRow[] = [];
  for (const [groupId, objects] of owners) {
    for (const o of toRelated(objects)) {
      grants.push({ entitlementId: entitlementIds.groupOwner(groupId), principalId: o.id, principalKind: o.kind, viaGroupId: null, sourceId: null });
    }
  }
  return grants;
}

type DeltaGroup = GraphGroup & { 'members@delta'?: (DirectoryObjectRef & { '@removed'?: unknown })[] };
interface DeltaCursor { next: string; changed: number; removed: number }

export async function deltaGroups(ctx: StageContext, deltaLink: string) {
  const resume = ctx.resumeFrom as DeltaCursor | undefined;
  let { changed = 0, removed = 0 } = resume ?? {};
  let nextDeltaLink: string | undefined;
  for await (const page of graphPages<DeltaGroup>(ctx.client, resume?.next ?? deltaLink, { signal: ctx.signal })) {
    const gone = page.items.filter(isRemoved).map((g) => g.id);
    await deleteResources(ctx.db, { connectorId: ctx.connector.id, generation: ctx.generation, ids: gone });
    const live = page.items.filter((g) => !isRemoved(g));
    // An entry that only carries members@delta changed membership, not properties.
    const withProperties = live.filter((g) => g.displayName !== undefined)
      .filter((g) => !(ctx.connector.options.skipOnPremisesSyncedGroups && g.onPremisesSyncEnabled));
    await writeGroups(ctx, withProperties);
    await applyMemberDelta(ctx, live);
    changed += live.length;
    removed += gone.length;
    nextDeltaLink = page.deltaLink ?? nextDeltaLink;
    if (page.nextLink) ctx.checkpoint({ next: page.nextLink, changed, removed });
  }
  return { counts: { groups: changed, removed }, deltaLink: nextDeltaLink ?? deltaLink };
}

async function applyMemberDelta(ctx: StageContext, groups: readonly DeltaGroup[]): Promise<void> {
  const added: GroupMemberEdge[] = [];
  const dropped: Pick<GroupMemberEdge, 'groupId' | 'memberId'>[] = [];
  for (const group of groups) {
    for (const entry of group['members@delta'] ?? []) {
      if ('@removed' in entry) { dropped.push({ groupId: group.id, memberId: entry.id }); continue; }
      const [related] = toRelated([entry]);
      if (related) added.push({ groupId: group.id, memberId: related.id, memberKind: related.kind });
    }
  }
  const base = { connectorId: ctx.connector.id, generation: ctx.generation };
  if (dropped.length) await removeGroupMembers(ctx.db, { ...base, edges: dropped });
  if (added.length) await addGroupMembers(ctx.db, { ...base, edges: added });
}
