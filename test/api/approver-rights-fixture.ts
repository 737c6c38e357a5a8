// What the approver-rights suites share: a real full sync of the simulated tenant into the access harness's catalog,
// and the people and entitlements they act with, picked from the simulator's ground truth.
import { createReconcileActivities } from '../../activities/access/reconcile.js';
import { createSyncActivities } from '../../activities/sync/index.js';
import { createTenantGraph } from '../../entra/tenant-graph.js';
import { SYNC_WORKFLOW_TYPE } from '../../workflows/sync/messages.js';
import type { AccessSuite } from '../access/access-harness.js';

export interface Person {
  id: string;
  upn: string;
}

/** One full syncTenant run (with the reconcile stage) on its own worker, as the schedule would start it. */
export async function syncOnce({ temporal, h }: AccessSuite): Promise<void> {
  const tenantGraph = createTenantGraph({
    credentials: { clientId: h.sim.app.clientId, clientSecret: h.sim.app.clientSecret },
  });
  const deps = { catalog: h.catalog, tenantGraph, loadConnector: async () => h.connector };
  const taskQueue = temporal.taskQueue();
  const worker = await temporal.createWorker({
    taskQueue,
    activities: { ...createSyncActivities(deps), ...createReconcileActivities(deps) },
  });
  await worker.runUntil(
    temporal.env.client.workflow.execute(SYNC_WORKFLOW_TYPE, {
      taskQueue,
      workflowId: temporal.workflowId(`connector:${h.connector.id}:sync`),
      args: [{ connectorId: h.connector.id, mode: 'full' }],
    }),
  );
}

export interface RightsPeople {
  /** An enabled member who owns the group of `ownedEntitlement`. */
  owner: Person;
  /** Two enabled members outside both groups whose managers are enabled members (not the owner). */
  requester: Person;
  secondRequester: Person;
  /** The requester's manager in Entra. */
  manager: Person;
  noManager: Person;
  guest: Person;
  /** Membership of a group with an owner; of another group (for the manager policy). */
  ownedEntitlement: string;
  managedEntitlement: string;
}

export function pickRightsPeople({ h, fx }: AccessSuite): RightsPeople {
  const { tenant } = h;
  const members = fx.users;
  const person = (id: string): Person => ({ id, upn: tenant.users.get(id)!.userPrincipalName });
  const isMember = (id: string) => members.some((u) => u.id === id);
  const inGroup = (groupId: string, id: string) =>
    Boolean(tenant.groupMembers.get(groupId)?.has(id) || tenant.groupOwners.get(groupId)?.has(id));
  const group = fx.editable.find((g) => [...tenant.groupOwners.get(g.id)!].some(isMember))!;
  const other = fx.editable.find((g) => g.id !== group.id)!;
  const owner = person([...tenant.groupOwners.get(group.id)!].find(isMember)!);
  const outsiders = members.filter(
    (u) =>
      !inGroup(group.id, u.id) &&
      !inGroup(other.id, u.id) &&
      isMember(tenant.managers.get(u.id) ?? '') &&
      tenant.managers.get(u.id) !== owner.id,
  );
  const requester = person(outsiders[0]!.id);
  const guestUser = [...tenant.users.values()].find(
    (u) => u.userType === 'Guest' && u.accountEnabled && !inGroup(other.id, u.id),
  )!;
  return {
    owner,
    requester,
    secondRequester: person(outsiders[1]!.id),
    manager: person(tenant.managers.get(requester.id)!),
    noManager: person(members.find((u) => !tenant.managers.has(u.id) && !inGroup(other.id, u.id))!.id),
    guest: person(guestUser.id),
    ownedEntitlement: `group:${group.id}:member`,
    managedEntitlement: `group:${other.id}:member`,
  };
}
