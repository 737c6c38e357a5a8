// "1 % churn": renames a fraction of users and moves the same number of group memberships, through the simulator's
// control API, so the next delta round has real changes to carry.
import type { SimulatorProcess } from './simulator-process.js';

interface ExportLine { type: string; id?: string; groupId?: string; memberIds?: string[]; groupTypes?: string[]; onPremisesSyncEnabled?: boolean; mailEnabled?: boolean }

export async function churnTenant(sim: SimulatorProcess, tenantId: string, fraction: number): Promise<number> {
  const response = await fetch(`${sim.info.controlUrl}/tenants/${tenantId}/export`, { headers: { authorization: `Bearer ${sim.info.controlKey}` } });
  const lines = (await response.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l) as ExportLine);
  const users = lines.filter((l) => l.type === 'user').map((l) => l.id!);
  const editableGroups = new Set(lines.filter((l) => l.type === 'group' && !(l.groupTypes ?? []).includes('DynamicMembership') && !l.onPremisesSyncEnabled).map((l) => l.id!));
  const memberships = lines.filter((l) => l.type === 'groupMembers' && editableGroups.has(l.groupId!) && (l.memberIds?.length ?? 0) > 0);
  const n = Math.max(1, Math.round(users.length * fraction));
  let changes = 0;
  for (let i = 0; i < n; i++) {
    const userId = users[(i * 7919) % users.length]!;
    await sim.control('PATCH', `/tenants/${tenantId}/users/${userId}`, { displayName: `Churned user ${i}` });
    changes++;
  }
  for (let i = 0; i < n && memberships.length; i++) {
    const group = memberships[(i * 104729) % memberships.length]!;
    const member = group.memberIds![i % group.memberIds!.length]!;
    await sim.control('DELETE', `/tenants/${tenantId}/groups/${group.groupId}/members/${member}`).catch(() => undefined);
    changes++;
  }
  return changes;
}
