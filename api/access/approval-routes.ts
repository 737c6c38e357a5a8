// Approval by email link: GET shows the request (changes nothing), POST verifies the link again and sends the
// approve/deny update as the approver the link names, scoped to the one request the link was issued for (the first
// request, or one extension of live access: a link for an earlier extension never decides a later one). Decided
// (replayed) requests and decisions the workflow's rules refuse are 409; an approver Entra no longer names is 403.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { getAccessGrant, grantPairOf, latestRequestDetail } from '../../catalog/access/requests.js';
import { APPROVAL_LINK_PATH } from '../../lib/links/access.js';
import { readableTime } from '../../lib/time-text.js';
import { publicAccess } from '../http/auth.js';
import { confirm, refuse, sendPage, type Refusal } from '../pages/page.js';
import { renderApprovalPage } from './approval-page.js';
import { badLink, Token, TokenQuery, unavailable, type EmailLinkDeps } from './link-pages.js';
import { defaultApproverRights } from './rights.js';

const DecisionForm = Type.Object({
  token: Token,
  decision: Type.Union([Type.Literal('approve'), Type.Literal('deny')]),
});

const LINK_MESSAGES = {
  expired: 'Approval links work until the request times out. The request can no longer be decided by this link.',
  invalid: 'The link is incomplete or was not issued by Lantern. Open the link from the approval email.',
};
const noLongerApprover: Refusal = {
  status: 403,
  title: 'You can no longer decide this request',
  message:
    "Entra no longer names you an approver of this request (as of Lantern's last sync), so this link cannot decide it.",
};
const alreadyDecided: Refusal = {
  status: 409,
  title: 'Nothing left to decide',
  message: 'This request has already been decided, withdrawn or has timed out.',
};

export const approvalRoutes: FastifyPluginAsyncTypebox<{ deps: EmailLinkDeps }> = async (app, { deps }) => {
  /** The link's grant if its request can still be decided (with the pending extension, when that is what it decides), else why not. */
  const pendingGrant = async (token: string) => {
    const check = deps.links.verify(token);
    if (!check.ok) return { refusal: badLink(check.reason, LINK_MESSAGES) };
    const grant = await getAccessGrant(deps.db, check.claims.grantId);
    if (!grant)
      return { refusal: { status: 404, title: 'No such request', message: 'Lantern has no record of this request.' } };
    const { approverId, requestId } = check.claims;
    // Someone the request named who has since lost the right in Entra (the workflow, holding the snapshot, would accept).
    const rights = deps.rights ?? defaultApproverRights;
    if (grant.approver_ids.includes(approverId) && !(await rights.liveApproverIds(deps.db, grant)).includes(approverId))
      return { refusal: noLongerApprover };
    if (grant.stage === 'pending_approval') return { grant, approverId, requestId, extension: null };
    // Live access: only a link scoped to the extension awaiting a decision right now (the workflow checks it again).
    const access = deps.access();
    if (grant.stage !== 'active' || !requestId || !access) return { refusal: alreadyDecided };
    const live = await access.status(grantPairOf(grant)).catch(() => null);
    if (!live || live.pendingExtension?.requestId !== requestId) return { refusal: alreadyDecided };
    return { grant, approverId, requestId, extension: { ...live.pendingExtension, expiresAt: live.expiresAt } };
  };

  app.get(
    APPROVAL_LINK_PATH,
    { config: publicAccess, schema: { hide: true, querystring: TokenQuery } },
    async (request, reply) => {
      const token = request.query.token ?? '';
      const found = await pendingGrant(token);
      if (found.refusal) return refuse(reply, found.refusal);
      const { grant, extension } = found;
      if (extension) {
        return sendPage(
          reply,
          200,
          renderApprovalPage({
            principalUpn: grant.principal_upn,
            requesterId: extension.requesterId,
            entitlementId: grant.entitlement_id,
            durationSeconds: extension.durationSeconds,
            justification: extension.justification,
            ticket: extension.ticket,
            action: APPROVAL_LINK_PATH,
            token,
            extension: { currentExpiry: extension.expiresAt },
          }),
        );
      }
      const asked = await latestRequestDetail(deps.db, grant.workflow_id);
      return sendPage(
        reply,
        200,
        renderApprovalPage({
          principalUpn: grant.principal_upn,
          requesterId: grant.requester_id,
          entitlementId: grant.entitlement_id,
          durationSeconds: asked.durationSeconds ?? null,
          justification: asked.justification ?? null,
          ticket: asked.ticket ?? null,
          action: APPROVAL_LINK_PATH,
          token,
        }),
      );
    },
  );

  app.post(
    APPROVAL_LINK_PATH,
    { config: publicAccess, schema: { hide: true, body: DecisionForm } },
    async (request, reply) => {
      const found = await pendingGrant(request.body.token);
      if (found.refusal) return refuse(reply, found.refusal);
      const access = deps.access();
      if (!access) return refuse(reply, unavailable('Decisions'));
      const { grant, approverId, requestId, extension } = found;
      const decision = {
        approverId,
        comment: 'decided through the emailed approval link',
        ...(requestId ? { requestId } : {}),
      };
      const approve = request.body.decision === 'approve';
      let status;
      try {
        status = await (approve
          ? access.approve(grantPairOf(grant), decision)
          : access.deny(grantPairOf(grant), decision));
      } catch (error) {
        // The workflow's validators name the rule (self-approval, not an approver, not pending).
        if (error instanceof WorkflowUpdateFailedError)
          return refuse(reply, {
            status: 409,
            title: 'This decision was refused',
            message: error.cause?.message ?? error.message,
          });
        if (error instanceof WorkflowNotFoundError) return refuse(reply, alreadyDecided);
        throw error;
      }
      const who = grant.principal_upn;
      const what = grant.entitlement_id;
      if (extension) {
        const until = status.expiresAt ? readableTime(status.expiresAt) : 'unknown';
        return approve
          ? confirm(reply, 'Extension approved', `${who} keeps ${what} until ${until}.`)
          : confirm(reply, 'Extension denied', `The extension was denied: ${who} keeps ${what} until ${until}.`);
      }
      return approve
        ? confirm(reply, 'Approved', `${who} gets ${what}; Lantern is provisioning it now.`)
        : confirm(reply, 'Denied', `The request of ${who} for ${what} was denied.`);
    },
  );
};
