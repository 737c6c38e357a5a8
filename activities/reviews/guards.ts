// Removal guards of access reviews: removals a reviewer may decide but Lantern refuses to apply, because they would
// lock the tenant out of something. Read from the catalog (as synced, minus what this apply already removed), so the
// apply batch runs guarded items one at a time. Issue 16 adds the rest of the set.
import type { CatalogDb } from '../../catalog/directory/writes/sql.js';
import type { ItemToApply } from '../../catalog/reviews/apply.js';
import { otherHolders } from '../../catalog/reviews/guard-counts.js';
import { entitlementIds } from '../../domain/entitlement-id.js';
import { GLOBAL_ADMINISTRATOR_ROLE_ID } from '../../domain/well-known.js';

const GLOBAL_ADMINISTRATOR = entitlementIds.roleMember(GLOBAL_ADMINISTRATOR_ROLE_ID);

/** Items a guard looks at: they must be applied one by one, after the catalog records each removal. */
export const isGuarded = (item: Pick<ItemToApply, 'entitlementId'>): boolean =>
  item.entitlementId.endsWith(':owner') || item.entitlementId === GLOBAL_ADMINISTRATOR;

/** null = the removal may go ahead; else why it is refused, as the item's result message says it. */
export async function removalRefusal(db: CatalogDb, connectorId: string, item: ItemToApply): Promise<string | null> {
  if (item.entitlementId.endsWith(':owner')) {
    const others = await otherHolders(db, { ...pairOf(connectorId, item), direct: true, enabledUsers: false });
    return others === 0
      ? `Refused: this is the last owner of the ${item.resourceType === 'group' ? 'group' : 'app'}; it must keep an owner (add another owner first).`
      : null;
  }
  if (item.entitlementId === GLOBAL_ADMINISTRATOR) {
    const others = await otherHolders(db, { ...pairOf(connectorId, item), direct: false, enabledUsers: true });
    return others === 0
      ? 'Refused: this is the last enabled Global Administrator of the tenant (assign another one first).'
      : null;
  }
  return null;
}

const pairOf = (connectorId: string, item: ItemToApply) => ({
  connectorId,
  entitlementId: item.entitlementId,
  principalId: item.principalId,
});
