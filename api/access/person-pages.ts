// Pages for people signed in with Microsoft: /my-requests (their requests, with withdraw / give back) and /approvals
// (what Entra lets them decide now, with Approve / Deny). Forms act through the same actions as the JSON API and
// redirect back with a notice (303, so a reload does not post again); a refused action is a page saying why.
import formBody from '@fastify/formbody';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import {
  findRequestPrincipal,
  latestRequestDetail,
  listVisibleGrants,
  type AccessGrantRow,
} from '../../catalog/access/requests.js';
import type { CatalogSchema } from '../../catalog/index.js';
import { csrfTokenFor, requirePage } from '../http/auth.js';
import { ApiError } from '../http/errors.js';
import { installPageHeaders, refuse, sendPage } from '../pages/page.js';
import type { AccessActions } from './actions.js';
import { NOTICES, renderApprovals, renderMyRequests, type Notice, type PendingApproval } from './person-page-views.js';
import type { ApproverRights } from './rights.js';

export interface PersonPageDeps {
  db: Kysely<CatalogSchema>;
  rights: ApproverRights;
  actions: AccessActions;
}

/** People of a connected tenant (sessions give them both roles; object-level checks decide the rest). */
const PERSON_PAGE = requirePage('requester', 'approver');
const PAGE_SIZE = 100;

const GrantId = Type.String({ pattern: '^grant:[A-Za-z0-9_.:~-]{1,400}$' });
const Csrf = Type.Optional(Type.String({ maxLength: 200 }));
const NoticeQuery = Type.Object({
  done: Type.Optional(Type.Union(Object.keys(NOTICES).map((key) => Type.Literal(key)))),
});
const RevokeForm = Type.Object({ grantId: GrantId, _csrf: Csrf }, { additionalProperties: false });
const DecisionForm = Type.Object(
  {
    grantId: GrantId,
    decision: Type.Union([Type.Literal('approve'), Type.Literal('deny')]),
    comment: Type.Optional(Type.String({ maxLength: 2000 })),
    _csrf: Csrf,
  },
  { additionalProperties: false },
);

export const personPageRoutes: FastifyPluginAsyncTypebox<{ deps: PersonPageDeps }> = async (app, { deps }) => {
  const { db, rights, actions } = deps;
  await app.register(formBody);
  installPageHeaders(app, { selfScripts: true });

  app.get(
    '/my-requests',
    { config: PERSON_PAGE, schema: { hide: true, querystring: NoticeQuery } },
    async (request, reply) => {
      const subject = request.principal?.subject;
      if (!subject) return notAPerson(reply);
      const rows = await listVisibleGrants(db, { subject, admin: false, approver: false }, { limit: PAGE_SIZE });
      return sendPage(
        reply,
        200,
        renderMyRequests(rows, csrfTokenFor(request), request.query.done as Notice | undefined),
      );
    },
  );

  app.post(
    '/my-requests/revoke',
    { config: PERSON_PAGE, schema: { hide: true, body: RevokeForm } },
    async (request, reply) => {
      if (!request.principal?.subject) return notAPerson(reply);
      try {
        const { row } = await actions.revoke(request.principal, request.body.grantId, 'ended on the My requests page');
        return reply.redirect(`/my-requests?done=${row.stage === 'active' ? 'returned' : 'withdrawn'}`, 303);
      } catch (error) {
        return refused(reply, error, '/my-requests', 'My requests');
      }
    },
  );

  app.get(
    '/approvals',
    { config: PERSON_PAGE, schema: { hide: true, querystring: NoticeQuery } },
    async (request, reply) => {
      const subject = request.principal?.subject;
      if (!subject) return notAPerson(reply);
      const viewer = {
        subject,
        admin: false,
        approver: true,
        mayDecide: (row: AccessGrantRow) => rights.isLiveApprover(db, subject, row),
      };
      const rows = await listVisibleGrants(db, viewer, {
        stage: 'pending_approval',
        toDecide: true,
        limit: PAGE_SIZE,
      });
      const items = await Promise.all(rows.map((row) => pendingApproval(db, row)));
      return sendPage(
        reply,
        200,
        renderApprovals(items, csrfTokenFor(request), request.query.done as Notice | undefined),
      );
    },
  );

  app.post(
    '/approvals/decide',
    { config: PERSON_PAGE, schema: { hide: true, body: DecisionForm } },
    async (request, reply) => {
      if (!request.principal?.subject) return notAPerson(reply);
      const { grantId, decision, comment } = request.body;
      try {
        await actions.decide(request.principal, grantId, decision, comment?.trim() || undefined);
        return reply.redirect(`/approvals?done=${decision === 'approve' ? 'approved' : 'denied'}`, 303);
      } catch (error) {
        return refused(reply, error, '/approvals', 'Approvals');
      }
    },
  );
};

/** A credential that names no person (an admin or API token): these pages show a person's own requests. */
function notAPerson(reply: FastifyReply): FastifyReply {
  return refuse(reply, {
    status: 403,
    title: 'Sign in as a person',
    message: 'These pages show your own requests and approvals, so they need you signed in with Microsoft.',
    next: { href: '/sign-in', label: 'Sign in with Microsoft' },
  });
}

/** What the approver needs to decide: who asked, for how long and why (from the request's audit row). */
async function pendingApproval(db: Kysely<CatalogSchema>, row: AccessGrantRow): Promise<PendingApproval> {
  const [asked, requester] = await Promise.all([
    latestRequestDetail(db, row.workflow_id),
    findRequestPrincipal(db, row.connector_id, row.requester_id),
  ]);
  return {
    row,
    requestedBy: requester?.upn ?? requester?.display_name ?? row.requester_id,
    durationSeconds: asked.durationSeconds ?? null,
    justification: asked.justification ?? null,
    ticket: asked.ticket ?? null,
  };
}

/** An action the rules refuse (403 not yours to decide, 404 not visible, 409 already decided) as a page with a way back. */
function refused(reply: FastifyReply, error: unknown, back: string, backLabel: string): FastifyReply {
  if (!(error instanceof ApiError) || error.statusCode >= 500) throw error;
  const title = error.statusCode === 409 ? 'Nothing was changed' : 'This is not yours to change';
  return refuse(reply, {
    status: error.statusCode,
    title,
    message: error.message,
    next: { href: back, label: `Back to ${backLabel}` },
  });
}
