// Keeps "via group" grants equal to the expansion of the direct grants that groups hold over the stored direct
// membership edges (group_members): nesting at any depth, cycles walked once, the grant attributed to the group that
// holds it — the rules of entra/resources/nested-groups.ts, evaluated by the database.
import { sql } from 'kysely';
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

/**
 * Recomputes the via-group grants of the affected groups from scratch, inside the database: one recursive query walks
 * group_members below every group that holds a direct grant (UNION drops repeats, so cycles end) and writes the
 * inherited rows, so a tenant's hundreds of thousands of via-group grants never pass through the worker's memory.
 * The rules are those of entra/resources/nested-groups.ts (tests hold the two to the same answers). Idempotent; one
 * transaction.
 */
export async function recomputeViaGroupGrants(
  db: CatalogDb,
  input: RecomputeViaGroupsInput,
): Promise<RecomputeViaGroupsResult> {
  const { connectorId, generation } = input;
  if (input.groupIds?.length === 0) return { holders: 0, viaGrants: 0 };
  return inTransaction(db, async (trx) => {
    const scope = input.groupIds ? await groupsContaining(trx, connectorId, input.groupIds) : undefined;
    let stale = trx.deleteFrom('grants').where('connector_id', '=', connectorId).where('via_group_id', '<>', '');
    if (scope) stale = stale.where('via_group_id', '=', anyOf(scope));
    await stale.execute();
    const inScope = scope ? sql`and principal_id = any(${textArray(scope)})` : sql``;
    const { rows } = await sql<{ holders: string; via_grants: string }>`
      with recursive holders as (
        select distinct principal_id as group_id from grants
        where connector_id = ${connectorId} and principal_kind = 'group' and via_group_id = '' ${inScope}
      ), closure(root, member_id, member_kind) as (
        select m.group_id, m.member_id, m.member_kind from group_members m join holders h on h.group_id = m.group_id
        where m.connector_id = ${connectorId}
        union
        select c.root, m.member_id, m.member_kind from closure c join group_members m on m.group_id = c.member_id
        where m.connector_id = ${connectorId} and c.member_kind = 'group'
      ), inserted as (
        insert into grants (connector_id, entitlement_id, principal_id, principal_kind, via_group_id, source_id, generation)
        select ${connectorId}, g.entitlement_id, c.member_id, c.member_kind, g.principal_id, g.source_id, ${generation}
        from grants g join closure c on c.root = g.principal_id
        where g.connector_id = ${connectorId} and g.principal_kind = 'group' and g.via_group_id = '' and c.member_kind <> 'group'
        on conflict (connector_id, entitlement_id, principal_id, via_group_id)
          do update set principal_kind = excluded.principal_kind, source_id = excluded.source_id, generation = excluded.generation
        returning 1
      )
      select (select count(*) from holders) as holders, (select count(*) from inserted) as via_grants`.execute(trx);
    return { holders: Number(rows[0]?.holders ?? 0), viaGrants: Number(rows[0]?.via_grants ?? 0) };
  });
}

/** The given groups and every group that contains one of them, at any depth (cycle-safe: UNION drops repeats). */
export async function groupsContaining(
  db: CatalogDb,
  connectorId: string,
  groupIds: readonly string[],
): Promise<string[]> {
  const { rows } = await sql<{ group_id: string }>`
    with recursive up(group_id) as (
      select unnest(${textArray([...groupIds])})
      union
      select m.group_id from group_members m join up on m.member_id = up.group_id
      where m.connector_id = ${connectorId} and m.member_kind = 'group'
    ) select group_id from up`.execute(db);
  return rows.map((row) => row.group_id);
}
