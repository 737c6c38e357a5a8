// Shadow apps: third-party apps users consented to on their own (oauth2PermissionGrants with consentType=Principal),
// one row per app with what it was granted and how many users did so.
import { sql } from 'kysely';
import { reopenRevokedApps } from '../../shadow-apps/triage.js';
import { inTransaction, lastPerKey, textArray, upsertRows, type CatalogDb } from './sql.js';

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

/** One user's consent to an app: a per-user oauth2PermissionGrant (what a revoke deletes). */
export interface DiscoveredAppConsent {
  appId: string;
  grantId: string;
  principalId: string;
  scopes: readonly string[];
}

export interface DiscoveredAppBatch {
  connectorId: string;
  generation: number;
  apps: readonly DiscoveredAppRow[];
  /**
   * Every per-user consent the stage read. The shadow-app stage reads them all before it writes, so consents of older
   * generations are gone from the tenant and are replaced here (the same rule the full sync's sweep applies).
   */
  consents?: readonly DiscoveredAppConsent[] | undefined;
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
  return inTransaction(db, async (trx) => {
    const written = await upsertAppRows(trx, rows);
    if (batch.consents) {
      await replaceConsents(trx, batch.connectorId, batch.generation, batch.consents);
      await reopenRevokedApps(trx, batch.connectorId);
    }
    return written;
  });
}

async function upsertAppRows(db: CatalogDb, rows: readonly Record<string, unknown>[]): Promise<number> {
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

async function replaceConsents(
  db: CatalogDb,
  connectorId: string,
  generation: number,
  consents: readonly DiscoveredAppConsent[],
): Promise<void> {
  const rows = lastPerKey(consents, (c) => c.grantId).map((c) => ({
    connector_id: connectorId,
    app_id: c.appId,
    grant_id: c.grantId,
    principal_id: c.principalId,
    scopes: textArray([...new Set(c.scopes)].sort()),
    generation,
  }));
  await upsertRows(
    db,
    {
      table: 'discovered_app_consents',
      conflict: ['connector_id', 'grant_id'],
      update: ['app_id', 'principal_id', 'scopes', 'generation'],
    },
    rows,
  );
  await db
    .deleteFrom('discovered_app_consents')
    .where('connector_id', '=', connectorId)
    .where('generation', '<', String(generation))
    .execute();
}
