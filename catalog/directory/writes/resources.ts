// Writes resources (groups, applications, directory roles) and the entitlements they offer, and removes them on delta.
import type { EntitlementRow, ResourceRow } from '../../../entra/resources/rows.js';
import { jsonb } from '../../json.js';
import type { JsonObject } from '../../column-types.js';
import { anyOf, inTransaction, lastPerKey, upsertRows, type CatalogDb } from './sql.js';
import { groupsContaining, recomputeViaGroupGrants } from './via-groups.js';

export interface ResourceBatch {
  connectorId: string;
  generation: number;
  resources: readonly ResourceRow[];
}

/** Inserts or overwrites resources. Idempotent. Returns rows written. */
export async function upsertResources(db: CatalogDb, batch: ResourceBatch): Promise<number> {
  const rows = lastPerKey(batch.resources, (r) => r.id).map((r) => ({
    connector_id: batch.connectorId,
    id: r.id,
    type: r.type,
    display_name: r.displayName,
    description: r.description,
    immutable: r.immutable,
    immutable_reason: r.immutableReason,
    attributes: jsonb(r.attributes as JsonObject),
    generation: batch.generation,
  }));
  return upsertRows(
    db,
    {
      table: 'resources',
      conflict: ['connector_id', 'id'],
      update: ['type', 'display_name', 'description', 'immutable', 'immutable_reason', 'attributes', 'generation'],
    },
    rows,
  );
}

export interface EntitlementBatch {
  connectorId: string;
  generation: number;
  entitlements: readonly EntitlementRow[];
}

/** Inserts or overwrites entitlements. Idempotent. Returns rows written. */
export async function upsertEntitlements(db: CatalogDb, batch: EntitlementBatch): Promise<number> {
  const rows = lastPerKey(batch.entitlements, (e) => e.id).map((e) => ({
    connector_id: batch.connectorId,
    id: e.id,
    resource_id: e.resourceId,
    resource_type: e.resourceType,
    kind: e.kind,
    display_name: e.displayName,
    app_role_id: e.appRoleId,
    immutable: e.immutable,
    generation: batch.generation,
  }));
  return upsertRows(
    db,
    {
      table: 'entitlements',
      conflict: ['connector_id', 'id'],
      update: ['resource_id', 'resource_type', 'kind', 'display_name', 'app_role_id', 'immutable', 'generation'],
    },
    rows,
  );
}

export interface ReplaceEntitlementsInput {
  connectorId: string;
  generation: number;
  resourceId: string;
  /** The resource's complete entitlement list; the ones not listed (e.g. a removed app role) go with their grants. */
  entitlements: readonly EntitlementRow[];
}

/** Delta: a resource was re-read with all its entitlements. Idempotent. Returns entitlements removed. */
export async function replaceResourceEntitlements(db: CatalogDb, input: ReplaceEntitlementsInput): Promise<number> {
  return inTransaction(db, async (trx) => {
    const keep = anyOf(input.entitlements.map((e) => e.id));
    const gone = await trx
      .selectFrom('entitlements')
      .select('id')
      .where('connector_id', '=', input.connectorId)
      .where('resource_id', '=', input.resourceId)
      .where((eb) => eb.not(eb('id', '=', keep)))
      .execute();
    if (gone.length) {
      const goneIds = anyOf(gone.map((e) => e.id));
      await trx
        .deleteFrom('grants')
        .where('connector_id', '=', input.connectorId)
        .where('entitlement_id', '=', goneIds)
        .execute();
      await trx
        .deleteFrom('entitlements')
        .where('connector_id', '=', input.connectorId)
        .where('id', '=', goneIds)
        .execute();
    }
    await upsertEntitlements(trx, input);
    return gone.length;
  });
}

export interface DeleteResourcesInput {
  connectorId: string;
  generation: number;
  ids: readonly string[];
}

/**
 * Removes resources a delta reported deleted, with their entitlements and every grant of those. A deleted group also
 * loses the grants it held, its edges both ways, and the groups that contained it are re-expanded. Idempotent.
 * Returns resources deleted.
 */
export async function deleteResources(db: CatalogDb, input: DeleteResourcesInput): Promise<number> {
  if (input.ids.length === 0) return 0;
  const { connectorId } = input;
  const ids = anyOf([...input.ids]);
  return inTransaction(db, async (trx) => {
    const parents = await trx
      .selectFrom('group_members')
      .select('group_id')
      .distinct()
      .where('connector_id', '=', connectorId)
      .where('member_id', '=', ids)
      .where('member_kind', '=', 'group')
      .execute();
    const ancestors = parents.length
      ? await groupsContaining(
          trx,
          connectorId,
          parents.map((p) => p.group_id),
        )
      : [];
    await trx
      .deleteFrom('grants')
      .where('connector_id', '=', connectorId)
      .where('entitlement_id', 'in', (eb) =>
        eb
          .selectFrom('entitlements')
          .select('id')
          .where('connector_id', '=', connectorId)
          .where('resource_id', '=', ids),
      )
      .execute();
    await trx
      .deleteFrom('grants')
      .where('connector_id', '=', connectorId)
      .where((eb) => eb.or([eb('principal_id', '=', ids), eb('via_group_id', '=', ids)]))
      .execute();
    await trx
      .deleteFrom('group_members')
      .where('connector_id', '=', connectorId)
      .where((eb) => eb.or([eb('group_id', '=', ids), eb('member_id', '=', ids)]))
      .execute();
    await trx
      .deleteFrom('entitlements')
      .where('connector_id', '=', connectorId)
      .where('resource_id', '=', ids)
      .execute();
    const result = await trx
      .deleteFrom('resources')
      .where('connector_id', '=', connectorId)
      .where('id', '=', ids)
      .executeTakeFirst();
    const deleted = new Set(input.ids);
    const survivors = ancestors.filter((id) => !deleted.has(id));
    if (survivors.length)
      await recomputeViaGroupGrants(trx, { connectorId, generation: input.generation, groupIds: survivors });
    return Number(result.numDeletedRows);
  });
}
