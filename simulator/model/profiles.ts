// How big each tenant size is. Numbers follow the issue: S ≈ 30 users, M ≈ 300, L ≈ 5,000 users / 500 groups /
// ~50k memberships / 200 service principals, XL ≈ 50,000 / 5,000 / ~500k / 1,000.
import type { TenantSize } from './types.js';

export interface SizeProfile {
  users: number;
  groups: number;
  /** Target direct group memberships (users, groups and service principals), dynamic groups included. */
  memberships: number;
  enterpriseApps: number;
  managedIdentities: number;
  scimApps: number;
  consentApps: number;
  activatedRoles: number;
  signIns: number;
}

export const SIZE_PROFILES: Readonly<Record<TenantSize, SizeProfile>> = {
  S: {
    users: 30,
    groups: 12,
    memberships: 120,
    enterpriseApps: 4,
    managedIdentities: 2,
    scimApps: 2,
    consentApps: 4,
    activatedRoles: 8,
    signIns: 200,
  },
  M: {
    users: 300,
    groups: 60,
    memberships: 2_500,
    enterpriseApps: 14,
    managedIdentities: 8,
    scimApps: 4,
    consentApps: 20,
    activatedRoles: 15,
    signIns: 2_000,
  },
  L: {
    users: 5_000,
    groups: 500,
    memberships: 50_000,
    enterpriseApps: 108,
    managedIdentities: 30,
    scimApps: 10,
    consentApps: 50,
    activatedRoles: 30,
    signIns: 10_000,
  },
  XL: {
    users: 50_000,
    groups: 5_000,
    memberships: 500_000,
    enterpriseApps: 538,
    managedIdentities: 150,
    scimApps: 50,
    consentApps: 300,
    activatedRoles: 30,
    signIns: 20_000,
  },
};

export function isTenantSize(value: string): value is TenantSize {
  return value === 'S' || value === 'M' || value === 'L' || value === 'XL';
}
