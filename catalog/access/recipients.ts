// Where access emails go: a principal's mail, else their UPN, as the last sync saw them.
import type { Kysely } from 'kysely';
import type { CatalogSchema } from '../schema.js';

/** Principal id → email address, for those of `principalIds` the catalog knows with one (others are left out). */
export async function emailAddressesOf(
  db: Kysely<CatalogSchema>,
  connectorId: string,
  principalIds: string[],
): Promise<Map<string, string>> {
  if (principalIds.length === 0) return new Map();
  const known = await db
    .selectFrom('principals')
    .select(['id', 'mail', 'upn'])
    .where('connector_id', '=', connectorId)
    .where('id', 'in', principalIds)
    .execute();
  return new Map(
    known.flatMap((p) => {
      const address = p.mail ?? p.upn;
      return address ? [[p.id, address] as const] : [];
    }),
  );
}
