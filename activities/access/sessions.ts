// Revocation that bites (policy v2 revokeSessions): after a directory role or a role-assignable group is removed, end
// the user's sign-in sessions through Graph (POST /users/{id}/revokeSignInSessions) so tokens issued while they held
// it stop working. KERNEL STUB: helper C implements.
import type { GrantTarget, SessionRevocationResult } from './contract.js';
import type { AccessActivityDeps } from './index.js';

export function createSessionActivities(_deps: AccessActivityDeps) {
  return {
    /** Idempotent (revoking twice is harmless); not_applicable for kinds other than roles / role-assignable groups. */
    async revokeSignInSessions(_target: GrantTarget): Promise<SessionRevocationResult> {
      throw new Error('not implemented');
    },
  };
}
