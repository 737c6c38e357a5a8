// Ending a user's sign-in sessions after privileged access is removed (policy v2 revokeSessions), and the one fact
// that decides whether a group's access is privileged: isAssignableToRole (fixed when the group is created).
// POST /users/{id}/revokeSignInSessions needs User.RevokeSessions.All, or User.ReadWrite.All / Directory.ReadWrite.All.
import type { Client } from '@microsoft/microsoft-graph-client';
import { classifyGraphError } from '../outcomes.js';

export const REVOKE_SESSIONS_PERMISSION = 'User.RevokeSessions.All';

/** True when the group can hold directory roles (its members and owners then hold privileged access). */
export async function isRoleAssignableGroup(client: Client, groupId: string): Promise<boolean> {
  const group = (await client.api(`/groups/${groupId}`).select(['id', 'isAssignableToRole']).get()) as {
    isAssignableToRole?: boolean | null;
  };
  return group.isAssignableToRole === true;
}

/**
 * Resets the user's signInSessionsValidFromDateTime: refresh tokens and session cookies issued before now stop
 * working. Idempotent (a second call only moves the moment). 'not_a_user' when Graph has no user with this id (a
 * service principal or managed identity, or a user deleted since): there is no session of theirs to end.
 */
export async function revokeUserSessions(client: Client, userId: string): Promise<'revoked' | 'not_a_user'> {
  try {
    await client.api(`/users/${userId}/revokeSignInSessions`).post({});
    return 'revoked';
  } catch (error) {
    if (classifyGraphError(error) === 'NotFound') return 'not_a_user';
    throw error;
  }
}
