// Approval by email link: GET shows the request (changes nothing), POST verifies the link again and sends the
// approve/deny update as the approver the link names, scoped to the one request the link was issued for (the first
// request, or one extension of live access: a link for an earlier extension never decides a later one). Public by
// decision: the signed, scoped, expiring link is the credential. Forged links are 403, expired 410, decided (replayed)
// or refused by the workflow's rules 409. The extension page (access-extension.ts) is registered alongside.
import formBody from '@fastify/formbody';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { APPROVAL_LINK_PATH, type ApprovalLinkCheck, type ApprovalLinks } from '../../activities/access/notify-links.js';
import { readableTime } from '../../activities/access/notify-email.js';
import { accessDb } from '../../catalog/access/schema.js';
import type { CatalogSchema } from '../../catalog/schema.js';
import { publicAccess } from '../auth.js';
import { renderApprovalOutcome, renderApprovalPage } from '../pages/access-approval.js';
import type { AccessTemporal } from './access-temporal.js';
import { accessExtensionRoutes } from './access-extension.js';

export interface AccessApprovalDeps {
  db: Kysely<CatalogSchema>;
  links: ApprovalLinks;
  /** null when Temporal is not configured. */
  access: () => AccessTemporal | null;
}

const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 4096 })) });
const DecisionForm = Type.Object({ token: Type.String({ minLength: 1, maxLength: 4096 }), decision: Type.Union([Type.Literal('approve'), Type.Literal('deny')]) });

type Refusal = { status: number; title: string; message: string };

const linkRefusal = (check: Extract<ApprovalLinkCheck, { ok: false }>): Refusal => (check.reason === 'expired'
  ? { status: 410, title: 'This link has expired', message: 'Approval links work until the request times out. The request can no longer be decided by this link.' }
  : { status: 403, title: 'This link is not valid', message: 'The link is incomplete or was not issued by Lantern. Open the link from the approval email.' });

const alreadyDecided: Refusal = { status: 409, title: 'Nothing left to decide', message: 'This request has already been decided, withdrawn or has timed out.' };

export const accessApprovalRoutes: FastifyPluginAsyncTypebox<{ deps: AccessApprovalDeps }> = async (app, { deps }) => {
  await app.register(formBody);
  await app.register(accessExtensionRoutes, { deps });
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store').header('x-frame-options', 'DENY').header('referrer-policy', 'no-referrer')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
  });
  const page = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').send(body);
  const refuse = (reply: FastifyReply, r: Refusal) => page(reply, r.status, renderApprovalOutcome({ title: r.title, message: r.message, ok: false }));

  /** The link's grant if its request can still be decided (with the pending extension, when that is what it decides), else why not. */
  const pendingGrant = async (token: string) => {
    const check = deps.links.verify(token);
    if (!check.ok) return { refusal: linkRefusal(check) };
    const grant = await accessDb(deps.db).selectFrom('access_grants').selectAll().where('workflow_id', '=', check.claims.grantId).executeTakeFirst();
    if (!grant) return { refusal: { status: 404, title: 'No such request', message: 'Lantern has no record of this request.' } };
    const { approverId, requestId } = check.claims;
    if (grant.stage === 'pending_approval') return { grant, approverId, requestId, extension: null };
    // Live access: only a link scoped to the extension awaiting a decision right now (the workflow checks it again).
    const access = deps.access();
    if (grant.stage !== 'active' || !requestId || !access) return { refusal: alreadyDecided };
    const pair = { connectorId: grant.connector_id, entitlementId: grant.entitlement_id, principalId: grant.principal_id };
    const live = await access.status(pair).catch(() => null);
    if (!live || live.pendingExtension?.requestId !== requestId) return { refusal: alreadyDecided };
    return { grant, approverId, requestId, extension: { ...live.pendingExtension, expiresAt: live.expiresAt } };
  };

  app.get(APPROVAL_LINK_PATH, { config: publicAccess, schema: { hide: true, querystring: TokenQuery } }, async (request, reply) => {
    const token = request.query.token ?? '';
    const found = await pendingGrant(token);
    if (found.refusal) return refuse(reply, found.refusal);
    const { grant, extension } = found;
    if (extension) {
      return page(reply, 200, renderApprovalPage({
        principalUpn: grant.principal_upn, requesterId: extension.requesterId, entitlementId: grant.entitlement_id,
        durationSeconds: extension.durationSeconds, justification: extension.justification, ticket: extension.ticket, action: APPROVAL_LINK_PATH, token,
        extension: { currentExpiry: extension.expiresAt },
      }));
    }
    const asked = await deps.db.selectFrom('audit_log').select('detail').where('subject', '=', grant.workflow_id)
      .where('action', '=', 'access.requested').orderBy('id', 'desc').limit(1).executeTakeFirst();
    const detail = (asked?.detail ?? {}) as { durationSeconds?: number; justification?: string; ticket?: string };
    return page(reply, 200, renderApprovalPage({
      principalUpn: grant.principal_upn, requesterId: grant.requester_id, entitlementId: grant.entitlement_id,
      durationSeconds: detail.durationSeconds ?? null, justification: detail.justification ?? null, ticket: detail.ticket ?? null,
      action: APPROVAL_LINK_PATH, token,
    }));
  });

  app.post(APPROVAL_LINK_PATH, { config: publicAccess, schema: { hide: true, body: DecisionForm } }, async (request, reply) => {
    const found = await pendingGrant(request.body.token);
    if (found.refusal) return refuse(reply, found.refusal);
    const access = deps.access();
    if (!access) return refuse(reply, { status: 503, title: 'Decisions are unavailable', message: 'Lantern cannot reach its workflow engine right now. Try again later.' });
    const { grant, approverId, requestId, extension } = found;
    const pair = { connectorId: grant.connector_id, entitlementId: grant.entitlement_id, principalId: grant.principal_id };
    const decision = { approverId, comment: 'decided through the emailed approval link', ...(requestId ? { requestId } : {}) };
    const approve = request.body.decision === 'approve';
    let status;
    try {
      status = await (approve ? access.approve(pair, decision) : access.deny(pair, decision));
    } catch (error) {
      // The workflow's validators name the rule (self-approval, not an approver, not pending).
      if (error instanceof WorkflowUpdateFailedError) return refuse(reply, { status: 409, title: 'This decision was refused', message: error.cause?.message ?? error.message });
      if (error instanceof WorkflowNotFoundError) return refuse(reply, alreadyDecided);
      throw error;
    }
    if (extension) {
      const until = status.expiresAt ? readableTime(status.expiresAt) : 'unknown';
      return page(reply, 200, renderApprovalOutcome({ ok: true, title: approve ? 'Extension approved' : 'Extension denied',
        message: approve ? `${grant.principal_upn} keeps ${grant.entitlement_id} until ${until}.` : `The extension was denied: ${grant.principal_upn} keeps ${grant.entitlement_id} until ${until}.` }));
    }
    return page(reply, 200, renderApprovalOutcome({ ok: true, title: approve ? 'Approved' : 'Denied',
      message: approve ? `${grant.principal_upn} gets ${grant.entitlement_id}; Lantern is provisioning it now.` : `The request of ${grant.principal_upn} for ${grant.entitlement_id} was denied.` }));
  });
};
