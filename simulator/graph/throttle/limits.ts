// Microsoft's published identity-and-access throttling limits, and the `strict` mode's scaled-down copy that lets
// tests reach a 429 in a handful of requests.

export type LimitedMode = 'realistic' | 'strict';

export interface ThrottleLimits {
  /** Resource units per 10 s for one (application, tenant) pair; depends on the tenant's size. */
  pairResourceUnits: number;
  /** Write requests per 150 s for one (application, tenant) pair. */
  pairWrites: number;
  /** Write requests per 5 min for a tenant, all applications together. */
  tenantWrites: number;
  /** Resource units per 20 s for an application across every tenant. */
  appResourceUnits: number;
  /** auditLogs/* requests per 10 s for one (application, tenant) pair. */
  auditLogRequests: number;
}

export const WINDOWS_MS = {
  pairResourceUnits: 10_000,
  pairWrites: 150_000,
  tenantWrites: 300_000,
  appResourceUnits: 20_000,
  auditLogRequests: 10_000,
} as const;

/** S < 50 users, M 50–500, L > 500. */
export function tenantSizeClass(userCount: number): 'S' | 'M' | 'L' {
  return userCount < 50 ? 'S' : userCount <= 500 ? 'M' : 'L';
}

const PAIR_RESOURCE_UNITS = { S: 3_500, M: 5_000, L: 8_000 } as const;
const STRICT_DIVISOR = 50;

export function limitsFor(mode: LimitedMode, userCount: number): ThrottleLimits {
  const realistic: ThrottleLimits = {
    pairResourceUnits: PAIR_RESOURCE_UNITS[tenantSizeClass(userCount)],
    pairWrites: 3_000,
    tenantWrites: 18_000,
    appResourceUnits: 150_000,
    auditLogRequests: 5,
  };
  if (mode === 'realistic') return realistic;
  const scaled = (n: number) => Math.max(2, Math.floor(n / STRICT_DIVISOR));
  return {
    pairResourceUnits: scaled(realistic.pairResourceUnits),
    pairWrites: scaled(realistic.pairWrites),
    tenantWrites: scaled(realistic.tenantWrites),
    appResourceUnits: scaled(realistic.appResourceUnits),
    auditLogRequests: 2,
  };
}
