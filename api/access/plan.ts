// Turns an access request into the accessGrant workflow's input, checking each rule against the catalog and policy.
// Every refusal is a 422 whose code names the rule (entitlement_not_found, entitlement_immutable, ...).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { parseEntitlementId } from '../../domain/entitlement-id.js';
import { effectivePolicy, groupMemberIds, managerOf, resolveApprovers } from '../../catalog/access/policies.js';
import { findEntitlement, findRequestPrincipal } from '../../catalog/access/requests.js';
import type { CatalogSchema } from '../../catalog/index.js';
import type { AccessGrantInput } from '../../workflows/access/messages.js';
import { apiErrors } from '../http/errors.js';

export interface AccessRequestBody {
  entitlementId: string;
  principalId: string;
  durationSeconds: number;
  justification: string;
  ticket?: string | undefined;
}

const rule = (code: string, message: string) => apiErrors.unprocessable(code, message, { rule: code });

export async function planAccessRequest(
  db: Kysely<CatalogSchema>,
  connectorId: string,
  requesterId: string,
  body: AccessRequestBody,
): Promise<AccessGrantInput> {
  const { entitlementId, principalId, durationSeconds } = body;
  const entitlement = await findEntitlement(db, connectorId, entitlementId);
  if (!entitlement)
    throw rule('entitlement_not_found', `Entitlement ${entitlementId} is not in connector ${connectorId}'s catalog.`);
  if (entitlement.immutable)
    throw rule(
      'entitlement_immutable',
      `Entitlement ${entitlementId} cannot be changed in Entra (dynamic, synced or mail-mastered).`,
    );
  if (!parseEntitlementId(entitlementId))
    throw rule(
      'entitlement_not_requestable',
      `Lantern does not grant ${entitlementId} (application ownership needs Application.ReadWrite.All, which Lantern never holds).`,
    );

  const principal = await findRequestPrincipal(db, connectorId, principalId);
  if (!principal)
    throw rule('principal_not_found', `Principal ${principalId} is not in connector ${connectorId}'s catalog.`);
  if (!principal.account_enabled) throw rule('principal_disabled', `Principal ${principalId} is disabled in Entra.`);

  const policy = await effectivePolicy(db, connectorId, entitlementId);
  if (!policy)
    throw rule(
      'no_policy',
      `Neither ${entitlementId} nor connector ${connectorId} has an access policy; an admin must set one.`,
    );
  if (principal.user_type === 'Guest' && !policy.allowGuests)
    throw rule(
      'guest_not_allowed',
      `Principal ${principalId} is a guest in Entra, and the policy of ${entitlementId} does not allow guests.`,
    );
  if (durationSeconds > policy.maxDurationSeconds) {
    throw rule(
      'max_duration',
      `The duration ${durationSeconds}s exceeds the policy maximum of ${policy.maxDurationSeconds}s.`,
    );
  }
  const approverIds = await resolveApprovers(db, policy, { entitlementId, principalId });
  const eligible = approverIds.filter((id) => id !== requesterId && id !== principalId);
  if (policy.approvalRequired && eligible.length === 0) {
    const noManager = policy.approvers.manager && !(await managerOf(db, connectorId, principalId));
    throw rule(
      'no_approver',
      noManager
        ? `The policy names the requester's manager as approver, but ${principal.upn ?? principalId} has no manager in Entra and nobody else qualifies (self-approval is never allowed).`
        : 'The policy names no approver other than the requester or the principal (self-approval is never allowed).',
    );
  }
  const autoApprovedBy =
    policy.autoApproveGroupId &&
    (await groupMemberIds(db, connectorId, policy.autoApproveGroupId)).includes(principalId)
      ? `member of group ${policy.autoApproveGroupId}`
      : undefined;

  return {
    connectorId,
    entitlementId,
    principalId,
    principalUpn: principal.upn ?? principal.display_name,
    policy: {
      maxDurationSeconds: policy.maxDurationSeconds,
      approvalRequired: policy.approvalRequired,
      approverIds: eligible,
      requestTimeoutSeconds: policy.requestTimeoutSeconds,
      extensionNeedsApproval: policy.extensionNeedsApproval,
      ...(policy.expiryWarningSeconds !== null ? { expiryWarningSeconds: policy.expiryWarningSeconds } : {}),
    },
    request: {
      requestId: randomUUID(),
      requesterId,
      durationSeconds,
      justification: body.justification,
      ticket: body.ticket,
    },
    autoApprovedBy,
  };
}
