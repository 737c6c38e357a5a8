// What role and group schedule requests share: the P2 gate, action names, and the `request` base properties.
import { randomUUID } from 'node:crypto';
import type { Caller } from '../../identity/signing.js';
import type { Tenant } from '../../model/tenant.js';
import { graphErrors } from '../errors.js';

export type PimAction =
  | 'adminAssign'
  | 'adminUpdate'
  | 'adminRemove'
  | 'adminExtend'
  | 'adminRenew'
  | 'selfActivate'
  | 'selfDeactivate'
  | 'selfExtend'
  | 'selfRenew';
const ACTIONS = new Map(
  (
    [
      'adminAssign',
      'adminUpdate',
      'adminRemove',
      'adminExtend',
      'adminRenew',
      'selfActivate',
      'selfDeactivate',
      'selfExtend',
      'selfRenew',
    ] as PimAction[]
  ).map((a) => [a.toLowerCase(), a]),
);

export function requirePremiumP2(tenant: Tenant): void {
  if (tenant.info.licence !== 'P2') throw graphErrors.pimLicenceRequired();
}

/** The action, normalised to camelCase; only admin actions are simulated (no eligibilities exist to activate). */
export function adminAction(value: unknown): 'adminAssign' | 'adminRemove' | 'adminUpdate' {
  const action = typeof value === 'string' ? ACTIONS.get(value.toLowerCase()) : undefined;
  if (!action) throw graphErrors.pimInvalidRequest(`The value '${String(value)}' is not a valid action.`);
  if (action === 'adminAssign' || action === 'adminRemove') return action;
  if (action === 'adminUpdate' || action === 'adminExtend' || action === 'adminRenew') return 'adminUpdate';
  throw graphErrors.roleAssignmentDoesNotExist(); // self-service actions need an eligible assignment; none are simulated
}

/** Properties every schedule request response carries (entity `request` + privilegedAccessScheduleRequest). */
export function requestEnvelope(
  caller: Caller,
  now: number,
  body: Record<string, unknown>,
  action: string,
  status: 'Provisioned' | 'Revoked',
): Record<string, unknown> {
  const at = new Date(now).toISOString();
  return {
    id: randomUUID(),
    status,
    createdDateTime: at,
    completedDateTime: at,
    approvalId: null,
    customData: typeof body.customData === 'string' ? body.customData : null,
    action,
    isValidationOnly: body.isValidationOnly === true,
    justification: typeof body.justification === 'string' ? body.justification : null,
    createdBy: caller.userId
      ? { application: null, device: null, user: { id: caller.userId, displayName: null } }
      : { application: { id: caller.appId, displayName: null }, device: null, user: null },
    ticketInfo: ticketInfo(body.ticketInfo),
  };
}

function ticketInfo(raw: unknown): Record<string, unknown> {
  const t = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  return { ticketNumber: t.ticketNumber ?? null, ticketSystem: t.ticketSystem ?? null };
}
