// Groups → resources with member and owner entitlements. Entra refuses membership changes to dynamic groups,
// groups mastered on-premises, and mail-enabled security groups / distribution lists (mastered in Exchange).
import { entitlementIds } from '../../domain/entitlement-id.js';
import { type EntitlementRow, type ResourceRow } from './rows.js';

export const GROUP_SELECT = [
  'id',
  'displayName',
  'description',
  'groupTypes',
  'membershipRule',
  'isAssignableToRole',
  'onPremisesSyncEnabled',
  'securityEnabled',
  'mailEnabled',
  'mail',
  'visibility',
];

export interface GraphGroup {
  id: string;
  displayName?: string | null;
  description?: string | null;
  groupTypes?: string[] | null;
  membershipRule?: string | null;
  isAssignableToRole?: boolean | null;
  onPremisesSyncEnabled?: boolean | null;
  securityEnabled?: boolean | null;
  mailEnabled?: boolean | null;
  mail?: string | null;
  visibility?: string | null;
}

export function immutableReasonOf(group: GraphGroup): string | null {
  const types = group.groupTypes ?? [];
  if (types.includes('DynamicMembership')) return 'dynamic membership';
  if (group.onPremisesSyncEnabled) return 'synchronised from on-premises';
  if (group.mailEnabled && !types.includes('Unified'))
    return group.securityEnabled ? 'mail-enabled security group (Exchange)' : 'distribution list (Exchange)';
  return null;
}

export function groupToResource(group: GraphGroup): ResourceRow {
  const types = group.groupTypes ?? [];
  const reason = immutableReasonOf(group);
  return {
    id: group.id,
    type: 'group',
    displayName: group.displayName ?? group.id,
    description: group.description ?? null,
    immutable: reason !== null,
    immutableReason: reason,
    attributes: {
      kind: types.includes('Unified') ? 'microsoft365' : group.mailEnabled ? 'mailEnabledSecurity' : 'security',
      dynamic: types.includes('DynamicMembership'),
      membershipRule: group.membershipRule ?? null,
      isAssignableToRole: group.isAssignableToRole ?? false,
      onPremisesSyncEnabled: group.onPremisesSyncEnabled ?? false,
      securityEnabled: group.securityEnabled ?? false,
      mailEnabled: group.mailEnabled ?? false,
      mail: group.mail ?? null,
      visibility: group.visibility ?? null,
    },
  };
}

export function groupEntitlements(resource: ResourceRow): EntitlementRow[] {
  // Owners of on-premises or Exchange groups are managed at the source too; owners of dynamic groups are not.
  const ownerImmutable = resource.immutable && resource.attributes.dynamic !== true;
  return [
    {
      id: entitlementIds.groupMember(resource.id),
      resourceId: resource.id,
      resourceType: 'group',
      kind: 'member',
      displayName: `Member of ${resource.displayName}`,
      appRoleId: null,
      immutable: resource.immutable,
    },
    {
      id: entitlementIds.groupOwner(resource.id),
      resourceId: resource.id,
      resourceType: 'group',
      kind: 'owner',
      displayName: `Owner of ${resource.displayName}`,
      appRoleId: null,
      immutable: ownerImmutable,
    },
  ];
}
