// State shared by the generator's sections while one tenant is built.
import type { Random } from './random.js';
import type { SizeProfile } from './profiles.js';
import type { Tenant } from './tenant.js';

export interface GenContext {
  tenant: Tenant;
  rng: Random;
  profile: SizeProfile;
  domain: string;
  /** Simulated "now" the generated history is relative to (start of the UTC day, so a day's runs are identical). */
  anchor: number;
  /** Users in creation order: [0] demo Global Administrator, [1] demo user, [2] break-glass admin. */
  userIds: string[];
  /** Enabled member users (not guests): candidates for owners, admins, sign-ins. */
  memberIds: string[];
  groupIds: string[];
  /** Service principals Lantern can treat as applications with assignable app roles. */
  enterpriseAppIds: string[];
  managedIdentityIds: string[];
  graphSpId: string;
}

/** Graph's timestamp format: ISO 8601 UTC without milliseconds. */
export function isoAt(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** A time `days` (fractional allowed) before the anchor, with a random time of day. */
export function daysAgo(ctx: GenContext, days: number): string {
  return isoAt(ctx.anchor - days * 86_400_000 - ctx.rng.int(0, 86_399) * 1000);
}

/** Object SID Entra derives from an object id (S-1-12-1 + the id's four little-endian 32-bit words). */
export function securityIdentifier(id: string): string {
  const b = Buffer.from(id.replace(/-/g, ''), 'hex');
  return `S-1-12-1-${b.readUInt32LE(0)}-${b.readUInt32LE(4)}-${b.readUInt32LE(8)}-${b.readUInt32LE(12)}`;
}

export function asciiSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}
