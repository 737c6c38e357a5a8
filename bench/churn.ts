// "1 % churn": renames a fraction of users and removes the same number of group memberships, through the simulator's
// control API, so the next delta round has real changes to carry. The tenant export is streamed line by line, so the
// benchmark's own memory stays small next to the worker's.
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { SimulatorProcess } from './simulator-process.js';

interface ExportLine {
  type: string;
  id?: string;
  groupId?: string;
  memberIds?: string[];
  groupTypes?: string[];
  onPremisesSyncEnabled?: boolean;
}

export async function churnTenant(sim: SimulatorProcess, tenantId: string, fraction: number): Promise<number> {
  const response = await fetch(`${sim.info.controlUrl}/tenants/${tenantId}/export`, {
    headers: { authorization: `Bearer ${sim.info.controlKey}` },
  });
  if (!response.ok || !response.body) throw new Error(`export failed: ${response.status}`);
  const users: string[] = [];
  const editable = new Set<string>();
  const memberships: { groupId: string; memberId: string }[] = [];
  for await (const text of createInterface({
    input: Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
  })) {
    if (!text) continue;
    const line = JSON.parse(text) as ExportLine;
    if (line.type === 'user') users.push(line.id!);
    if (line.type === 'group' && !(line.groupTypes ?? []).includes('DynamicMembership') && !line.onPremisesSyncEnabled)
      editable.add(line.id!);
    if (line.type === 'groupMembers' && editable.has(line.groupId!) && line.memberIds?.length) {
      memberships.push({
        groupId: line.groupId!,
        memberId: line.memberIds[memberships.length % line.memberIds.length]!,
      });
    }
  }
  const n = Math.max(1, Math.round(users.length * fraction));
  let changes = 0;
  for (let i = 0; i < n; i++) {
    await sim.control('PATCH', `/tenants/${tenantId}/users/${users[(i * 7919) % users.length]}`, {
      displayName: `Churned user ${i}`,
    });
    changes++;
  }
  for (let i = 0; i < n && memberships.length; i++) {
    const { groupId, memberId } = memberships[(i * 104729) % memberships.length]!;
    await sim.control('DELETE', `/tenants/${tenantId}/groups/${groupId}/members/${memberId}`).catch(() => undefined);
    changes++;
  }
  return changes;
}
