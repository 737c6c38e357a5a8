// Time-boxed assignments made through PIM, per tenant. The assignment itself lives in the tenant (a role assignment
// or a group membership, created through Tenant methods so delta sees it); this module only remembers when each one
// ends, and removes it once the simulated clock has passed that moment.
import type { Tenant } from '../../model/tenant.js';

export interface ActiveSchedule {
  /** targetScheduleId in the request responses. */
  id: string;
  kind: 'role' | 'group';
  principalId: string;
  /** Role definition id (roles) or group id (groups). */
  targetId: string;
  /** 'member' | 'owner' for groups; the directory scope for roles. */
  access: string;
  /** Role assignment id for roles. */
  roleAssignmentId?: string;
  /** Simulated epoch ms; undefined = no expiration. */
  expiresAt?: number;
}

export interface PimState {
  schedules: Map<string, ActiveSchedule>;
  /** Every schedule request made, by id, as returned to the client. */
  requests: Map<string, Record<string, unknown>>;
}

const states = new WeakMap<Tenant, PimState>();

export function pimState(tenant: Tenant): PimState {
  let state = states.get(tenant);
  if (!state) {
    state = { schedules: new Map(), requests: new Map() };
    states.set(tenant, state);
  }
  return state;
}

export function findSchedule(
  tenant: Tenant,
  kind: ActiveSchedule['kind'],
  principalId: string,
  targetId: string,
  access: string,
): ActiveSchedule | undefined {
  for (const s of pimState(tenant).schedules.values()) {
    if (s.kind === kind && s.principalId === principalId && s.targetId === targetId && s.access === access) return s;
  }
  return undefined;
}

/** Ends what a schedule granted (idempotent: something else may already have removed it). */
export function endSchedule(tenant: Tenant, schedule: ActiveSchedule): void {
  pimState(tenant).schedules.delete(schedule.id);
  if (schedule.kind === 'role') {
    if (schedule.roleAssignmentId) tenant.removeRoleAssignment(schedule.roleAssignmentId);
  } else if (schedule.access === 'owner') {
    tenant.removeGroupOwner(schedule.targetId, schedule.principalId);
  } else {
    tenant.removeGroupMember(schedule.targetId, schedule.principalId);
  }
}

/**
 * Removes every PIM assignment whose expiration is at or before `now` (simulated ms). Called lazily before each Graph
 * request; the control API should call it after advancing the clock so ground-truth reads agree. Returns the count.
 */
export function expireDueAssignments(tenant: Tenant, now: number): number {
  const state = states.get(tenant);
  if (!state || state.schedules.size === 0) return 0;
  let ended = 0;
  for (const schedule of [...state.schedules.values()]) {
    if (schedule.expiresAt !== undefined && schedule.expiresAt <= now) {
      endSchedule(tenant, schedule);
      ended++;
    }
  }
  return ended;
}
