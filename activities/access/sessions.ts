// Revocation that bites (policy v2 revokeSessions): after a directory role or a role-assignable group's membership or
// ownership is removed, end the user's sign-in sessions through Graph (POST /users/{id}/revokeSignInSessions) so
// tokens issued while they held it stop working. Other entitlements grant nothing a session outlives dangerously.
import { ApplicationFailure } from '@temporalio/common';
import { parseEntitlementId } from '../../domain/entitlement-id.js';
import { FAILURES } from '../../domain/failures.js';
import { classifyGraphError } from '../../entra/outcomes.js';
import {
  isRoleAssignableGroup,
  REVOKE_SESSIONS_PERMISSION,
  revokeUserSessions,
} from '../../entra/resources/sign-in-sessions.js';
import { ACCESS_FAILURES, type GrantTarget, type SessionRevocationResult } from './contract.js';
import { toFailure } from './graph-operations.js';
import { reachConnector } from './removal.js';
import type { AccessActivityDeps } from './index.js';

export function createSessionActivities(deps: AccessActivityDeps) {
  return {
    /** Idempotent (revoking twice is harmless); not_applicable for kinds other than roles / role-assignable groups. */
    async revokeSignInSessions(target: GrantTarget): Promise<SessionRevocationResult> {
      const entitlement = parseEntitlementId(target.entitlementId);
      if (!entitlement || entitlement.kind === 'appRole') return { outcome: 'not_applicable' };
      const { graph } = await reachConnector(deps, target.connectorId);
      try {
        if (entitlement.kind !== 'roleMember' && !(await isRoleAssignableGroup(graph.client, entitlement.groupId)))
          return { outcome: 'not_applicable' };
        const outcome = await revokeUserSessions(graph.client, target.principalId);
        return { outcome: outcome === 'revoked' ? 'revoked' : 'principal_not_user' };
      } catch (error) {
        throw refusalOf(error);
      }
    },
  };
}

/** A missing permission names the one to grant; other permanent refusals as every access activity reports them. */
function refusalOf(error: unknown): unknown {
  if (classifyGraphError(error) !== FAILURES.forbidden) return toFailure(error);
  return ApplicationFailure.nonRetryable(
    `Graph refused to revoke the sign-in sessions (HTTP 403): the connector needs ${REVOKE_SESSIONS_PERMISSION} ` +
      '(or User.ReadWrite.All); grant it to Lantern in the tenant and consent again.',
    ACCESS_FAILURES.refused,
  );
}
