// DELETE /oauth2PermissionGrants/{id}: revokes a delegated permission grant (e.g. a shadow app's consent) → 204;
// tokens already issued keep working until they expire, as documented (oauth2permissiongrant-delete.md).
import type { Tenant } from '../../model/tenant.js';
import { graphErrors } from '../errors.js';

export const GRANT_DELETE_PERMISSIONS = [['DelegatedPermissionGrant.ReadWrite.All', 'Directory.ReadWrite.All']];

export function deletePermissionGrant(tenant: Tenant, grantId: string): void {
  if (!tenant.deleteOAuth2PermissionGrant(grantId)) throw graphErrors.notFound(grantId);
}
