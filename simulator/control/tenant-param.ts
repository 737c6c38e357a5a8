// Resolves the :tenant path parameter (id or domain) of control routes.
import type { SimulatorContext } from '../context.js';
import type { Tenant } from '../model/tenant.js';
import { controlErrors } from './errors.js';

export type TenantParams = { Params: { tenant: string } };

export function tenantOf(ctx: SimulatorContext, idOrDomain: string): Tenant {
  const tenant = ctx.store.tenant(idOrDomain);
  if (!tenant) throw controlErrors.tenantNotFound(idOrDomain);
  return tenant;
}
