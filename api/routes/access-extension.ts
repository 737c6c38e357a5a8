// One-click extension from the expiry warning email: GET shows the grant (changes nothing), POST verifies the link
// again and sends requestAccess as the requester the link names, for the original request's duration, with a request
// id derived from the link (a double submit is one extension). The grant must still run: a link never starts a new
// grant. Outcomes: extended (new expiry), pending approval, already ended 409, forged 403, expired 410.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { FastifyReply } from 'fastify';
import { readableTime } from '../../activities/access/notify-email.js';
import { EXTENSION_LINK_PATH, type ExtensionLinkCheck } from '../../activities/access/notify-links.js';
import { accessDb } from '../../catalog/access/schema.js';
import { publicAccess } from '../auth.js';
import { renderApprovalOutcome } from '../pages/access-approval.js';
import { renderExtensionPage } from '../pages/access-extension.js';
import type { AccessApprovalDeps } from './access-approval.js';

const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 4096 })) });
const ConfirmForm = Type.Object({ token: Type.String({ minLength: 1, maxLength: 4096 }) });

type Refusal = { status: number; title: string; message: string };

const linkRefusal = (check: Extract<ExtensionLinkCheck, { ok: false }>): Refusal => (check.reason === 'expired'
  ? { status: 410, title: 'This link has expired', message: 'Extension links work until the access they were sent about ends. Request the access again through Lantern.' }
  : { status: 403, title: 'This link is not valid', message: 'The link is incomplete or was not issued by Lantern. Open the link from the expiry warning email.' });

const alreadyEnded: Refusal = { status: 409, title: 'This access has ended', message: 'The access this link was sent about has ended or is being removed. Request it again through Lantern.' };

/** WorkflowNotFoundError, or the server's answer for an update to a run that has closed. */
const isClosed = (error: unknown) => error instanceof WorkflowNotFoundError
  || (error instanceof Error && /already completed|not found/i.test(error.message));

export const accessExtensionRoutes: FastifyPluginAsyncTypebox<{ deps: AccessApprovalDeps }> = async (app, { deps }) => {
  const page = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').send(body);
  const refuse = (reply: FastifyReply, r: Refusal) => page(reply, r.status, renderApprovalOutcome({ title: r.title, message: r.message, ok: false }));

  /** The link's live grant and the request its one click sends, else why not. */
  const extendable = async (token: string) => {
    const check = deps.links.extension.verify(token);
    if (!check.ok) return { refusal: linkRefusal(check) };
    const grant = await accessDb(deps.db).selectFrom('access_grants').selectAll().where('workflow_id', '=', check.claims.grantId).executeTakeFirst();
    if (!grant) return { refusal: { status: 404, title: 'No such access', message: 'Lantern has no record of this access.' } };
    if (grant.stage !== 'active') return { refusal: alreadyEnded };
    const asked = await deps.db.selectFrom('audit_log').select('detail').where('subject', '=', grant.workflow_id)
      .where('action', '=', 'access.requested').orderBy('id', 'desc').limit(1).executeTakeFirst();
    const original = (asked?.detail ?? {}) as { durationSeconds?: number; ticket?: string };
    if (!original.durationSeconds) return { refusal: alreadyEnded };
    const request = {
      requestId: check.requestId, requesterId: check.claims.requesterId, durationSeconds: original.durationSeconds,
      justification: 'extension requested from the expiry warning email', ...(original.ticket ? { ticket: original.ticket } : {}),
    };
    return { grant, request, runId: check.claims.runId };
  };

  app.get(EXTENSION_LINK_PATH, { config: publicAccess, schema: { hide: true, querystring: TokenQuery } }, async (request, reply) => {
    const token = request.query.token ?? '';
    const found = await extendable(token);
    if (found.refusal) return refuse(reply, found.refusal);
    const { grant } = found;
    return page(reply, 200, renderExtensionPage({
      principalUpn: grant.principal_upn, entitlementId: grant.entitlement_id, expiresAt: grant.expires_at?.toISOString() ?? null,
      extensionSeconds: found.request.durationSeconds, action: EXTENSION_LINK_PATH, token,
    }));
  });

  app.post(EXTENSION_LINK_PATH, { config: publicAccess, schema: { hide: true, body: ConfirmForm } }, async (request, reply) => {
    const found = await extendable(request.body.token);
    if (found.refusal) return refuse(reply, found.refusal);
    const access = deps.access();
    if (!access) return refuse(reply, { status: 503, title: 'Extensions are unavailable', message: 'Lantern cannot reach its workflow engine right now. Try again later.' });
    const { grant } = found;
    const pair = { connectorId: grant.connector_id, entitlementId: grant.entitlement_id, principalId: grant.principal_id };
    let outcome;
    try {
      outcome = await access.extend(pair, found.request, found.runId);
    } catch (error) {
      // The workflow's validators name the rule (e.g. grant_ending once removal has started).
      if (error instanceof WorkflowUpdateFailedError) return refuse(reply, { ...alreadyEnded, message: error.cause?.message ?? error.message });
      if (isClosed(error)) return refuse(reply, alreadyEnded);
      throw error;
    }
    const until = outcome.status.expiresAt ? readableTime(outcome.status.expiresAt) : 'unknown';
    if (outcome.kind === 'pending') {
      return page(reply, 200, renderApprovalOutcome({ ok: true, title: 'Extension requested', message: `The extension awaits approval; the approvers were emailed. Until one approves, ${grant.entitlement_id} ends at ${until}.` }));
    }
    // The catalog records the access as active a moment before the workflow does: the extension applies when it does.
    if (outcome.kind === 'queued') {
      return page(reply, 200, renderApprovalOutcome({ ok: true, title: 'Extension requested', message: `The extension applies as soon as ${grant.entitlement_id} is in place for ${grant.principal_upn}.` }));
    }
    return page(reply, 200, renderApprovalOutcome({ ok: true, title: 'Access extended', message: `${grant.principal_upn} keeps ${grant.entitlement_id} until ${until}.` }));
  });
};
