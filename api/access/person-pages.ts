// The approver's pages: the inbox (/approvals, every decision waiting for the viewer), one item (/approvals/<grantId>,
// where approval emails link; showing it changes nothing) and /approvals/decide (one or many grants, one verdict and
// one comment). Each decision goes through the same action as the JSON API (actions.decide), one grant at a time, and
// the answer names every grant that was refused and why: nothing is half-done silently. Forms redirect back with a
// notice (303, so a reload does not post again); a refused form, including one that fails the schema, is a page.
// (My access and its /my-requests redirect belong to the requester's pages: api/access/my-access*.ts.)
import formBody from '@fastify/formbody';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { getAccessGrant } from '../../catalog/access/requests.js';
import type { CatalogSchema } from '../../catalog/index.js';
import type { AccessTemporal } from '../../temporal/clients/access.js';
import { requirePage } from '../http/auth.js';
import { ApiError } from '../http/errors.js';
import { installPageHeaders, refuse, sendPage, viewerOf } from '../pages/page.js';
import type { TemporalUi } from '../pages/temporal-ui.js';
import type { AccessActions } from './actions.js';
import { entitlementNames, loadInbox, loadItem, whatBecameOf, type InboxSources } from './approval-inbox.js';
import {
  DECIDE_PATH,
  INBOX_PATH,
  NOTICES,
  renderDecideResult,
  renderInbox,
  renderItem,
  type DecideOutcome,
  type Notice,
} from './approval-inbox-views.js';
import type { ApproverRights } from './rights.js';

export interface PersonPageDeps {
  db: Kysely<CatalogSchema>;
  rights: ApproverRights;
  actions: AccessActions;
  /** null when Temporal is not configured (extensions awaiting approval are read from their workflows). */
  access: () => AccessTemporal | null;
  temporalUi: TemporalUi;
}

/** People of a connected tenant (sessions give them both roles; object-level checks decide the rest). */
const PERSON_PAGE = requirePage('requester', 'approver');
/** First requests shown at once: enough for a morning's decisions, light enough to render fast (bench:web). */
const PAGE_SIZE = 50;
/** At most this many grants in one bulk decision (each is one workflow update). */
export const MAX_BULK = 100;

const GrantId = Type.String({ pattern: '^grant:[A-Za-z0-9_.:~-]{1,400}$' });
const Csrf = Type.Optional(Type.String({ maxLength: 200 }));
const InboxQuery = Type.Object({
  done: Type.Optional(Type.Union(Object.keys(NOTICES).map((key) => Type.Literal(key)))),
  count: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_BULK })),
});
const ItemParams = Type.Object({ grantId: GrantId });
const DecideForm = Type.Object(
  {
    // One checkbox or one item's hidden field posts a single value; several checkboxes post a list.
    grantIds: Type.Union([GrantId, Type.Array(GrantId, { minItems: 1, maxItems: MAX_BULK })]),
    decision: Type.Union([Type.Literal('approve'), Type.Literal('deny')]),
    comment: Type.Optional(Type.String({ maxLength: 2000 })),
    _csrf: Csrf,
  },
  { additionalProperties: false },
);

