// Writes grants as given (direct ones from Graph; via-group ones come from via-groups.ts). A grant's key is
// (entitlement, principal, via group), with '' standing for "direct" in the database.
import type { GrantRow } from '../../../entra/resources/rows.js';
import { sql } from 'kysely';
import { lastPerKey, textArray, upsertRows, type CatalogDb } from './sql.js';

export interface GrantBatch {
  connectorId: string;
  generation: number;
  grants: readonly GrantRow[];
}

export type GrantKey = Pick<GrantRow, 'entitlementId' | 'principalId' | 'viaGroupId'>;

export const grantKey = (g: GrantKey): string => `${g.entitlementId}\n${g.principalId}\n${g.viaGroupId ?? ''}`;

/**
 * Inserts or overwrites grants. Idempotent. Does not expand groups: after changing the direct grants a group holds
 * outside a full sync, call recomputeViaGroupGrants for that group. Returns rows written.
 */
export async function upsertGrants(db: CatalogDb, batch: GrantBatch): Promise<number> {
  const rows = lastPerKey(batch.grants, grantKey).map((g) => ({
    connector_id: batch.connectorId,
    entitlement_id: g.entitlementId,
    principal_id: g.principalId,
    principal_kind: g.principalKind,
    via_group_id: g.viaGroupId ?? '',
    source_id: g.sourceId,
    generation: batch.generation,
  }));
  return upsertRows(
    db,
    {
      table: 'grants',
      conflict: ['connector_id', 'entitlement_id', 'principal_id', 'via_group_id'],
      update: ['principal_kind', 'source_id', 'generation'],
    },
    rows,
  );
}

export interface DeleteGrantsInput {
  connectorId: string;
  grants: readonly GrantKey[];
}

/** Removes the given grants (e.g. an app role assignment a delta reported deleted). Idempotent. Returns rows deleted. */
export async function deleteGrants(db: CatalogDb, input: DeleteGrantsInput): Promise<number> {
  if (input.grants.length === 0) return 0;
  const grants = lastPerKey(input.grants, grantKey);
  const result = await sql`delete from grants where connector_id = ${input.connectorId}
    and (entitlement_id, principal_id, via_group_id) in (select * from unnest(
      ${textArray(grants.map((g) => g.entitlementId))}, ${textArray(grants.map((g) => g.principalId))},
      ${textArray(grants.map((g) => g.viaGroupId ?? ''))}))`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export interface DirectGrantsScope {
  connectorId: string;
  /** Selects the entitlements by id prefix (domain/entitlement-id.ts entitlementIdPrefixes). */
  entitlementPrefix: string;
}

/** Groups that hold any of the scope's entitlements directly: their members' via-group grants follow those entitlements. */
export async function groupsHoldingDirectly(db: CatalogDb, scope: DirectGrantsScope): Promise<string[]> {
  const rows = await db
    .selectFrom('grants')
    .select('principal_id')
    .distinct()
    .where('connector_id', '=', scope.connectorId)
    .where('via_group_id', '=', '')
    .where('principal_kind', '=', 'group')
    .where('entitlement_id', 'like', `${scope.entitlementPrefix}%`)
    .execute();
  return rows.map((r) => r.principal_id);
}

/** Removes the scope's direct grants this generation did not write: Entra no longer has them. Idempotent. */
export async function deleteUnseenDirectGrants(
  db: CatalogDb,
  scope: DirectGrantsScope & { generation: number },
): Promise<void> {
  await sql`delete from grants where connector_id = ${scope.connectorId} and via_group_id = ''
    and entitlement_id like ${`${scope.entitlementPrefix}%`} and generation < ${scope.generation}`.execute(db);
}
