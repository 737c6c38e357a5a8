// Shadow apps: third-party apps users consented to on their own (oauth2PermissionGrants with consentType=Principal),
// one row per app with what it was granted and how many users did so.
import { sql } from 'kysely';
import { lastPerKey, textArray, upsertRows, type CatalogDb } from './sql.js';

export interface DiscoveredAppRow {
  appId: string;
  servicePrincipalId: string | null;
  displayName: string;
  publisher: string | null;
  verifiedPublisher: boolean;
  scopes: readonly string[];
  /** The subset of `scopes` Lantern flags (e.g. Mail.ReadWrite, Files.ReadWrite.All); decided by the sync. */
  riskyScopes: readonly string[];
  consentingUsers: number;
  /** From sign-ins when the tenant has them; null keeps the last known value. */
  lastUsedAt: string | Date | null;
}

export interface DiscoveredAppBatch {
  connectorId: string;
  generation: number;
  apps: readonly DiscoveredAppRow[];
}

/** Inserts or overwrites discovered apps; first_seen_at is kept from the first sighting. Idempotent. */
export async function upsertDiscoveredApps(db: CatalogDb, batch: DiscoveredAppBatch): Promise<number> {
  const rows = lastPerKey(batch.apps, (a) => a.appId).map((a) => ({
    connector_id: batch.connectorId,
    app_id: a.appId,
    service_principal_id: a.servicePrincipalId,
    display_name: a.displayName,
    publisher: a.publisher,
    verified_publisher: a.verifiedPublisher,
    scopes: textArray([...new Set(a.scopes)].sort()),
    risky_scopes: textArray([...new Set(a.riskyScopes)].sort()),
    consenting_users: a.consentingUsers,
    last_used_at: a.lastUsedAt,
    generation: batch.generation,
  }));
  return upsertRows(
    db,
    {
      table: 'discovered_apps',
      conflict: ['connector_id', 'app_id'],
      update: [
        'service_principal_id',
        'display_name',
        'publisher',
        'verified_publisher',
        'scopes',
        'risky_scopes',
        'consenting_users',
        'generation',
      ],
      merge: { last_used_at: sql`coalesce(excluded.last_used_at, discovered_apps.last_used_at)` },
    },
    rows,
  );
}
