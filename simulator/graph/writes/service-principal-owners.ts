// Service principal owners ($ref add/remove). Owners are users or service principals.
import type { Tenant } from '../../model/tenant.js';
import { graphErrors } from '../errors.js';
import { requireServicePrincipal } from './app-role-assignments.js';
import { requireObjectId } from './references.js';

export function addServicePrincipalOwner(tenant: Tenant, spId: string, ownerId: string): void {
  const sp = requireServicePrincipal(tenant, spId);
  const id = requireObjectId(ownerId);
  const kind = tenant.kindOf(id);
  if (!kind) throw graphErrors.notFound(id);
  if (kind !== 'user' && kind !== 'servicePrincipal') throw graphErrors.unsupportedReference('owners');
  if (tenant.servicePrincipalOwners.get(sp.id)?.has(id)) throw graphErrors.alreadyExists('owners');
  tenant.addServicePrincipalOwner(sp.id, id);
}

export function removeServicePrincipalOwner(tenant: Tenant, spId: string, ownerId: string): void {
  const sp = requireServicePrincipal(tenant, spId);
  const id = requireObjectId(ownerId);
  if (!tenant.removeServicePrincipalOwner(sp.id, id)) throw graphErrors.notFound(id);
}
