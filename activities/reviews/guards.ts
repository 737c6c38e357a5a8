// The access review's view of the removal guards (catalog/access/guards.ts): which items its apply batch must run one
// at a time. Every item is checked against every guard (protected accounts too) before it is removed.
import type { ItemToApply } from '../../catalog/reviews/apply.js';
import { isCountGuarded } from '../../catalog/access/guards.js';

/** Items a guard counts over: applied one by one, after the catalog records each removal. */
export const isGuarded = (item: Pick<ItemToApply, 'entitlementId'>): boolean => isCountGuarded(item);