export const personPageRoutes: FastifyPluginAsyncTypebox<{ deps: PersonPageDeps }> = async (app, { deps }) => {
  const { db, actions } = deps;
  const sources: InboxSources = { db, rights: deps.rights, access: deps.access };
  await app.register(formBody);
  installPageHeaders(app);
  app.setErrorHandler(schemaRefusal);

  app.get(
    INBOX_PATH,
    { config: PERSON_PAGE, schema: { hide: true, querystring: InboxQuery } },
    async (request, reply) => {
      const viewer = viewerOf(request);
      const subject = request.principal?.subject;
      if (!viewer || !subject) return notAPerson(reply);
      const items = await loadInbox(sources, subject, PAGE_SIZE);
      const { done, count } = request.query;
      const notice = done ? { which: done as Notice, count: count ?? 1 } : undefined;
      return sendPage(reply, 200, renderInbox(items, { viewer, ui: deps.temporalUi }, notice, PAGE_SIZE));
    },
  );

  app.get(
    `${INBOX_PATH}/:grantId`,
    { config: PERSON_PAGE, schema: { hide: true, params: ItemParams } },
    async (request, reply) => {
      const viewer = viewerOf(request);
      if (!viewer || !request.principal?.subject) return notAPerson(reply);
      const { grantId } = request.params;
      const row = await getAccessGrant(db, grantId);
      if (!row || !(await actions.mayView(request.principal, row))) return notFound(reply);
      const context = { viewer, ui: deps.temporalUi };
      const item = await loadItem(sources, row);
      if (item) {
        const mayDecide = await deps.rights.canDecide(db, request.principal, row);
        return sendPage(reply, 200, renderItem(item, null, context, mayDecide));
      }
      const [names, outcome] = await Promise.all([entitlementNames(db, row), whatBecameOf(db, row)]);
      const closed = { what: `${names.entitlementName} for ${row.principal_upn}`, outcome };
      return sendPage(reply, 200, renderItem(null, closed, context, false));
    },
  );

  app.post(DECIDE_PATH, { config: PERSON_PAGE, schema: { hide: true, body: DecideForm } }, async (request, reply) => {
    const viewer = viewerOf(request);
    if (!viewer || !request.principal?.subject) return notAPerson(reply);
    const { decision, comment } = request.body;
    const grantIds = [...new Set([request.body.grantIds].flat())];
    const outcome: DecideOutcome = { decided: [], refused: [] };
    let firstStatus = 0;
    // One at a time: each is its own workflow update, and the answer must say exactly which went through.
    for (const grantId of grantIds) {
      const row = await getAccessGrant(db, grantId);
      const name = row ? `${(await entitlementNames(db, row)).entitlementName} for ${row.principal_upn}` : grantId;
      try {
        await actions.decide(request.principal, grantId, decision, comment?.trim() || undefined);
        outcome.decided.push({ grantId, name });
      } catch (error) {
        if (!(error instanceof ApiError) || error.statusCode >= 500) throw error;
        firstStatus ||= error.statusCode;
        outcome.refused.push({ grantId, name, reason: refusalReason(error) });
      }
    }
    if (outcome.refused.length === 0) {
      const which: Notice = decision === 'approve' ? 'approved' : 'denied';
      return reply.redirect(`${INBOX_PATH}?done=${which}&count=${outcome.decided.length}`, 303);
    }
    // Something was refused: say what went through and what did not (200 when part of it went through).
    const status = outcome.decided.length > 0 ? 200 : firstStatus;
    return sendPage(reply, status, renderDecideResult(outcome, decision, viewer));
  });
};

/** Why one grant was refused, as the approver can act on it (the JSON API's rule, in words). */
function refusalReason(error: ApiError): string {
  if (error.statusCode === 404) return 'no such request, or not one you can see';
  if (error.statusCode === 403)
    return 'not yours to decide (Entra does not name you its approver now, or you asked for it)';
  if (error.message.includes('not_pending'))
    return 'already decided, withdrawn or timed out: nothing awaits a decision';
  return error.message;
}

/** A form or address that fails the schema: a page saying nothing was changed (never the JSON API's envelope). */
async function schemaRefusal(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (!error.validation) throw error;
  const item = error.validationContext === 'params';
  return refuse(reply, {
    status: item ? 404 : 400,
    title: item ? 'No such request' : 'Nothing was changed',
    message: item
      ? 'This address names no access request. Open the link from the approval email again, or go to Approvals.'
      : request.method === 'POST'
        ? `The form was not complete: choose at least one request (at most ${MAX_BULK}) and Approve or Deny, with a comment of at most 2000 characters.`
        : 'The address is not one Lantern made. Go to Approvals.',
    next: { href: INBOX_PATH, label: 'Back to Approvals' },
  });
}

function notFound(reply: FastifyReply): FastifyReply {
  return refuse(reply, {
    status: 404,
    title: 'No such request',
    message: 'Lantern has no request here that you can see. It may be for someone else to decide.',
    next: { href: INBOX_PATH, label: 'Back to Approvals' },
  });
}

/** A credential that names no person (an admin or API token): these pages show a person's own decisions. */
function notAPerson(reply: FastifyReply): FastifyReply {
  return refuse(reply, {
    status: 403,
    title: 'Sign in as a person',
    message: 'These pages show the requests waiting for your decision, so they need you signed in with Microsoft.',
    next: { href: '/sign-in', label: 'Sign in with Microsoft' },
  });
}
