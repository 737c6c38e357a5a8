// Which catalog grants a campaign reviews (its scope as SQL over grants g, entitlements e and principals p) and
// whether Lantern can act on a "remove" for each (applicability, over the staged row's columns).
import { sql, type RawBuilder } from 'kysely';
import type { ReviewScope, ReviewScopeKind } from '../../domain/reviews.js';
import { textArray } from '../directory/writes/sql.js';
import { PRIVILEGED_ROLE_TEMPLATE_IDS } from './privileged-roles.js';

/** Each scope kind is one (resource type, entitlement kind) family of grants. */
const KIND_FAMILIES: Record<ReviewScopeKind, { resourceType: string; kind: string }> = {
  groupMembers: { resourceType: 'group', kind: 'member' },
  groupOwners: { resourceType: 'group', kind: 'owner' },
  appRoleAssignments: { resourceType: 'application', kind: 'appRole' },
  appOwners: { resourceType: 'application', kind: 'owner' },
  directoryRoles: { resourceType: 'directoryRole', kind: 'roleMember' },
};

/** The scope's filters, ANDed; aliases g (grants), e (entitlements), p (principals, null for group principals). */
export function scopeFilter(scope: ReviewScope, now: Date): RawBuilder<boolean> {
  const kinds = [...new Set(scope.kinds)].map((k) => KIND_FAMILIES[k]);
  const filters: RawBuilder<unknown>[] = [
    kinds.length
      ? sql`(${sql.join(
          kinds.map((f) => sql`(e.resource_type = ${f.resourceType} and e.kind = ${f.kind})`),
          sql` or `,
        )})`
      : sql`false`,
  ];
  if (scope.resourceIds?.length) filters.push(sql`e.resource_id = any(${textArray(scope.resourceIds)})`);
  if (scope.entitlementIds?.length) filters.push(sql`g.entitlement_id = any(${textArray(scope.entitlementIds)})`);
  if (scope.principalIds?.length) filters.push(sql`g.principal_id = any(${textArray(scope.principalIds)})`);
  if (scope.principals === 'guests') filters.push(sql`p.user_type = 'Guest'`);
  if (scope.principals === 'members') filters.push(sql`p.user_type = 'Member'`);
  // Only narrows directory roles: a campaign over groups and privileged roles keeps every group grant.
  if (scope.privilegedRolesOnly)
    filters.push(
      sql`(e.resource_type <> 'directoryRole' or e.resource_id = any(${textArray(PRIVILEGED_ROLE_TEMPLATE_IDS)}))`,
    );
  if (scope.assignment === 'direct') filters.push(sql`g.via_group_id = ''`);
  if (scope.assignment === 'viaGroup') filters.push(sql`g.via_group_id <> ''`);
  if (scope.noSignInForDays !== undefined) {
    const since = sql`cast(${now.toISOString()} as timestamptz) - make_interval(days => cast(${scope.noSignInForDays} as int))`;
    filters.push(sql`(p.kind = 'user' and (p.last_sign_in_at is null or p.last_sign_in_at < ${since}))`);
  }
  return sql<boolean>`${sql.join(filters, sql` and `)}`;
}

/**
 * `text[]` of two: applicability and its reason, over the staged row's via_group_id, via_group_name,
 * entitlement_immutable, immutable_reason, resource_type and entitlement_kind.
 */
export function applicabilityPair(): RawBuilder<string[]> {
  return sql<string[]>`case
    -- Removing the principal would not end access held through a group: the decision belongs to the group's item.
    when via_group_id <> '' then
      array['via_group', 'Held through ' || coalesce(via_group_name, via_group_id) || ': decided on the group']
    -- Entra refuses the change (dynamic membership, synchronised from on-premises, mastered in Exchange).
    when entitlement_immutable then
      array['immutable', 'Cannot be applied in Entra: ' || coalesce(immutable_reason, 'managed outside Entra')]
    -- Changing app owners needs Application.ReadWrite.All, which Lantern never asks for (a tenant-takeover path).
    when resource_type = 'application' and entitlement_kind = 'owner' then
      array['unsupported', 'Lantern cannot change app ownership (needs Application.ReadWrite.All)']
    else array['applicable', null]
  end`;
}
