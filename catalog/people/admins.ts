// Who Lantern knows to be an admin, for telling them something at once (break-glass access). Two sources, both read
// from the catalog: the users in the configured admin groups (at any depth) as the connected connectors last synced
// them, and the people whose live session carried the admin app role of the home tenant. Admins who hold only the
// app role and have no live session are not listed: Lantern learns of that role only from the id token at sign-in.
import { sql, type Kysely } from 'kysely';
import { jsonb } from '../json.js';
import { textArray } from '../directory/writes/sql.js';
import type { CatalogSchema } from '../schema.js';

/** The value of the app role on Lantern's app registration that makes a home-tenant person an admin. */
export const ADMIN_APP_ROLE = 'Lantern.Admin';

export interface AdminDirectorySettings {
  adminGroupIds: readonly string[];
  homeTenantId?: string | undefined;
}

export interface KnownAdmin {
  /** Entra object id. */
  id: string;
  /** Mail, else UPN, as the catalog (or the session) knows it. */
  address: string;
  /** The connector whose directory lists them; null for a home-tenant admin known from a session only. */
  connectorId: string | null;
}

export async function knownAdmins(
  db: Kysely<CatalogSchema>,
  settings: AdminDirectorySettings,
  now = new Date(),
): Promise<KnownAdmin[]> {
  const found = new Map<string, KnownAdmin>();
  for (const admin of await adminGroupMembers(db, settings.adminGroupIds)) found.set(admin.id, admin);
  for (const admin of await sessionAdmins(db, settings, now)) if (!found.has(admin.id)) found.set(admin.id, admin);
  return [...found.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** Enabled users in the admin groups, directly or through nested groups, of every connected connector. */
async function adminGroupMembers(db: Kysely<CatalogSchema>, groupIds: readonly string[]): Promise<KnownAdmin[]> {
  if (groupIds.length === 0) return [];
  const { rows } = await sql<{ id: string; address: string; connector_id: string }>`
    with recursive members(connector_id, member_id, member_kind) as (
      select m.connector_id, m.member_id, m.member_kind from group_members m
      join connectors c on c.id = m.connector_id and c.status = 'connected'
      where m.group_id = any(${textArray([...groupIds])})
      union
      select m.connector_id, m.member_id, m.member_kind from group_members m
      join members n on m.connector_id = n.connector_id and m.group_id = n.member_id and n.member_kind = 'group'
    )
    select distinct on (p.id) p.id, coalesce(p.mail, p.upn) as address, p.connector_id from members n
    join principals p on p.connector_id = n.connector_id and p.id = n.member_id and p.kind = 'user'
    where n.member_kind = 'user' and p.account_enabled and coalesce(p.mail, p.upn) is not null
    order by p.id, p.connector_id`.execute(db);
  return rows.map((r) => ({ id: r.id, address: r.address, connectorId: r.connector_id }));
}

/** Home-tenant people whose unexpired session holds the admin app role; their catalog address when a connector lists them. */
async function sessionAdmins(
  db: Kysely<CatalogSchema>,
  settings: AdminDirectorySettings,
  now: Date,
): Promise<KnownAdmin[]> {
  if (!settings.homeTenantId) return [];
  const { rows } = await sql<{ id: string; address: string; connector_id: string | null }>`
    select distinct on (s.object_id) s.object_id as id, coalesce(p.mail, p.upn, s.upn) as address,
      p.connector_id
    from sessions s
    left join connectors c on c.tenant_id = s.tenant_id and c.status = 'connected'
    left join principals p on p.connector_id = c.id and p.id = s.object_id and p.kind = 'user'
    where s.tenant_id = ${settings.homeTenantId.toLowerCase()} and s.expires_at > ${now}
      and s.app_roles @> ${jsonb([ADMIN_APP_ROLE])}
      and coalesce(p.account_enabled, true)
    order by s.object_id, p.connector_id`.execute(db);
  return rows.map((r) => ({ id: r.id, address: r.address, connectorId: r.connector_id }));
}
