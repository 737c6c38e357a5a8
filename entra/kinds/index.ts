// The grantable Entra kinds by entitlement kind: provisioning dispatches here instead of switching on the kind.
import type { GrantableEntitlement, GrantableKind } from '../../domain/entitlement-id.js';
import { appRole } from './app-role.js';
import { roleMember } from './directory-role.js';
import { groupMember, groupOwner } from './group-relation.js';
import type { EntitlementOfKind, KindModule } from './types.js';

const KINDS: { [K in GrantableKind]: KindModule<EntitlementOfKind<K>> } = {
  groupMember,
  groupOwner,
  appRole,
  roleMember,
};

/** The module of the entitlement's kind, typed for that entitlement. */
export function kindOf<E extends GrantableEntitlement>(e: E): KindModule<E> {
  return KINDS[e.kind] as unknown as KindModule<E>;
}

export type { ChangeOutcome, KindModule, PimTarget, TenantGraphTarget } from './types.js';
