// Attributes directory changes to the caller, so auditLogs/directoryAudits can say who made them: the signed-in
// user for delegated tokens, the calling app's service principal for app-only tokens.
import { randomUUID } from 'node:crypto';
import type { AuditActor } from '../../model/audit.js';
import type { GraphRequest, GraphResponse } from '../route.js';

type Handler = (req: GraphRequest) => GraphResponse | undefined | Promise<GraphResponse | undefined>;

export function actorOf(req: GraphRequest): AuditActor {
  const correlationId = req.header('client-request-id') ?? randomUUID();
  const { caller, tenant } = req;
  if (caller.userId) {
    const user = tenant.users.get(caller.userId);
    return {
      user: {
        id: caller.userId,
        displayName: user?.displayName ?? null,
        userPrincipalName: user?.userPrincipalName ?? null,
        ipAddress: req.raw.ip ?? null,
      },
      app: null,
      correlationId,
    };
  }
  const sp = [...tenant.servicePrincipals.values()].find((s) => s.appId === caller.appId);
  return {
    user: null,
    app: {
      appId: caller.appId,
      displayName: sp?.displayName ?? null,
      servicePrincipalId: sp?.id ?? null,
      servicePrincipalName: sp?.displayName ?? null,
    },
    correlationId,
  };
}

/** Runs a write handler with the tenant's actor set; writes apply synchronously, so the actor cannot leak. */
export function withActor(handler: Handler): Handler {
  return (req) => {
    const previous = req.tenant.actor;
    req.tenant.actor = actorOf(req);
    try {
      return handler(req);
    } finally {
      req.tenant.actor = previous;
    }
  };
}
