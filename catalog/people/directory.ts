// What the catalog knows about a signed-in person: which connected connectors govern their tenant, whether the synced
// directory lists them (enabled? member or guest?), and whether they belong, at any depth, to one of the admin groups.
// Roles are decided from these answers at request time (api/people/roles.ts).
import { sql, type Kysely } from 'kysely';
import { textArray } from '../directory/writes/sql.js';
import type { CatalogSchema } from '../schema.js';

type Db = Kysely<CatalogSchema>;

/** Connectors governing this tenant that are connected (onboarded and not paused or failed). */
export async function connectedConnectorIds(db: Db, tenantId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('connectors')
    .select('id')
    .where('tenant_id', '=', tenantId.toLowerCase())
    .where('status', '=', 'connected')
    .execute();
  return rows.map((row) => row.id);
}

export interface DirectoryPerson {
  enabled: boolean;
  userType: 'Member' | 'Guest' | null;
}

/** The person as the latest sync saw them in any of these connectors, or null when no sync has listed them. */
export async function findDirectoryPerson(
  db: Db,
  connectorIds: readonly string[],
  objectId: string,
): Promise<DirectoryPerson | null> {
  if (connectorIds.length === 0) return null;
  const rows = await db
    .selectFrom('principals')
    .select(['account_enabled', 'user_type'])
    .where('connector_id', 'in', [...connectorIds])
    .where('id', '=', objectId)
    .where('kind', '=', 'user')
    .execute();
  if (rows.length === 0) return null;
  // One tenant has one connector; should several list them, a disabled entry wins (safer).
  return {
    enabled: rows.every((row) => row.account_enabled),
    userType: rows.some((row) => row.user_type === 'Guest') ? 'Guest' : (rows[0]!.user_type ?? null),
  };
}

/** Whether the person is a member of one of `groupIds`, directly or through nested groups (cycles walked once). */
export async function isMemberOfAnyGroup(
  db: Db,
  connectorIds: readonly string[],
  objectId: string,
  groupIds: readonly string[],
): Promise<boolean> {
  if (connectorIds.length === 0 || groupIds.length === 0) return false;
  const connectors = textArray([...connectorIds]);
  const { rows } = await sql<{ found: number }>`
    with recursive containing(group_id) as (
      select group_id from group_members where connector_id = any(${connectors}) and member_id = ${objectId}
      union
      select m.group_id from group_members m join containing c on m.member_id = c.group_id
      where m.connector_id = any(${connectors}) and m.member_kind = 'group'
    )
    select 1 as found from containing where group_id = any(${textArray([...groupIds])}) limit 1`.execute(db);
  return rows.length > 0;
}
