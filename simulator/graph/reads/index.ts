// Every Graph read endpoint, one module per resource family.
import type { SimulatorContext } from '../../context.js';
import { registerAuditLogReads } from './audit-logs.js';
import { registerGroupReads } from './groups.js';
import { registerRoleReads } from './roles.js';
import { registerServicePrincipalReads } from './service-principals.js';
import { registerTenantWideReads } from './tenant-wide.js';
import { registerUserReads } from './users.js';

export function registerReads(ctx: SimulatorContext): void {
  registerUserReads(ctx);
  registerGroupReads(ctx);
  registerServicePrincipalReads(ctx);
  registerRoleReads(ctx);
  registerTenantWideReads(ctx);
  registerAuditLogReads(ctx);
}
