// Which connector already governs a tenant: a tenant has at most one connector (the catalog's unique tenant id), so
// the first sign-in is refused at once when another connector has it, instead of failing after consent.
import { findConnectorByTenant } from '../../catalog/connectors.js';
import type { CatalogSchema } from '../../catalog/schema.js';
import type { Kysely } from 'kysely';

export interface GoverningConnector {
  id: string;
  displayName: string;
}

export async function connectorGoverning(
  db: Kysely<CatalogSchema>,
  tenantId: string,
  exceptConnectorId: string,
): Promise<GoverningConnector | null> {
  // Tenant ids are stored as Entra writes them: lower-case GUIDs (id tokens' tid, Graph's organization id).
  const connector = await findConnectorByTenant(db, tenantId.toLowerCase());
  return connector && connector.id !== exceptConnectorId
    ? { id: connector.id, displayName: connector.displayName }
    : null;
}
