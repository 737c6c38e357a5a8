// Keeps "via group" grants equal to the expansion of the direct grants that groups hold over the stored direct
// membership edges (group_members). The expansion rules (nesting at any depth, cycles walked once, the grant attributed
// to the group that holds it) live in entra/resources/nested-groups.ts; this module only feeds it from the database.
import { sql } from 'kysely';
import { expandGroupGrants, type MemberEdge } from '../../entra/resources/nested-groups.js';
import type { GrantRow, PrincipalKind } from '../../entra/resources/rows.js';
import { upsertGrants } from './grants.js';
import { anyOf, inTransaction, textArray, type CatalogDb } from './sql.js';

export interface RecomputeViaGroupsInput {
  connectorId: string;
  generation: number;
  /**
   * Groups whose direct member edges or direct grants changed. Every group that contains one of them (at any depth)
   * is re-expanded too. Omit to re-expand the whole connector (end of a full sync).
   */
  groupIds?: readonly string[];
}

export interface RecomputeViaGroupsResult {
  /** Groups whose direct grants were expanded. */
  holders: number;
  /** Via-group grants now stored for those groups. */
  viaGrants: number;
}

/** Recomputes the via-group grants of the affected groups from scratch. Idempotent; runs in one transaction. */
export async function recomputeViaGroupGrants(db: CatalogDb, input: RecomputeViaGroupsInput): Promise<RecomputeViaGroupsResult> {
  const { connectorId, generation } = input;
  if (input.groupIds?.length === 0) return { holders: 0, viaGrants: 0 };
  return inTransaction(db, async (trx) => {
    const scope = input.groupIds ? await groupsContaining(trx, connectorId, input.groupIds) : undefined;
    let directQuery = trx.selectFrom('grants').select(['entitlement_id', 'principal_id', 'source_id'])
      .where('connector_id', '=', connectorId).where('principal_kind', '=', 'group').where('via_group_id', '=', '');
    if (scope) directQuery = directQuery.where('principal_id', '=', anyOf(scope));
    const direct: GrantRow[] = (await directQuery.execute()).map((g) => ({
      entitlementId: g.entitlement_id, principalId: g.principal_id, principalKind: 'group', viaGroupId: null, sourceId: g.source_id,
    }));
    const holders = [...new Set(direct.map((g) => g.principalId))];
    const edges = await memberEdgesBelow(trx, connectorId, scope ? holders : undefined);
    const viaGrants = expandGroupGrants(direct, (groupId) => edges.get(groupId) ?? []);

    // From scratch: every via row of the groups in scope (all groups when unscoped) is replaced by the expansion.
    let stale = trx.deleteFrom('grants').where('connector_id', '=', connectorId).where('via_group_id', '<>', '');
    if (scope) stale = stale.where('via_group_id', '=', anyOf(scope));
    await stale.execute();
    await upsertGrants(trx, { connectorId, generation, grants: viaGrants });
    return { holders: holders.length, viaGrants: viaGrants.length };
  });
}

/** The given groups and every group that contains one of them, at any depth (cycle-safe: UNION drops repeats). */
export async function groupsContaining(db: CatalogDb, connectorId: string, groupIds: readonly string[]): Promise<string[]> {
  const { rows } = await sql<{ group_id: string }>`
    with recursive up(group_id) as (
      select unnest(${textArray([...groupIds])})
      union
      select m.group_id from group_members m join up on m.member_id = up.group_id
      where m.connector_id = ${connectorId} and m.member_kind = 'group'
    ) select group_id from up`.execute(db);
  return rows.map((row) => row.group_id);
}

/** Direct member edges of the given groups and of every group nested below them (all groups when omitted). */
async function memberEdgesBelow(db: CatalogDb, connectorId: string, groupIds?: readonly string[]): Promise<Map<string, MemberEdge[]>> {
  const edges = new Map<string, MemberEdge[]>();
  if (groupIds?.length === 0) return edges;
  const query = groupIds
    ? sql<{ group_id: string; member_id: string; member_kind: PrincipalKind }>`
        with recursive down(group_id) as (
          select unnest(${textArray([...groupIds])})
          union
          select m.member_id from group_members m join down on m.group_id = down.group_id
          where m.connector_id = ${connectorId} and m.member_kind = 'group'
        )
        select m.group_id, m.member_id, m.member_kind from group_members m
        where m.connector_id = ${connectorId} and m.group_id in (select group_id from down)`
    : sql<{ group_id: string; member_id: string; member_kind: PrincipalKind }>`
        select group_id, member_id, member_kind from group_members where connector_id = ${connectorId}`;
  for (const row of (await query.execute(db)).rows) {
    let list = edges.get(row.group_id);
    if (!list) edges.set(row.group_id, list = []);
    list.push({ memberId: row.member_id, kind: row.member_kind });
  }
  return edges;
}
