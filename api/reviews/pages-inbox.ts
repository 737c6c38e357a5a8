// A reviewer's pages: /reviews (their campaigns), /reviews/<campaignId> (their items, 50 a page, keyset cursor) and
// POST /reviews/<campaignId>/decide (the service decides: all or nothing). A person sees only a campaign in which they
// have items; anything else is the same 404 page, so the address does not reveal whether a campaign exists.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { CatalogSchema } from '../../catalog/index.js';
import {
  campaignsOfReviewer,
  getCampaign,
  InvalidReviewCursor,
  listItems,
  ReviewRefusal,
} from '../../catalog/reviews/index.js';
import { requirePage } from '../http/auth.js';
import { ApiError } from '../http/errors.js';
import { refuse, sendPage, viewerOf } from '../pages/page.js';
import { renderInbox, renderMyReviews, type InboxFilter } from './inbox-view.js';
import { peopleNames } from './pages-model.js';
import { ID_PATTERN, inboxPath, MY_REVIEWS_PATH } from './pages-parts.js';
import type { ReviewService } from './service.js';

const PERSON_PAGE = requirePage('requester', 'approver');
const PAGE_SIZE = 50;
/** At most this many items in one decision from the page (a page shows 50; the API takes more). */
const MAX_DECIDE = 200;
const ItemId = Type.String({ pattern: '^[0-9]{1,18}$' });
const CampaignParams = Type.Object({ campaignId: Type.String({ pattern: ID_PATTERN }) });
const InboxQuery = Type.Object(
  {
    show: Type.Optional(Type.Union(['undecided', 'keep', 'remove', 'all'].map((v) => Type.Literal(v)))),
    rec: Type.Optional(Type.Union(['any', 'remove', 'keep', 'none'].map((v) => Type.Literal(v)))),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    sort: Type.Optional(
      Type.Union(['principal', 'resource', 'lastSignIn', 'recommendation'].map((v) => Type.Literal(v))),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 1000 })),
    done: Type.Optional(Type.Literal('decided')),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_DECIDE })),
  },
  { additionalProperties: false },
);
const DecideForm = Type.Object(
  {
    itemIds: Type.Optional(Type.Union([ItemId, Type.Array(ItemId, { maxItems: MAX_DECIDE })])),
    decision: Type.Optional(Type.Union([Type.Literal('keep'), Type.Literal('remove')])),
    /** An item's own Keep / Remove button: "keep:<itemId>". */
    only: Type.Optional(Type.String({ pattern: '^(keep|remove):[0-9]{1,18}$' })),
    comment: Type.Optional(Type.String({ maxLength: 2000 })),
    _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const inboxPageRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<CatalogSchema>; service: ReviewService }> = async (
  app,
  { db, service },
) => {
  app.get(MY_REVIEWS_PATH, { config: PERSON_PAGE, schema: { hide: true } }, async (request, reply) => {
    const viewer = viewerOf(request);
    const subject = request.principal?.subject;
    if (!viewer || !subject) return notAPerson(reply);
    const mine = await campaignsOfReviewer(db, subject);
    const cards = mine.map((c) => ({ campaign: c, undecided: c.undecided, assigned: c.assigned }));
    return sendPage(reply, 200, renderMyReviews(viewer, cards));
  });

  /** The campaign when this person has items in it (a campaign being staged has none to show yet). */
  const reviewable = async (campaignId: string, subject: string) => {
    const campaign = await getCampaign(db, campaignId);
    if (!campaign || campaign.status === 'staging') return null;
    const mine = await listItems(db, { campaignId, reviewerId: subject, decision: 'all', limit: 1 });
    return mine.total > 0 ? campaign : null;
  };

  app.get(
    `${MY_REVIEWS_PATH}/:campaignId`,
    { config: PERSON_PAGE, schema: { hide: true, params: CampaignParams, querystring: InboxQuery } },
    async (request, reply) => {
      const viewer = viewerOf(request);
      const subject = request.principal?.subject;
      if (!viewer || !subject) return notAPerson(reply);
      const campaign = await reviewable(request.params.campaignId, subject);
      if (!campaign) return notFound(reply);
      const q = request.query;
      const filter: InboxFilter = {
        show: (q.show ?? (campaign.status === 'in_review' ? 'undecided' : 'all')) as InboxFilter['show'],
        rec: (q.rec ?? 'any') as InboxFilter['rec'],
        q: q.q?.trim() ?? '',
        sort: (q.sort ?? 'principal') as InboxFilter['sort'],
      };
      const page = await listItems(db, {
        campaignId: campaign.id,
        reviewerId: subject,
        decision: filter.show,
        recommendation: filter.rec === 'any' ? undefined : filter.rec,
        q: filter.q || undefined,
        sort: filter.sort,
        cursor: q.cursor,
        limit: PAGE_SIZE,
      }).catch((error: unknown) => {
        if (error instanceof InvalidReviewCursor) return null;
        throw error;
      });
      if (!page)
        return refuse(reply, {
          status: 400,
          title: 'This page link is not valid',
          message:
            'The "Next page" link was changed or belongs to another sort order. Start again from the first page.',
          next: { href: inboxPath(campaign.id), label: 'First page' },
        });
      const decidedBy = page.items.flatMap((i) => (i.decidedBy && i.decisionSource !== 'default' ? [i.decidedBy] : []));
      const names = await peopleNames(db, campaign.connectorId, decidedBy);
      const saved = q.done === 'decided' ? (q.count ?? 1) : undefined;
      return sendPage(reply, 200, renderInbox({ viewer, campaign, filter, ...page, names, saved }));
    },
  );

  app.post(
    `${MY_REVIEWS_PATH}/:campaignId/decide`,
    { config: PERSON_PAGE, schema: { hide: true, params: CampaignParams, body: DecideForm } },
    async (request, reply) => {
      const { campaignId } = request.params;
      const back = { href: inboxPath(campaignId), label: 'Back to your items' };
      const subject = request.principal?.subject;
      if (!subject) return notAPerson(reply);
      // Whose the campaign is comes first: a stranger learns nothing from a refused form.
      if (!(await reviewable(campaignId, subject))) return notFound(reply);
      const b = request.body;
      const [onlyDecision, onlyItem] = b.only ? b.only.split(':') : [];
      const decision = (onlyDecision ?? b.decision) as 'keep' | 'remove' | undefined;
      const itemIds = onlyItem ? [onlyItem] : [...new Set([b.itemIds ?? []].flat())];
      if (!decision || itemIds.length === 0)
        return refuse(reply, {
          status: 400,
          title: 'Nothing was changed',
          message:
            'Tick at least one item, then choose Keep selected or Remove selected (or use an item’s own button).',
          next: back,
        });
      try {
        const input = { itemIds, decision, comment: b.comment?.trim() || undefined };
        await service.decide(request.principal!, campaignId, input, request.id);
      } catch (error) {
        const refusal = refusalOf(error);
        if (!refusal) throw error;
        return refuse(reply, { ...refusal, title: 'Nothing was changed', next: back });
      }
      return reply.redirect(`${inboxPath(campaignId)}?done=decided&count=${itemIds.length}`, 303);
    },
  );
};

const REFUSAL_STATUS: Record<ReviewRefusal['code'], number> = {
  closed: 409,
  not_reviewer: 403,
  self_review: 403,
  unknown_items: 404,
  not_decidable: 422,
  unknown_campaign: 404,
};

/** The service's refusal (an ApiError, or the catalog's ReviewRefusal) as a status and its message; else null. */
function refusalOf(error: unknown): { status: number; message: string } | null {
  if (error instanceof ReviewRefusal) return { status: REFUSAL_STATUS[error.code], message: error.message };
  if (error instanceof ApiError && error.statusCode < 500) return { status: error.statusCode, message: error.message };
  return null;
}

function notFound(reply: FastifyReply): FastifyReply {
  return refuse(reply, {
    status: 404,
    title: 'No items for you here',
    message:
      'This campaign has nothing for you to review, or it does not exist. Your reviews are listed under Reviews.',
    next: { href: MY_REVIEWS_PATH, label: 'Your reviews' },
  });
}

/** A credential that names no person (an admin or API token): these pages show a person's own items. */
function notAPerson(reply: FastifyReply): FastifyReply {
  return refuse(reply, {
    status: 403,
    title: 'Sign in as a person',
    message: 'These pages show the access waiting for your review, so they need you signed in with Microsoft.',
    next: { href: '/sign-in', label: 'Sign in with Microsoft' },
  });
}
