// Names for the Policies page: policies name people and groups by Entra object id, people name them by UPN or display
// name. These read the catalog as last synced, one connector at a time.
import { sql, type Kysely } from 'kysely';
import type { CatalogSchema } from '../schema.js';

type Db = Kysely<CatalogSchema>;

export interface NamedEntitlement {
  id: string;
  displayName: string;
  resourceName: string | null;
  immutable: boolean;
}

/** The entitlements with these ids, with their resource's name (ids the catalog no longer holds are left out). */
export async function entitlementsByIds(db: Db, connectorId: string, ids: string[]): Promise<NamedEntitlement[]> {
  if (ids.length === 0) return [];
  return entitlementQuery(db, connectorId).where('e.id', 'in', ids).execute();
}

/** Entitlements whose name, resource name or id contains `text` (case-insensitive), by name. */
export async function searchConnectorEntitlements(
  db: Db,
  connectorId: string,
  text: string,
  limit: number,
): Promise<NamedEntitlement[]> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return entitlementQuery(db, connectorId)
    .where((eb) =>
      eb.or([
        eb(sql`lower(e.display_name)`, 'like', pattern),
        eb(sql`lower(r.display_name)`, 'like', pattern),
        eb(sql`lower(e.id)`, 'like', pattern),
      ]),
    )
    .orderBy('e.display_name')
    .orderBy('e.id')
    .limit(limit)
    .execute();
}

function entitlementQuery(db: Db, connectorId: string) {
  return db
    .selectFrom('entitlements as e')
    .leftJoin('resources as r', (join) =>
      join.onRef('r.connector_id', '=', 'e.connector_id').onRef('r.id', '=', 'e.resource_id'),
    )
    .select(['e.id', 'e.display_name as displayName', 'r.display_name as resourceName', 'e.immutable'])
    .where('e.connector_id', '=', connectorId);
}

export interface NamedPrincipal {
  id: string;
  displayName: string;
  upn: string | null;
}

/** People (or groups, when `kind` is 'group') whose object id, UPN or display name is exactly `text`. */
export async function principalsNamed(db: Db, connectorId: string, text: string): Promise<NamedPrincipal[]> {
  const lower = text.toLowerCase();
  return db
    .selectFrom('principals')
    .select(['id', 'display_name as displayName', 'upn'])
    .where('connector_id', '=', connectorId)
    .where((eb) =>
      eb.or([eb('id', '=', text), eb(sql`lower(upn)`, '=', lower), eb(sql`lower(display_name)`, '=', lower)]),
    )
    .limit(5)
    .execute();
}

export async function groupsNamed(db: Db, connectorId: string, text: string): Promise<NamedPrincipal[]> {
  return db
    .selectFrom('resources')
    .select(['id', 'display_name as displayName', sql<null>`null`.as('upn')])
    .where('connector_id', '=', connectorId)
    .where('type', '=', 'group')
    .where((eb) => eb.or([eb('id', '=', text), eb(sql`lower(display_name)`, '=', text.toLowerCase())]))
    .limit(5)
    .execute();
}

/** Names for these object ids (people and groups): UPN for people, display name for groups; unknown ids are absent. */
export async function namesOf(db: Db, connectorId: string, ids: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (ids.length === 0) return names;
  const [people, groups] = await Promise.all([
    db
      .selectFrom('principals')
      .select(['id', 'upn', 'display_name'])
      .where('connector_id', '=', connectorId)
      .where('id', 'in', ids)
      .execute(),
    db
      .selectFrom('resources')
      .select(['id', 'display_name'])
      .where('connector_id', '=', connectorId)
      .where('id', 'in', ids)
      .execute(),
  ]);
  for (const row of groups) names.set(row.id, row.display_name);
  for (const row of people) names.set(row.id, row.upn ?? row.display_name);
  return names;
}
