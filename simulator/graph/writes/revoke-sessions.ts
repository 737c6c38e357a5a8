// POST /users/{id}/revokeSignInSessions: resets the user's signInSessionsValidFromDateTime so refresh tokens and
// session cookies issued before now stop working, and answers `{ value: true }` as Graph does (user-revokesigninsessions.md).
import { isoAt } from '../../model/gen-context.js';
import type { Tenant } from '../../model/tenant.js';
import { auditTarget } from '../../model/audit.js';
import { graphErrors } from '../errors.js';

/** Least privileged first; the others are the documented higher-privileged alternatives. */
export const REVOKE_SESSIONS_PERMISSIONS = [
  ['User.RevokeSessions.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
];

export function revokeSignInSessions(tenant: Tenant, userIdOrUpn: string, now: number): void {
  const user =
    tenant.users.get(userIdOrUpn.toLowerCase()) ??
    [...tenant.users.values()].find((u) => u.userPrincipalName.toLowerCase() === userIdOrUpn.toLowerCase());
  if (!user) throw graphErrors.notFound(userIdOrUpn);
  // Not a delta change: signInSessionsValidFromDateTime is a read-only service property.
  user.signInSessionsValidFromDateTime = isoAt(now);
  tenant.sessionsRevokedAt.set(user.id, now);
  tenant.audit({
    // The activity Entra's audit reference lists for this change (Core Directory, UserManagement).
    activity: 'Update StsRefreshTokenValidFrom Timestamp',
    category: 'UserManagement',
    operationType: 'Update',
    targets: [
      auditTarget('user', user.id, user, [
        { displayName: 'StsRefreshTokensValidFrom', oldValue: null, newValue: JSON.stringify(isoAt(now)) },
      ]),
    ],
  });
}
