// The entitlement id grammar, built and parsed here only: `group:{id}:member`, `group:{id}:owner`,
// `app:{servicePrincipalId}:role:{appRoleId}`, `app:{servicePrincipalId}:owner`, `role:{roleTemplateId}:member`.
// Ids are stable strings stored in the catalog and in workflow ids, so the grammar never changes shape.

/** An entitlement Lantern can grant. App ownership is not one: it needs Application.ReadWrite.All, never held. */
export type GrantableEntitlement =
  | { kind: 'groupMember'; groupId: string }
  | { kind: 'groupOwner'; groupId: string }
  | { kind: 'appRole'; servicePrincipalId: string; appRoleId: string }
  | { kind: 'roleMember'; roleTemplateId: string };

export type GrantableKind = GrantableEntitlement['kind'];

/** One builder per entitlement the catalog holds (including app ownership, which is synced but never granted). */
export const entitlementIds = {
  groupMember: (groupId: string) => `group:${groupId}:member`,
  groupOwner: (groupId: string) => `group:${groupId}:owner`,
  appRole: (servicePrincipalId: string, appRoleId: string) => `app:${servicePrincipalId}:role:${appRoleId}`,
  appOwner: (servicePrincipalId: string) => `app:${servicePrincipalId}:owner`,
  roleMember: (roleTemplateId: string) => `role:${roleTemplateId}:member`,
};

/** Prefixes that select every entitlement of one resource or type (catalog `like` filters). */
export const entitlementIdPrefixes = {
  app: (servicePrincipalId: string) => `app:${servicePrincipalId}:`,
  directoryRoles: 'role:',
};

/** The id of a grantable entitlement; `parseEntitlementId(entitlementId(e))` gives `e` back. */
export function entitlementId(e: GrantableEntitlement): string {
  switch (e.kind) {
    case 'groupMember':
      return entitlementIds.groupMember(e.groupId);
    case 'groupOwner':
      return entitlementIds.groupOwner(e.groupId);
    case 'appRole':
      return entitlementIds.appRole(e.servicePrincipalId, e.appRoleId);
    case 'roleMember':
      return entitlementIds.roleMember(e.roleTemplateId);
  }
}

/** Parses a catalog entitlement id; null for kinds Lantern never grants (app owner) and for ids it does not know. */
export function parseEntitlementId(id: string): GrantableEntitlement | null {
  const parts = id.split(':');
  const [type, objectId, third, fourth] = parts;
  if (!objectId) return null;
  if (type === 'group' && parts.length === 3 && (third === 'member' || third === 'owner')) {
    return { kind: third === 'member' ? 'groupMember' : 'groupOwner', groupId: objectId };
  }
  if (type === 'app' && parts.length === 4 && third === 'role' && fourth)
    return { kind: 'appRole', servicePrincipalId: objectId, appRoleId: fourth };
  if (type === 'role' && parts.length === 3 && third === 'member')
    return { kind: 'roleMember', roleTemplateId: objectId };
  return null;
}
