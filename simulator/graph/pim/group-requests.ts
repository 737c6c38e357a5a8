// POST /identityGovernance/privilegedAccess/group/assignmentScheduleRequests: PIM for Groups, time-boxed active
// membership or ownership. The membership is a real group membership (delta sees it) that ends at expiry.
import { randomUUID } from 'node:crypto';
import type { Caller } from '../../identity/signing.js';
import type { Tenant } from '../../model/tenant.js';
import { graphErrors } from '../errors.js';
import { requireGroup } from '../writes/group-members.js';
import { assertRelationEditable } from '../writes/group-rules.js';
import { requireObjectId } from '../writes/references.js';
import { adminAction, requestEnvelope, requirePremiumP2 } from './request-common.js';
import { parseScheduleInfo } from './schedule-info.js';
import { endSchedule, findSchedule, pimState } from './schedules.js';

export function createGroupScheduleRequest(
  tenant: Tenant,
  caller: Caller,
  now: number,
  body: Record<string, unknown>,
): Record<string, unknown> {
  requirePremiumP2(tenant);
  const action = adminAction(body.action);
  const accessId = typeof body.accessId === 'string' ? body.accessId.toLowerCase() : undefined;
  if (accessId !== 'member' && accessId !== 'owner')
    throw graphErrors.pimInvalidRequest("The property 'accessId' must be 'member' or 'owner'.");
  if (typeof body.groupId !== 'string') throw graphErrors.missingProperty('groupId');
  if (typeof body.principalId !== 'string') throw graphErrors.missingProperty('principalId');
  const group = requireGroup(tenant, body.groupId);
  const principalId = requireObjectId(body.principalId);
  if (!tenant.kindOf(principalId)) throw graphErrors.notFound(principalId);
  assertRelationEditable(group, accessId === 'member' ? 'members' : 'owners');

  const current = (accessId === 'member' ? tenant.groupMembers : tenant.groupOwners).get(group.id);
  const present = current?.has(principalId) ?? false;
  const schedule = findSchedule(tenant, 'group', principalId, group.id, accessId);
  const parsed = action === 'adminRemove' ? undefined : parseScheduleInfo(body.scheduleInfo, now);
  if (action === 'adminAssign' && present) throw graphErrors.roleAssignmentExists();
  if (action !== 'adminAssign' && !present) throw graphErrors.roleAssignmentDoesNotExist();

  const envelope = requestEnvelope(caller, now, body, action, action === 'adminRemove' ? 'Revoked' : 'Provisioned');
  const targetScheduleId = schedule?.id ?? `${group.id}_${accessId}_${randomUUID()}`;
  if (body.isValidationOnly !== true) {
    if (action === 'adminRemove') {
      if (schedule) endSchedule(tenant, schedule);
      else if (accessId === 'member') tenant.removeGroupMember(group.id, principalId);
      else tenant.removeGroupOwner(group.id, principalId);
    } else {
      if (!present) {
        if (accessId === 'member') tenant.addGroupMember(group.id, principalId);
        else tenant.addGroupOwner(group.id, principalId);
      }
      pimState(tenant).schedules.set(targetScheduleId, {
        id: targetScheduleId,
        kind: 'group',
        principalId,
        targetId: group.id,
        access: accessId,
        expiresAt: parsed?.expiresAt,
      });
    }
  }
  const response = {
    ...envelope,
    accessId,
    groupId: group.id,
    principalId,
    targetScheduleId,
    scheduleInfo: parsed?.echo ?? null,
  };
  pimState(tenant).requests.set(String(envelope.id), { kind: 'group', ...response });
  return response;
}
