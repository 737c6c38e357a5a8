// POST /roleManagement/directory/roleAssignmentScheduleRequests: time-boxed (or permanent) active directory role
// assignments. adminAssign creates the role assignment, adminUpdate/Extend/Renew move its end, adminRemove ends it.
import type { Caller } from '../../identity/signing.js';
import type { Tenant } from '../../model/tenant.js';
import { graphErrors } from '../errors.js';
import { requireObjectId } from '../writes/references.js';
import { assignRole, findRoleAssignment } from '../writes/role-assignments.js';
import { adminAction, requestEnvelope, requirePremiumP2 } from './request-common.js';
import { parseScheduleInfo } from './schedule-info.js';
import { endSchedule, findSchedule, pimState } from './schedules.js';

export function createRoleScheduleRequest(
  tenant: Tenant,
  caller: Caller,
  now: number,
  body: Record<string, unknown>,
): Record<string, unknown> {
  requirePremiumP2(tenant);
  const action = adminAction(body.action);
  if (typeof body.principalId !== 'string') throw graphErrors.missingProperty('principalId');
  if (typeof body.roleDefinitionId !== 'string') throw graphErrors.missingProperty('roleDefinitionId');
  const scope = typeof body.directoryScopeId === 'string' ? body.directoryScopeId : undefined;
  if (!scope) throw graphErrors.missingProperty('directoryScopeId');
  const principalId = requireObjectId(body.principalId);
  const definition = tenant.roleDefinitions.get(body.roleDefinitionId.toLowerCase());
  if (!definition) throw graphErrors.notFound(body.roleDefinitionId);
  if (!tenant.kindOf(principalId)) throw graphErrors.notFound(principalId);

  const existing = findRoleAssignment(tenant, principalId, definition.id, scope);
  const schedule = findSchedule(tenant, 'role', principalId, definition.id, scope);
  const validationOnly = body.isValidationOnly === true;
  const parsed = action === 'adminRemove' ? undefined : parseScheduleInfo(body.scheduleInfo, now);
  if (action === 'adminAssign' && existing) throw graphErrors.roleAssignmentExists();
  if (action !== 'adminAssign' && !existing) throw graphErrors.roleAssignmentDoesNotExist();

  const envelope = requestEnvelope(caller, now, body, action, action === 'adminRemove' ? 'Revoked' : 'Provisioned');
  const targetScheduleId = schedule?.id ?? String(envelope.id);
  if (!validationOnly) {
    if (action === 'adminRemove') {
      if (schedule) endSchedule(tenant, schedule);
      else tenant.removeRoleAssignment(existing!.id);
    } else {
      const assignment = existing ?? assignRole(tenant, principalId, definition.id, scope);
      pimState(tenant).schedules.set(targetScheduleId, {
        id: targetScheduleId,
        kind: 'role',
        principalId,
        targetId: definition.id,
        access: scope,
        roleAssignmentId: assignment.id,
        expiresAt: parsed?.expiresAt,
      });
    }
  }
  const response = {
    ...envelope,
    principalId,
    roleDefinitionId: definition.id,
    directoryScopeId: scope,
    appScopeId: null,
    targetScheduleId,
    scheduleInfo: parsed?.echo ?? null,
  };
  pimState(tenant).requests.set(String(envelope.id), { kind: 'role', ...response });
  return response;
}
