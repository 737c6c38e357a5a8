// Turns an access request into the accessGrant workflow's input, checking each rule against the catalog and policy.
// Every refusal is a 422 whose code names the rule (entitlement_not_found, entitlement_immutable, ...).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { parseEntitlementId } from '../../domain/entitlement-id.js';
import { effectivePolicy, groupMemberIds, resolveAllApprovers, resolveStages } from '../../catalog/access/policies.js';
import { eligibilityRefusal } from '../../catalog/access/eligibility.js';
import { findEntitlement, findRequestPrincipal } from '../../catalog/access/requests.js';
import type { CatalogSchema } from '../../catalog/index.js';
import type { AccessGrantInput, BreakGlassPlan, ResolvedStage } from '../../workflows/access/messages.js';
import {
  checkBreakGlass,
  checkNoLiveGrant,
  checkRemovable,
  checkStagesReachable,
  checkStartAt,
  rule,
} from './plan-rules.js';

export interface AccessRequestBody {
  entitlementId: string;
  principalId: string;
  durationSeconds: number;
  justification: string;
  ticket?: string | undefined;
  /** ISO date-time the access should start (scheduled start); absent = as soon as approved. */
  startAt?: string | undefined;
  /** Self-approval with the justification as mandatory reason, if the policy allows break-glass. */
  breakGlass?: boolean | undefined;
}

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
  const refusal = await eligibilityRefusal(
    db,
    connectorId,
    { id: principalId, userType: principal.user_type },
    policy.eligibility,
  );
  if (refusal) throw rule('not_eligible', refusal);
  if (body.breakGlass) checkBreakGlass(policy, body);
  if (body.startAt !== undefined) checkStartAt(body.startAt, new Date());
  await checkNoLiveGrant(db, { connectorId, entitlementId, principalId }, body);
  await checkRemovable(db, connectorId, { entitlementId, principalId });

  const target = { entitlementId, principalId };
  const others = (ids: string[]) => ids.filter((id) => id !== requesterId && id !== principalId);
  const stages: ResolvedStage[] = policy.approvalRequired
    ? (await resolveStages(db, policy, target)).map(({ rule: stage, approverIds, fallbackIds }) => ({
        name: stage.name,
        approverIds: others(approverIds),
        quorum: stage.quorum,
        timeoutSeconds: stage.timeoutSeconds,
        onTimeout: stage.onTimeout,
        fallbackIds: others(fallbackIds),
      }))
    : [];
  // Break-glass needs no approver (that is its point); its review goes to whoever the stages name, else admins.
  if (!body.breakGlass) await checkStagesReachable(db, policy, stages, { principalId, upn: principal.upn });
  const approverIds = policy.approvalRequired
    ? [...new Set(stages.flatMap((stage) => [...stage.approverIds, ...stage.fallbackIds]))]
    : others(await resolveAllApprovers(db, policy, target));
  const autoApprovedBy = body.breakGlass
    ? 'break_glass'
    : policy.autoApproveGroupId &&
        (await groupMemberIds(db, connectorId, policy.autoApproveGroupId)).includes(principalId)
      ? `member of group ${policy.autoApproveGroupId}`
      : undefined;
  const breakGlass: BreakGlassPlan | undefined =
    body.breakGlass && policy.breakGlass
      ? {
          reviewerIds: [...new Set(stages.flatMap((stage) => stage.approverIds))],
          reviewWithinSeconds: policy.breakGlass.reviewWithinSeconds,
        }
      : undefined;

  return {
    connectorId,
    entitlementId,
    principalId,
    principalUpn: principal.upn ?? principal.display_name,
    policy: {
      maxDurationSeconds: policy.maxDurationSeconds,
      approvalRequired: policy.approvalRequired,
      approverIds,
      requestTimeoutSeconds: policy.requestTimeoutSeconds,
      ...(policy.approvalRequired ? { stages } : {}),
      revokeSessions: policy.revokeSessions,
      extensionNeedsApproval: policy.extensionNeedsApproval,
      ...(policy.expiryWarningSeconds !== null ? { expiryWarningSeconds: policy.expiryWarningSeconds } : {}),
    },
    request: {
      requestId: randomUUID(),
      requesterId,
      durationSeconds,
      justification: body.justification,
      ticket: body.ticket,
      ...(body.startAt !== undefined ? { startAt: new Date(body.startAt).toISOString() } : {}),
    },
    autoApprovedBy,
    ...(breakGlass ? { breakGlass } : {}),
  };
}
