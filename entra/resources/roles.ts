// Directory roles (unified role definitions) → resources with one member entitlement each, keyed by template id so
// the id is the same in every tenant and whether or not the role is activated.
import { entitlementIds } from '../../domain/entitlement-id.js';
import { GLOBAL_ADMINISTRATOR_ROLE_ID } from '../../domain/well-known.js';
import type { EntitlementRow, ResourceRow } from './rows.js';

export interface GraphRoleDefinition {
  id: string;
  templateId?: string | null;
  displayName?: string | null;
  description?: string | null;
  isBuiltIn?: boolean;
  isEnabled?: boolean;
}

export function roleToResource(def: GraphRoleDefinition): ResourceRow {
  const templateId = def.templateId ?? def.id;
  return {
    id: templateId,
    type: 'directoryRole',
    displayName: def.displayName ?? templateId,
    description: def.description ?? null,
    immutable: false,
    immutableReason: null,
    attributes: {
      builtIn: def.isBuiltIn ?? true,
      enabled: def.isEnabled ?? true,
      privileged: templateId === GLOBAL_ADMINISTRATOR_ROLE_ID,
    },
  };
}

export function roleEntitlements(resource: ResourceRow): EntitlementRow[] {
  return [
    {
      id: entitlementIds.roleMember(resource.id),
      resourceId: resource.id,
      resourceType: 'directoryRole',
      kind: 'roleMember',
      displayName: `${resource.displayName} role`,
      appRoleId: null,
      immutable: false,
    },
  ];
}
