// PIM mode: directory roles and group members/owners are granted as time-boxed *active assignments*
// through PIM schedule requests, whose expiration is the grant's expiry, so Entra removes the access on its own too
// (a backstop if Lantern is down). Lantern still tracks, extends, revokes and audits; an extension updates the schedule.
// App role assignments have no PIM equivalent and stay direct writes (graph-operations.ts).
//
// Outcomes are idempotent like the direct writes: "RoleAssignmentExists" on assign means done (a retried request after
// a crash), "RoleAssignmentDoesNotExist" on remove means already gone (Entra's own expiry may have ended it first).
// A tenant without Entra ID P2 answers 400 AadPremiumLicenseRequired: permanent, so the grant ends `failed` with it.
import type { GrantableEntitlement } from '../../domain/entitlement-id.js';
import { kindOf, type PimTarget, type TenantGraphTarget } from '../../entra/kinds/index.js';
import { classifyGraphError } from '../../entra/outcomes.js';
import type { ChangeResult } from './contract.js';
import { toFailure } from './graph-operations.js';

/** An entitlement whose kind has a PIM schedule request, with that request's target. */
export interface PimEntitlement {
  entitlement: GrantableEntitlement;
  target: PimTarget;
}

/** What the schedule carries: its end, and why (shown in Entra's PIM audit history). */
export interface PimSchedule {
  /** ISO time the assignment ends. */
  expiresAt: string;
  justification: string;
  ticket?: string | undefined;
  /** Names the Lantern grant, so an Entra admin can tell Lantern's assignments apart. */
  grantId: string;
}

export interface ScheduleUpdateResult {
  outcome: 'updated' | 'access_gone';
}

/** The PIM variant of the entitlement's kind; null when the kind has none (app roles stay direct writes). */
export function pimOf(entitlement: GrantableEntitlement): PimEntitlement | null {
  const pim = kindOf(entitlement).pim;
  return pim ? { entitlement, target: pim(entitlement) } : null;
}

type PimAction = 'adminAssign' | 'adminUpdate' | 'adminRemove';

function requestOf({ target }: PimEntitlement, principalId: string, action: PimAction, schedule?: PimSchedule) {
  const timing = schedule
    ? {
        justification: schedule.justification,
        // No startDateTime: "now" by Entra's clock, so a worker clock running ahead never makes the assignment future-dated.
        scheduleInfo: { expiration: { type: 'afterDateTime', endDateTime: schedule.expiresAt } },
        ...(schedule.ticket ? { ticketInfo: { ticketNumber: schedule.ticket, ticketSystem: 'Lantern' } } : {}),
        customData: `lantern:${schedule.grantId}`,
      }
    : { justification: 'Lantern: just-in-time access ended' };
  return { url: target.url, body: { action, principalId, ...target.body, ...timing } };
}

const isCode = (error: unknown, code: string) => (error as { code?: string } | null)?.code === code;

async function post({ client }: TenantGraphTarget, request: ReturnType<typeof requestOf>): Promise<void> {
  await client.api(request.url).post(request.body);
}

/** adminAssign: an active assignment ending at the grant's expiry. Already assigned = done. */
export async function pimAssign(
  graph: TenantGraphTarget,
  e: PimEntitlement,
  principalId: string,
  schedule: PimSchedule,
): Promise<ChangeResult> {
  try {
    await post(graph, requestOf(e, principalId, 'adminAssign', schedule));
    return { outcome: 'changed' };
  } catch (error) {
    if (isCode(error, 'RoleAssignmentExists') || classifyGraphError(error) === 'AlreadyExists')
      return { outcome: 'already_done' };
    throw toFailure(error);
  }
}

/** adminRemove: ends the assignment. Already gone (expired in Entra, removed by someone) = done. */
export async function pimRemove(
  graph: TenantGraphTarget,
  e: PimEntitlement,
  principalId: string,
): Promise<ChangeResult> {
  try {
    await post(graph, requestOf(e, principalId, 'adminRemove'));
    return { outcome: 'changed' };
  } catch (error) {
    if (isCode(error, 'RoleAssignmentDoesNotExist') || classifyGraphError(error) === 'NotFound')
      return { outcome: 'already_done' };
    throw toFailure(error);
  }
}

/** adminUpdate: moves the assignment's end (Entra's adminExtend is for assignments about to expire, and may need approval). */
export async function pimUpdateExpiry(
  graph: TenantGraphTarget,
  e: PimEntitlement,
  principalId: string,
  schedule: PimSchedule,
): Promise<ScheduleUpdateResult> {
  try {
    await post(graph, requestOf(e, principalId, 'adminUpdate', schedule));
    return { outcome: 'updated' };
  } catch (error) {
    if (isCode(error, 'RoleAssignmentDoesNotExist')) return { outcome: 'access_gone' };
    throw toFailure(error);
  }
}
