// The access-review pages for admins (readers look): the campaign list with the recurring series (stop after a
// confirm step) and the "New campaign" form; one campaign's page is pages-campaign.ts, a reviewer's pages
// pages-inbox.ts. Every change goes through ReviewService, as the JSON API's do; a refusal comes back as the page
// with the service's message.
import formBody from '@fastify/formbody';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { campaignCounts, getSeries, listCampaigns, listSeries } from '../../catalog/reviews/index.js';
import type { AppDeps } from '../deps.js';
import { requirePage, type Principal } from '../http/auth.js';
import { ApiError } from '../http/errors.js';
import { installPageHeaders, refuse, sendPage, viewerOf } from '../pages/page.js';
import { temporalUiOf } from '../pages/temporal-ui.js';
import { renderReviewList, renderStopConfirm } from './list-view.js';
import { renderNewCampaign } from './new-view.js';
import { definitionOf, emptyForm, formFromBody, withServiceError, type FormBody } from './pages-form.js';
import { campaignPageRoutes } from './pages-campaign.js';
import { inboxPageRoutes } from './pages-inbox.js';
import { connectedConnectors, connectorNames } from './pages-model.js';
import { ADMIN_REVIEWS_PATH, campaignPath, ID_PATTERN, NEW_CAMPAIGN_PATH, notFound } from './pages-parts.js';
import { reviewsTemporalOf } from './routes.js';
import { createReviewService, type ReviewService } from './service.js';

const ADMIN_PAGE = requirePage('admin');
const LIST_SIZE = 50;
const Id = Type.String({ pattern: ID_PATTERN });
const Text = Type.String({ maxLength: 20_000 });
const Csrf = Type.Optional(Type.String({ maxLength: 200 }));
const ConfirmForm = Type.Object(
  { _csrf: Csrf, confirmed: Type.Optional(Type.Literal('yes')) },
  { additionalProperties: false },
);
const TEXT_FIELDS = [
  'name',
  'connectorId',
  'resourceIds',
  'principals',
  'assignment',
  'noSignInDays',
  'reviewerKind',
  'named',
  'fallback',
  'period',
  'unit',
  'defaultDecision',
  'inactiveDays',
  'repeat',
] as const;
const CHECKBOXES = ['privilegedOnly', 'reminders', 'autoApply'] as const;
/**
 * The form's own fields only, each posted once (a repeated key is refused, not silently cut to its first value); only
 * the "What to review" checkboxes post a list.
 */
const NewForm = Type.Object(
  {
    ...Object.fromEntries(TEXT_FIELDS.map((name) => [name, Type.Optional(Text)])),
    ...Object.fromEntries(CHECKBOXES.map((name) => [name, Type.Optional(Type.String({ maxLength: 10 }))])),
    kinds: Type.Optional(Type.Union([Text, Type.Array(Text, { maxItems: 10 })])),
    _csrf: Csrf,
  },
  { additionalProperties: false },
);

export const reviewPageRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps; service?: ReviewService }> = async (
  app,
  options,
) => {
  const { deps } = options;
  const db = deps.catalog.db;
  const service = options.service ?? createReviewService({ db, reviews: () => reviewsTemporalOf(deps) });
  const ui = temporalUiOf(deps.config);
  await app.register(formBody);
  installPageHeaders(app);
  app.setErrorHandler(async (error, request, reply) => {
    if (!(error as { validation?: unknown }).validation) throw error;
    return refuse(reply, {
      status: 400,
      title: 'Nothing was changed',
      message: 'The form or address was not one Lantern made. Go back and try again from the page.',
      next: {
        href: request.url.startsWith(ADMIN_REVIEWS_PATH) ? ADMIN_REVIEWS_PATH : '/reviews',
        label: 'Back to the reviews',
      },
    });
  });
  await app.register(inboxPageRoutes, { db, service });
  const principalOf = (request: FastifyRequest): Principal => request.principal!;

  app.get(
    ADMIN_REVIEWS_PATH,
    {
      config: ADMIN_PAGE,
      schema: {
        hide: true,
        querystring: Type.Object({ cursor: Type.Optional(Id), done: Type.Optional(Type.Literal('stopped')) }),
      },
    },
    async (request, reply) => {
      const [page, series, names] = await Promise.all([
        listCampaigns(db, { limit: LIST_SIZE, cursor: request.query.cursor }),
        listSeries(db),
        connectorNames(db),
      ]);
      // Decisions do not touch the campaign row: count live while reviewers work.
      const campaigns = await Promise.all(
        page.campaigns.map(async (c) =>
          c.status === 'in_review' ? { ...c, counts: await campaignCounts(db, c.id) } : c,
        ),
      );
      const viewer = viewerOf(request)!;
      const list = {
        viewer,
        campaigns,
        series,
        connectorNames: names,
        nextCursor: page.nextCursor,
        stopped: request.query.done === 'stopped',
      };
      return sendPage(reply, 200, renderReviewList(list));
    },
  );

  const showForm = async (request: FastifyRequest, reply: FastifyReply, status: number, form = emptyForm()) => {
    const connectors = await connectedConnectors(db);
    if (!form.connectorId && connectors[0]) form.connectorId = connectors[0].id;
    return sendPage(reply, status, renderNewCampaign({ viewer: viewerOf(request)!, form, connectors }));
  };

  app.get(NEW_CAMPAIGN_PATH, { config: ADMIN_PAGE, schema: { hide: true } }, async (request, reply) => {
    if (!request.principal?.roles.includes('admin')) return readOnly(reply);
    return showForm(request, reply, 200);
  });

  app.post(NEW_CAMPAIGN_PATH, { config: ADMIN_PAGE, schema: { hide: true, body: NewForm } }, async (request, reply) => {
    const typed = formFromBody(request.body as FormBody);
    const read = await definitionOf(db, typed);
    if ('form' in read) return showForm(request, reply, 400, read.form);
    try {
      const { campaign } = await service.create(principalOf(request), read.input, request.id);
      return reply.redirect(`${campaignPath(campaign.id)}?done=created`, 303);
    } catch (error) {
      if (!(error instanceof ApiError) || error.statusCode === 503) throw error;
      return showForm(request, reply, error.statusCode, withServiceError(typed, error));
    }
  });

  await app.register(campaignPageRoutes, { db, service, ui });

  app.post(
    `${ADMIN_REVIEWS_PATH}/series/:seriesId/stop`,
    { config: ADMIN_PAGE, schema: { hide: true, params: Type.Object({ seriesId: Id }), body: ConfirmForm } },
    async (request, reply) => {
      const series = await getSeries(db, request.params.seriesId);
      if (!series) return notFound(reply, 'No such recurring campaign');
      if (request.body.confirmed !== 'yes') return sendPage(reply, 200, renderStopConfirm(viewerOf(request)!, series));
      try {
        await service.stopSeries(principalOf(request), series.id);
      } catch (error) {
        if (!(error instanceof ApiError) || error.statusCode >= 500) throw error;
        return refuse(reply, {
          status: error.statusCode,
          title: 'The series was not stopped',
          message: error.message,
          next: { href: ADMIN_REVIEWS_PATH, label: 'Back to access reviews' },
        });
      }
      return reply.redirect(`${ADMIN_REVIEWS_PATH}?done=stopped`, 303);
    },
  );
};

function readOnly(reply: FastifyReply): FastifyReply {
  return refuse(reply, {
    status: 403,
    title: 'Only admins start campaigns',
    message: 'Your role lets you read access reviews, not start them.',
    next: { href: ADMIN_REVIEWS_PATH, label: 'All access reviews' },
  });
}
