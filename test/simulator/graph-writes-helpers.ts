// Helpers shared by the Graph write, batch, throttle and fault tests: tokens with chosen permissions, references,
// and picking objects from a generated tenant that a test can change.
import assert from 'node:assert/strict';
import type { Client, GraphError } from '@microsoft/microsoft-graph-client';
import { issueAccessToken } from '../../simulator/identity/signing.js';
import type { RunningSimulator } from '../../simulator/index.js';
import type { Tenant } from '../../simulator/model/tenant.js';
import type { Group } from '../../simulator/model/types.js';
import { graphClient } from './clients.js';

/** The parts of Graph response bodies these tests read. */
export interface GraphBody {
  error: { code: string; message: string; innerError: Record<string, string> };
  value: unknown[];
}

export const WRITER_ROLES = [
  'GroupMember.ReadWrite.All',
  'User.ReadWrite.All',
  'Application.Read.All',
  'AppRoleAssignment.ReadWrite.All',
  'RoleManagement.ReadWrite.Directory',
  'RoleAssignmentSchedule.ReadWrite.Directory',
  'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup',
];

/** A Graph client whose app-only token carries exactly `roles` (to exercise the permission checks). */
export async function clientWithRoles(sim: RunningSimulator, tenantId: string, roles: string[]): Promise<Client> {
  const token = await issueAccessToken(sim.context.keys, {
    tenantId,
    appId: sim.app.clientId,
    roles,
    issuedAt: Math.floor(sim.store.clock.now() / 1000),
    lifetimeSeconds: 24 * 3600,
  });
  return graphClient(sim, async () => token);
}

/** A `$ref` body naming the object on the simulator's own Graph host, as a client configured for that cloud sends it. */
export const ref = (sim: RunningSimulator, id: string) => ({
  '@odata.id': `${sim.graphBaseUrl}v1.0/directoryObjects/${id}`,
});

/** The Graph client's error for a failing call (it throws GraphError with statusCode, code and the parsed body). */
export async function failure(call: Promise<unknown>): Promise<GraphError> {
  try {
    await call;
  } catch (err) {
    return err as GraphError;
  }
  throw new Error('expected the call to fail');
}

export function editableGroup(tenant: Tenant, predicate: (g: Group) => boolean = () => true): Group {
  const group = [...tenant.groups.values()].find(
    (g) =>
      !g.groupTypes.includes('DynamicMembership') &&
      !g.onPremisesSyncEnabled &&
      !g.mailEnabled &&
      !g.isAssignableToRole &&
      predicate(g),
  );
  assert.ok(group, 'the generated tenant has an editable security group');
  return group;
}

export function nonMember(tenant: Tenant, groupId: string): string {
  const id = [...tenant.users.keys()].find((u) => !tenant.groupMembers.get(groupId)?.has(u));
  assert.ok(id);
  return id;
}
