// One discovered app for its detail page and the revoke API: the app with its triage, and who consented.
import type { CatalogDb } from '../directory/writes/sql.js';
import { discoveredAppItem, withTriage, type DiscoveredAppItem } from '../directory/reads/discovered-apps.js';

export interface ConsentingUser {
  principalId: string;
  displayName: string | null;
  upn: string | null;
  scopes: string[];
  grantIds: string[];
}

export async function getDiscoveredApp(
  db: CatalogDb,
  connectorId: string,
  appId: string,
): Promise<DiscoveredAppItem | undefined> {
  const row = await withTriage(db)
    .where('d.connector_id', '=', connectorId)
    .where('d.app_id', '=', appId)
    .executeTakeFirst();
  return row ? discoveredAppItem(row) : undefined;
}

/** Each consenting user once (a user may hold several grants of one app, e.g. to different APIs), by name. */
export async function consentingUsers(db: CatalogDb, connectorId: string, appId: string): Promise<ConsentingUser[]> {
  const rows = await db
    .selectFrom('discovered_app_consents as c')
    .leftJoin('principals as p', (j) =>
      j.onRef('p.connector_id', '=', 'c.connector_id').onRef('p.id', '=', 'c.principal_id'),
    )
    .select(['c.principal_id', 'c.grant_id', 'c.scopes', 'p.display_name', 'p.upn'])
    .where('c.connector_id', '=', connectorId)
    .where('c.app_id', '=', appId)
    .orderBy('p.display_name')
    .orderBy('c.principal_id')
    .orderBy('c.grant_id')
    .execute();
  const byUser = new Map<string, ConsentingUser>();
  for (const r of rows) {
    const user = byUser.get(r.principal_id) ?? {
      principalId: r.principal_id,
      displayName: r.display_name,
      upn: r.upn,
      scopes: [],
      grantIds: [],
    };
    user.grantIds.push(r.grant_id);
    user.scopes = [...new Set([...user.scopes, ...r.scopes])].sort();
    byUser.set(r.principal_id, user);
  }
  return [...byUser.values()];
}

/** A user's name and UPN (the owner of an authorized app), or undefined. */
export async function userName(db: CatalogDb, connectorId: string, principalId: string) {
  return db
    .selectFrom('principals')
    .select(['display_name as displayName', 'upn'])
    .where('connector_id', '=', connectorId)
    .where('id', '=', principalId)
    .executeTakeFirst();
}

/** A user of the connector named by UPN (what people know, any case) or object id. */
export async function userIdByUpnOrId(db: CatalogDb, connectorId: string, text: string): Promise<string | null> {
  if (!text) return null;
  const row = await db
    .selectFrom('principals')
    .select('id')
    .where('connector_id', '=', connectorId)
    .where('kind', '=', 'user')
    .where((eb) => eb.or([eb(eb.fn('lower', ['upn']), '=', text.toLowerCase()), eb('id', '=', text)]))
    .executeTakeFirst();
  return row?.id ?? null;
}
