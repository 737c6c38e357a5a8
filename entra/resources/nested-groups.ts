// Expands nested groups into "via group" grants. A principal inside group G (at any depth) holds every entitlement
// granted directly to G, attributed to G. Cycles — which Entra permits — are walked once.
import type { GrantRow, PrincipalKind } from './rows.js';

export interface MemberEdge {
  memberId: string;
  kind: PrincipalKind;
}

/** Every non-group principal reachable from `groupId` through membership, each once. */
export function transitiveMembers(
  groupId: string,
  directMembers: (groupId: string) => readonly MemberEdge[],
): MemberEdge[] {
  const seenGroups = new Set<string>([groupId]);
  const seenPrincipals = new Map<string, MemberEdge>();
  const stack = [groupId];
  while (stack.length) {
    for (const edge of directMembers(stack.pop()!)) {
      if (edge.kind === 'group') {
        if (!seenGroups.has(edge.memberId)) {
          seenGroups.add(edge.memberId);
          stack.push(edge.memberId);
        }
      } else if (!seenPrincipals.has(edge.memberId)) {
        seenPrincipals.set(edge.memberId, edge);
      }
    }
  }
  return [...seenPrincipals.values()];
}

/**
 * For each direct grant whose holder is a group, the grants its transitive members inherit. Memoises member
 * expansion per group, so a group that holds many entitlements is expanded once.
 */
export function expandGroupGrants(
  directGrants: Iterable<GrantRow>,
  directMembers: (groupId: string) => readonly MemberEdge[],
): GrantRow[] {
  const expanded = new Map<string, MemberEdge[]>();
  const out: GrantRow[] = [];
  for (const grant of directGrants) {
    if (grant.principalKind !== 'group' || grant.viaGroupId !== null) continue;
    let members = expanded.get(grant.principalId);
    if (!members) {
      members = transitiveMembers(grant.principalId, directMembers);
      expanded.set(grant.principalId, members);
    }
    for (const m of members) {
      out.push({
        entitlementId: grant.entitlementId,
        principalId: m.memberId,
        principalKind: m.kind,
        viaGroupId: grant.principalId,
        sourceId: grant.sourceId,
      });
    }
  }
  return out;
}
