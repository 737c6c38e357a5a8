// My access: a person's grants (/access), give back or withdraw (revoke, as the API does), extend (a new request for
// the live pair, which the workflow takes as an extension), and /access/status.json for live-stage.js. Registered by
// request-pages.ts, inside its plugin (form bodies, page headers).
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { requirePage } from '../http/auth.js';
import { ApiError } from '../http/errors.js';
import { refuse, sendPage, viewerOf } from '../pages/page.js';
import { myAccessItems, sectionOf } from './my-access-model.js';
import { MY_ACCESS_NOTICES, renderMyAccess, type MyAccessNotice } from './my-access-views.js';
import { requestAccess } from './request-access.js';
import type { RequesterPageDeps } from './request-pages.js';

const REQUESTER_PAGE = requirePage('requester');
const GrantId = Type.String({ pattern: '^grant:[A-Za-z0-9_.:~-]{1,400}$' });
const Csrf = Type.Optional(Type.String({ maxLength: 200 }));
const NoticeQuery = Type.Object({
  done: Type.Optional(Type.Union(Object.keys(MY_ACCESS_NOTICES).map((key) => Type.Literal(key)))),
});
const GiveBackForm = Type.Object({ grantId: GrantId, _csrf: Csrf }, { additionalProperties: false });
const ExtendForm = Type.Object(
  { grantId: GrantId, durationSeconds: Type.String({ pattern: '^[0-9]{1,9}$' }), _csrf: Csrf },
  { additionalProperties: false },
);
const EXTENSION_OUTCOME: Record<string, MyAccessNotice> = {
  created: 'requested',
  extended: 'extended',
  pending: 'extension-pending',
  repeated: 'extension-pending',
  queued: 'extension-queued',
};

export const myAccessRoutes: FastifyPluginAsyncTypebox<{ deps: RequesterPageDeps }> = async (app, { deps }) => {
  const { db, actions, temporal, temporalUi } = deps;

  app.get(
    '/access',
    { config: REQUESTER_PAGE, schema: { hide: true, querystring: NoticeQuery } },
    async (request, reply) => {
      const subject = request.principal?.subject;
      if (!subject) return notAPerson(reply);
      const items = await myAccessItems(db, subject);
      const done = request.query.done as MyAccessNotice | undefined;
      return sendPage(reply, 200, renderMyAccess(viewerOf(request)!, items, temporalUi, done));
    },
  );

  app.get('/access/status.json', { config: REQUESTER_PAGE, schema: { hide: true } }, async (request, reply) => {
    const subject = request.principal?.subject;
    if (!subject) return reply.code(403).send({ items: [] });
    const items = await myAccessItems(db, subject, false);
    return {
      items: items.map((item) => ({
        grantId: item.row.workflow_id,
        stage: item.row.stage,
        section: sectionOf(item.row.stage),
        stageText: item.stageText,
      })),
    };
  });

  app.post(
    '/access/give-back',
    { config: REQUESTER_PAGE, schema: { hide: true, body: GiveBackForm } },
    async (request, reply) => {
      if (!request.principal?.subject) return notAPerson(reply);
      try {
        const { row } = await actions.revoke(
          request.principal,
          request.body.grantId,
          'given back on the My access page',
        );
        return reply.redirect(`/access?done=${row.stage === 'active' ? 'returned' : 'withdrawn'}`, 303);
      } catch (error) {
        return refused(reply, error);
      }
    },
  );

  app.post(
    '/access/extend',
    { config: REQUESTER_PAGE, schema: { hide: true, body: ExtendForm } },
    async (request, reply) => {
      const principal = request.principal;
      if (!principal?.subject) return notAPerson(reply);
      try {
        const row = await actions.visibleGrant(principal, request.body.grantId);
        const outcome = await requestAccess(db, temporal, principal, row.connector_id, {
          entitlementId: row.entitlement_id,
          principalId: row.principal_id,
          durationSeconds: Number(request.body.durationSeconds),
          justification: 'Extension asked for on the My access page',
        });
        return reply.redirect(`/access?done=${EXTENSION_OUTCOME[outcome.kind] ?? 'extended'}`, 303);
      } catch (error) {
        return refused(reply, error);
      }
    },
  );

  // The old address of this page (its links are in emails already sent). Registered only once the approvals plugin
  // no longer answers it itself, so the two plugins can change independently.
  if (!app.hasRoute({ method: 'GET', url: '/my-requests' }))
    app.get('/my-requests', { config: REQUESTER_PAGE, schema: { hide: true } }, async (_request, reply) =>
      reply.redirect('/access', 301),
    );
};

/** A credential that names no person (an admin or API token): this page shows a person's own access. */
function notAPerson(reply: FastifyReply): FastifyReply {
  return refuse(reply, {
    status: 403,
    title: 'Sign in as a person',
    message: 'My access shows your own access, so it needs you signed in with Microsoft.',
    next: { href: '/sign-in', label: 'Sign in with Microsoft' },
  });
}

/** What the rules refused (404 not yours, 409 already ended, 422 over the policy) as a page with a way back. */
function refused(reply: FastifyReply, error: unknown): FastifyReply {
  if (!(error instanceof ApiError) || error.statusCode >= 500) throw error;
  return refuse(reply, {
    status: error.statusCode,
    title: error.statusCode === 409 ? 'Nothing was changed' : 'This cannot be done',
    message: error.message,
    next: { href: '/access', label: 'Back to My access' },
  });
}
