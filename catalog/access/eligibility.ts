// Who may request (policy v2 eligibility): the principal receiving access must be a direct member (as last synced) of
// one of the rule's groups, and/or of one of its Entra user types. The request planner refuses the rest with the rule
// named; the web app asks requestableFor so it offers a person only what they may request.
import type { Kysely } from 'kysely';
import type { EligibilityRule } from '../../domain/access-policy.js';
import type { CatalogSchema } from '../schema.js';
import { DEFAULT_POLICY_KEY } from './policies.js';

type Db = Kysely<CatalogSchema>;

export interface EligibilityPrincipal {
  id: string;
  /** Entra userType as last synced; null (unknown, e.g. a service principal) never matches a userTypes rule. */
  userType: 'Member' | 'Guest' | null;
}

/** The rule's test on what the catalog says of the person: their user type and the groups they directly belong to. */
function fitsRule(
  rule: EligibilityRule | null,
  userType: EligibilityPrincipal['userType'],
  groups: Set<string>,
): boolean {
  if (!rule) return true;
  if (rule.userTypes?.length && !(userType && rule.userTypes.includes(userType))) return false;
  if (rule.groupIds?.length && !rule.groupIds.some((g) => groups.has(g))) return false;
  return true;
}

/** The principal's direct group memberships as last synced. */
async function groupsOf(db: Db, connectorId: string, principalId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('group_members')
    .select('group_id')
    .where('connector_id', '=', connectorId)
    .where('member_id', '=', principalId)
    .execute();
  return new Set(rows.map((r) => r.group_id));
}

/** "members of group Finance (id)" or "members of groups A, B": the catalog's names, the id when a group is unknown. */
async function describeGroups(db: Db, connectorId: string, groupIds: string[]): Promise<string> {
  const rows = await db
    .selectFrom('resources')
    .select(['id', 'display_name'])
    .where('connector_id', '=', connectorId)
    .where('id', 'in', groupIds)
    .execute();
  const names = groupIds.map((id) => {
    const name = rows.find((r) => r.id === id)?.display_name;
    return name ? `${name} (${id})` : id;
  });
  return `members of ${names.length === 1 ? 'group' : 'groups'} ${names.join(', ')}`;
}

/** The rule in words, as a refusal names it: "members of group X and user types Member". */
export async function describeEligibility(db: Db, connectorId: string, rule: EligibilityRule): Promise<string> {
  const parts: string[] = [];
  if (rule.groupIds?.length) parts.push(await describeGroups(db, connectorId, rule.groupIds));
  if (rule.userTypes?.length) parts.push(`user types ${rule.userTypes.join(', ')}`);
  return parts.join(' and ');
}

/** Whether the principal satisfies the rule (null = everyone). Both parts of a rule must hold when both are set. */
export async function isEligible(
  db: Db,
  connectorId: string,
  principal: EligibilityPrincipal,
  rule: EligibilityRule | null,
): Promise<boolean> {
  if (!rule) return true;
  const groups = rule.groupIds?.length ? await groupsOf(db, connectorId, principal.id) : new Set<string>();
  return fitsRule(rule, principal.userType, groups);
}

/** Why the principal may not request under `rule` (a message naming the rule), or null when they may. */
export async function eligibilityRefusal(
  db: Db,
  connectorId: string,
  principal: EligibilityPrincipal,
  rule: EligibilityRule | null,
): Promise<string | null> {
  if (await isEligible(db, connectorId, principal, rule)) return null;
  const who = await describeEligibility(db, connectorId, rule!);
  return `Only ${who} may request this access; principal ${principal.id} is not one of them.`;
}

export interface Requestability {
  /** The connector's default policy lets the person request (true when there is no default: no_policy decides). */
  defaultEligible: boolean;
  /** Entitlements whose own policy the person may use. */
  eligible: string[];
  /** Entitlements whose own policy refuses the person. */
  ineligible: string[];
}

/**
 * What `principalId` may request on the connector, by policy eligibility: entitlements with their own policy are listed
 * as eligible or ineligible; every other entitlement follows the default policy (defaultEligible). One catalog read of
 * the policies, the principal and their memberships, so a search page can filter with it.
 */
export async function requestableFor(db: Db, connectorId: string, principalId: string): Promise<Requestability> {
  const [policies, person, groups] = await Promise.all([
    db
      .selectFrom('access_policies')
      .select(['entitlement_id', 'eligibility'])
      .where('connector_id', '=', connectorId)
      .execute(),
    db
      .selectFrom('principals')
      .select('user_type')
      .where('connector_id', '=', connectorId)
      .where('id', '=', principalId)
      .executeTakeFirst(),
    groupsOf(db, connectorId, principalId),
  ]);
  const fits = (rule: EligibilityRule | null) => fitsRule(rule, person?.user_type ?? null, groups);
  const result: Requestability = { defaultEligible: true, eligible: [], ineligible: [] };
  for (const policy of policies) {
    const ok = fits(policy.eligibility);
    if (policy.entitlement_id === DEFAULT_POLICY_KEY) result.defaultEligible = ok;
    else (ok ? result.eligible : result.ineligible).push(policy.entitlement_id);
  }
  return result;
}
