// Resolves the `{tenant}` path segment of an authority URL (GUID, verified domain, `organizations`, `common`) the way
// login.microsoftonline.com does, and builds the public URLs that discovery documents and tokens carry.
import type { SimulatorContext } from '../context.js';
import type { Tenant } from '../model/tenant.js';
import { identityErrors } from './errors.js';

export type TenantSegment = { kind: 'tenant'; tenant: Tenant } | { kind: 'organizations' } | { kind: 'common' };

/** Throws AADSTS90002 (tenant not found) for anything the store does not know. */
export function resolveTenantSegment(ctx: SimulatorContext, segment: string): TenantSegment {
  const lower = segment.toLowerCase();
  if (lower === 'organizations') return { kind: 'organizations' };
  if (lower === 'common') return { kind: 'common' };
  const tenant = ctx.store.tenant(lower);
  if (!tenant) throw identityErrors.tenantNotFound(segment);
  return { kind: 'tenant', tenant };
}

/** The tenant a signed-in user's UPN belongs to (what `organizations` does with the typed UPN). */
export function tenantForUpn(ctx: SimulatorContext, upn: string): Tenant | undefined {
  const domain = upn.split('@')[1];
  return domain ? ctx.store.tenant(domain) : undefined;
}

/** The path segment endpoints are published under: tenant GUID for a tenant, otherwise the keyword itself. */
export function segmentName(segment: TenantSegment): string {
  return segment.kind === 'tenant' ? segment.tenant.id : segment.kind;
}

export function issuerFor(ctx: SimulatorContext, tenantId: string): string {
  return `${ctx.authorityHost}/${tenantId}/v2.0`;
}

export function tokenEndpointFor(ctx: SimulatorContext, segment: string): string {
  return `${ctx.authorityHost}/${segment}/oauth2/v2.0/token`;
}
