// What the Request access pages say about an entitlement, in words: its kind ("Member of group Sales"), whether it can
// be requested and why not, the durations a policy allows, and people's names (not ids).
import type { Kysely } from 'kysely';
import type { CatalogSchema } from '../../catalog/index.js';
import type { EntitlementKind, ResourceType } from '../../entra/resources/rows.js';
import { durationText } from '../pages/components.js';
import type { Principal } from '../http/auth.js';
import type { SearchScope } from '../../catalog/access/entitlement-search.js';
import { principalNamesById } from '../../catalog/access/request-names.js';

export interface EntitlementFacts {
  entitlementId: string;
  displayName: string;
  resourceName: string | null;
  resourceType: ResourceType;
  kind: EntitlementKind;
  immutable: boolean;
  immutableReason: string | null;
}

const RESOURCE_WORD: Record<ResourceType, string> = { group: 'group', application: 'app', directoryRole: 'role' };

/** "Member of group Sales", "App role Admin of Payroll", "Directory role Global Reader", "Owner of app Payroll". */
export function kindText(e: EntitlementFacts): string {
  const resource = e.resourceName ?? e.displayName;
  switch (e.kind) {
    case 'member':
      return `Member of group ${resource}`;
    case 'owner':
      return `Owner of ${RESOURCE_WORD[e.resourceType]} ${resource}`;
    case 'appRole': {
      const suffix = ` in ${resource}`;
      const role = e.displayName.endsWith(suffix) ? e.displayName.slice(0, -suffix.length) : e.displayName;
      return `App role ${role} of ${resource}`;
    }
    case 'roleMember':
      return `Directory role ${resource}`;
  }
}

/** Why a request for it cannot succeed (null when it can); mirrors plan.ts's entitlement rules. */
export function notRequestableReason(e: EntitlementFacts): string | null {
  if (e.immutable)
    return `Cannot be requested: Entra does not let anyone change who holds it (${
      e.immutableReason ?? 'dynamic membership, synced from on-premises or mail-enabled'
    }).`;
  if (e.resourceType === 'application' && e.kind === 'owner')
    return 'Cannot be requested: app ownership needs Application.ReadWrite.All, a permission Lantern never asks for.';
  return null;
}

const DURATION_CHOICES = [1800, 3600, 7200, 14400, 28800, 86400, 3 * 86400, 7 * 86400];

/** The durations the form offers: the usual ones within the policy's maximum, plus the maximum itself. */
export function durationChoices(maxSeconds: number): { seconds: number; label: string }[] {
  const within = DURATION_CHOICES.filter((s) => s <= maxSeconds);
  const all = within.includes(maxSeconds) ? within : [...within, maxSeconds];
  return all.map((seconds) => ({ seconds, label: durationText(seconds) }));
}

/** The choice selected first: one hour when the policy allows it, else the shortest. */
export const defaultDuration = (choices: { seconds: number }[]): number =>
  choices.find((c) => c.seconds === 3600)?.seconds ?? choices[0]?.seconds ?? 3600;

/** Who searches which tenants: admins and readers all; a person their own tenant; a token bound to a person, theirs. */
export function scopeOf(principal: Principal | null): SearchScope | null {
  if (principal?.roles.some((role) => role === 'admin' || role === 'reader')) return { everyTenant: true };
  if (principal?.tenantId) return { tenantId: principal.tenantId };
  if (principal?.subject) return { principalId: principal.subject };
  return null;
}

/** Display names of principals (their UPN when they have no name), in the order given; unknown ids as themselves. */
export async function principalNames(db: Kysely<CatalogSchema>, connectorId: string, ids: string[]): Promise<string[]> {
  const byId = await principalNamesById(db, connectorId, ids);
  return ids.map((id) => byId.get(id) ?? id);
}
