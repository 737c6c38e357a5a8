// Direct group-membership edges. An edge (group G, member M) and the direct grant of `group:G:member` to M are the same
// fact, so every writer here keeps both in step; the delta writers also re-expand the affected nested groups.
import { entitlementIds } from '../../../domain/entitlement-id.js';
import { type GrantRow, type PrincipalKind } from '../../../entra/resources/rows.js';
import { sql } from 'kysely';
import { upsertGrants } from './grants.js';
import { anyOf, inTransaction, lastPerKey, textArray, upsertRows, type CatalogDb } from './sql.js';
import { recomputeViaGroupGrants, type RecomputeViaGroupsResult } from './via-groups.js';

export interface GroupMemberEdge {
  groupId: string;
  memberId: string;
  memberKind: PrincipalKind;
}

export interface GroupMemberBatch {
  connectorId: string;
  generation: number;
  edges: readonly GroupMemberEdge[];
}

const edgeKey = (e: Pick<GroupMemberEdge, 'groupId' | 'memberId'>) => `${e.groupId}\n${e.memberId}`;

const memberGrant = (e: GroupMemberEdge): GrantRow => ({
  entitlementId: entitlementIds.groupMember(e.groupId),
  principalId: e.memberId,
  principalKind: e.memberKind,
  viaGroupId: null,
  sourceId: null,
});

/**
 * Full sync: stores edges (and their direct member grants) without re-expanding groups; call
 * recomputeViaGroupGrants({ connectorId, generation }) once every edge is in. Idempotent. Returns edges written.
 */
export async function upsertGroupMembers(db: CatalogDb, batch: GroupMemberBatch): Promise<number> {
  const edges = lastPerKey(batch.edges, edgeKey);
  return inTransaction(db, async (trx) => {
    await upsertRows(
      trx,
      {
        table: 'group_members',
        conflict: ['connector_id', 'group_id', 'member_id'],
        update: ['member_kind', 'generation'],
      },
      edges.map((e) => ({
        connector_id: batch.connectorId,
        group_id: e.groupId,
        member_id: e.memberId,
        member_kind: e.memberKind,
        generation: batch.generation,
      })),
    );
    await upsertGrants(trx, {
      connectorId: batch.connectorId,
      generation: batch.generation,
      grants: edges.map(memberGrant),
    });
    return edges.length;
  });
}

/** Delta: members added to groups (`members@delta`). Re-expands the groups concerned. Idempotent. */
export async function addGroupMembers(db: CatalogDb, batch: GroupMemberBatch): Promise<RecomputeViaGroupsResult> {
  return inTransaction(db, async (trx) => {
    await upsertGroupMembers(trx, batch);
    return recomputeViaGroupGrants(trx, {
      connectorId: batch.connectorId,
      generation: batch.generation,
      groupIds: touchedGroups(batch.edges),
    });
  });
}

export interface RemovedEdgesBatch {
  connectorId: string;
  generation: number;
  edges: readonly Pick<GroupMemberEdge, 'groupId' | 'memberId'>[];
}

/** Delta: members removed from groups (`members@delta` with `@removed`). Re-expands the groups concerned. Idempotent. */
export async function removeGroupMembers(db: CatalogDb, batch: RemovedEdgesBatch): Promise<RecomputeViaGroupsResult> {
  const edges = lastPerKey(batch.edges, edgeKey);
  return inTransaction(db, async (trx) => {
    const groups = textArray(edges.map((e) => e.groupId));
    const members = textArray(edges.map((e) => e.memberId));
    await sql`delete from group_members where connector_id = ${batch.connectorId}
      and (group_id, member_id) in (select * from unnest(${groups}, ${members}))`.execute(trx);
    const memberEntitlements = textArray(edges.map((e) => entitlementIds.groupMember(e.groupId)));
    await sql`delete from grants where connector_id = ${batch.connectorId} and via_group_id = ''
      and (entitlement_id, principal_id) in (select * from unnest(${memberEntitlements}, ${members}))`.execute(trx);
    return recomputeViaGroupGrants(trx, {
      connectorId: batch.connectorId,
      generation: batch.generation,
      groupIds: touchedGroups(edges),
    });
  });
}

export interface ReplaceMembersInput {
  connectorId: string;
  generation: number;
  /** Each group's complete list of direct members; edges not listed are removed. */
  groups: readonly { groupId: string; members: readonly Omit<GroupMemberEdge, 'groupId'>[] }[];
}

/** Delta: a group's whole direct membership was re-read. Replaces its edges and re-expands it. Idempotent. */
export async function replaceGroupMembers(
  db: CatalogDb,
  input: ReplaceMembersInput,
): Promise<RecomputeViaGroupsResult> {
  return inTransaction(db, async (trx) => {
    const touched: Pick<GroupMemberEdge, 'groupId' | 'memberId'>[] = [];
    for (const group of input.groups) {
      const keep = anyOf(group.members.map((m) => m.memberId));
      const removed = await trx
        .deleteFrom('group_members')
        .where('connector_id', '=', input.connectorId)
        .where('group_id', '=', group.groupId)
        .where((eb) => eb.not(eb('member_id', '=', keep)))
        .returning('member_id')
        .execute();
      await trx
        .deleteFrom('grants')
        .where('connector_id', '=', input.connectorId)
        .where('entitlement_id', '=', entitlementIds.groupMember(group.groupId))
        .where('via_group_id', '=', '')
        .where((eb) => eb.not(eb('principal_id', '=', keep)))
        .execute();
      const edges = group.members.map((m) => ({
        groupId: group.groupId,
        memberId: m.memberId,
        memberKind: m.memberKind,
      }));
      await upsertGroupMembers(trx, { connectorId: input.connectorId, generation: input.generation, edges });
      touched.push(...edges, ...removed.map((r) => ({ groupId: group.groupId, memberId: r.member_id })));
    }
    return recomputeViaGroupGrants(trx, {
      connectorId: input.connectorId,
      generation: input.generation,
      groupIds: touchedGroups(touched),
    });
  });
}

/**
 * An edge change re-expands the group (its members changed) and the member when it is a group (it gained or lost the
 * direct grant of the parent's membership). Non-group member ids are harmless: nothing is held via them.
 */
function touchedGroups(edges: readonly Pick<GroupMemberEdge, 'groupId' | 'memberId'>[]): string[] {
  return [...new Set(edges.flatMap((e) => [e.groupId, e.memberId]))];
}
