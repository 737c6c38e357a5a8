// One-click extension from the expiry warning email: GET shows the grant (changes nothing), POST verifies the link
// again and sends requestAccess as the requester the link names, for the original request's duration, with a request
// id derived from the link (a double submit is one extension). The grant must still run: a link never starts a new
// grant. Outcomes: extended (new expiry), pending approval, queued, or already ended (409).
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { getAccessGrant, grantPairOf, latestRequestDetail } from '../../catalog/access/requests.js';
import { EXTENSION_LINK_PATH } from '../../lib/links/access.js';
import { readableTime } from '../../lib/time-text.js';
import { publicAccess } from '../http/auth.js';
import { confirm, refuse, sendPage, type Refusal } from '../pages/page.js';
import { badLink, Token, TokenQuery, unavailable, type EmailLinkDeps } from './link-pages.js';
import { renderExtensionPage } from './extension-page.js';

const ConfirmForm = Type.Object({ token: Token });

const LINK_MESSAGES = {
  expired: 'Extension links work until the access they were sent about ends. Request the access again through Lantern.',
  invalid: 'The link is incomplete or was not issued by Lantern. Open the link from the expiry warning email.',
};
const alreadyEnded: Refusal = {
  status: 409,
  title: 'This access has ended',
  message: 'The access this link was sent about has ended or is being removed. Request it again through Lantern.',
};

/** WorkflowNotFoundError, or the server's answer for an update to a run that has closed. */
const isClosed = (error: unknown) =>
  error instanceof WorkflowNotFoundError ||
  (error instanceof Error && /already completed|not found/i.test(error.message));

export const extensionRoutes: FastifyPluginAsyncTypebox<{ deps: EmailLinkDeps }> = async (app, { deps }) => {
  /** The link's live grant and the request its one click sends, else why not. */
  const extendable = async (token: string) => {
    const check = deps.links.extension.verify(token);
    if (!check.ok) return { refusal: badLink(check.reason, LINK_MESSAGES) };
    const grant = await getAccessGrant(deps.db, check.claims.grantId);
    if (!grant)
      return { refusal: { status: 404, title: 'No such access', message: 'Lantern has no record of this access.' } };
    if (grant.stage !== 'active') return { refusal: alreadyEnded };
    const original = await latestRequestDetail(deps.db, grant.workflow_id);
    if (!original.durationSeconds) return { refusal: alreadyEnded };
    const request = {
      requestId: check.requestId,
      requesterId: check.claims.requesterId,
      durationSeconds: original.durationSeconds,
      justification: 'extension requested from the expiry warning email',
      ...(original.ticket ? { ticket: original.ticket } : {}),
    };
    return { grant, request, runId: check.claims.runId };
  };

  app.get(
    EXTENSION_LINK_PATH,
    { config: publicAccess, schema: { hide: true, querystring: TokenQuery } },
    async (request, reply) => {
      const token = request.query.token ?? '';
      const found = await extendable(token);
      if (found.refusal) return refuse(reply, found.refusal);
      const { grant } = found;
      return sendPage(
        reply,
        200,
        renderExtensionPage({
          principalUpn: grant.principal_upn,
          entitlementId: grant.entitlement_id,
          expiresAt: grant.expires_at?.toISOString() ?? null,
          extensionSeconds: found.request.durationSeconds,
          action: EXTENSION_LINK_PATH,
          token,
        }),
      );
    },
  );

  app.post(
    EXTENSION_LINK_PATH,
    { config: publicAccess, schema: { hide: true, body: ConfirmForm } },
    async (request, reply) => {
      const found = await extendable(request.body.token);
      if (found.refusal) return refuse(reply, found.refusal);
      const access = deps.access();
      if (!access) return refuse(reply, unavailable('Extensions'));
      const { grant } = found;
      let outcome;
      try {
        outcome = await access.extend(grantPairOf(grant), found.request, found.runId);
      } catch (error) {
        // The workflow's validators name the rule (e.g. grant_ending once removal has started).
        if (error instanceof WorkflowUpdateFailedError)
          return refuse(reply, { ...alreadyEnded, message: error.cause?.message ?? error.message });
        if (isClosed(error)) return refuse(reply, alreadyEnded);
        throw error;
      }
      const until = outcome.status.expiresAt ? readableTime(outcome.status.expiresAt) : 'unknown';
      if (outcome.kind === 'pending') {
        return confirm(
          reply,
          'Extension requested',
          `The extension awaits approval; the approvers were emailed. Until one approves, ${grant.entitlement_id} ends at ${until}.`,
        );
      }
      // The catalog records the access as active a moment before the workflow does: the extension applies when it does.
      if (outcome.kind === 'queued') {
        return confirm(
          reply,
          'Extension requested',
          `The extension applies as soon as ${grant.entitlement_id} is in place for ${grant.principal_upn}.`,
        );
      }
      return confirm(reply, 'Access extended', `${grant.principal_upn} keeps ${grant.entitlement_id} until ${until}.`);
    },
  );
};
