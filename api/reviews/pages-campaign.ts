// One campaign's admin page (readers look): its facts, progress and results, the owner's actions (close now after a
// confirm step, extend, apply removals) through ReviewService, and the evidence report downloads, streamed from the
// catalog with the recorded SHA-256 in a header once the campaign completed.
import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { CatalogSchema } from '../../catalog/index.js';
import { campaignCounts, getCampaign, reviewerProgress } from '../../catalog/reviews/index.js';
import { reportChunks, type ReportFormat } from '../../catalog/reviews/report.js';
import { requirePage, type Principal } from '../http/auth.js';
import { ApiError } from '../http/errors.js';
import { sendPage, viewerOf } from '../pages/page.js';
import type { TemporalUi } from '../pages/temporal-ui.js';
import { EXTEND_CHOICES, renderCampaignPage, renderCloseConfirm } from './campaign-view.js';
import { connectorNames, ownerName, problemItems } from './pages-model.js';
import {
  ADMIN_REVIEWS_PATH,
  CAMPAIGN_NOTICES,
  campaignPath,
  ID_PATTERN,
  notFound,
  type CampaignNotice,
} from './pages-parts.js';
import type { ReviewService } from './service.js';

const ADMIN_PAGE = requirePage('admin');
const CampaignParams = Type.Object({ campaignId: Type.String({ pattern: ID_PATTERN }) });
const Csrf = Type.Optional(Type.String({ maxLength: 200 }));
const ConfirmForm = Type.Object(
  { _csrf: Csrf, confirmed: Type.Optional(Type.Literal('yes')) },
  { additionalProperties: false },
);
const ExtendForm = Type.Object(
  { _csrf: Csrf, by: Type.Union(Object.keys(EXTEND_CHOICES).map((k) => Type.Literal(k))) },
  { additionalProperties: false },
);

export const campaignPageRoutes: FastifyPluginAsyncTypebox<{
  db: Kysely<CatalogSchema>;
  service: ReviewService;
  ui: TemporalUi;
}> = async (app, { db, service, ui }) => {
  const principalOf = (request: FastifyRequest): Principal => request.principal!;

  const showCampaign = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    extra: { status?: number; done?: CampaignNotice | undefined; refusal?: string } = {},
  ) => {
    const campaign = await getCampaign(db, id);
    if (!campaign) return notFound(reply);
    const [counts, reviewers, problems, owner, names] = await Promise.all([
      campaignCounts(db, id),
      reviewerProgress(db, id),
      problemItems(db, id),
      ownerName(db, campaign),
      connectorNames(db),
    ]);
    const viewer = viewerOf(request)!;
    const { roles, subject } = viewer.principal;
    const mayAct = roles.includes('admin') || (!!subject && subject === campaign.ownerSubject);
    const page = { viewer, ui, campaign, counts, reviewers, problems, ownerName: owner, mayAct, ...extra };
    return sendPage(
      reply,
      extra.status ?? 200,
      renderCampaignPage({ ...page, connectorName: names.get(campaign.connectorId) ?? campaign.connectorId }),
    );
  };

  app.get(
    `${ADMIN_REVIEWS_PATH}/:campaignId`,
    {
      config: ADMIN_PAGE,
      schema: {
        hide: true,
        params: CampaignParams,
        querystring: Type.Object({
          done: Type.Optional(Type.Union(Object.keys(CAMPAIGN_NOTICES).map((k) => Type.Literal(k)))),
        }),
      },
    },
    async (request, reply) =>
      showCampaign(request, reply, request.params.campaignId, {
        done: request.query.done as CampaignNotice | undefined,
      }),
  );

  /** An owner's action: back to the campaign with a notice, or the campaign page saying why not (nothing changed). */
  const act = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    done: CampaignNotice,
    run: () => Promise<unknown>,
  ) => {
    try {
      await run();
      return reply.redirect(`${campaignPath(id)}?done=${done}`, 303);
    } catch (error) {
      if (!(error instanceof ApiError) || error.statusCode >= 500) throw error;
      if (error.statusCode === 404) return notFound(reply);
      return showCampaign(request, reply, id, { status: error.statusCode, refusal: error.message });
    }
  };

  app.post(
    `${ADMIN_REVIEWS_PATH}/:campaignId/close`,
    { config: ADMIN_PAGE, schema: { hide: true, params: CampaignParams, body: ConfirmForm } },
    async (request, reply) => {
      const id = request.params.campaignId;
      if (request.body.confirmed !== 'yes') {
        const campaign = await getCampaign(db, id);
        if (!campaign) return notFound(reply);
        const counts = await campaignCounts(db, id);
        return sendPage(reply, 200, renderCloseConfirm(viewerOf(request)!, campaign, counts.items - counts.decided));
      }
      return act(request, reply, id, 'closed', () => service.close(principalOf(request), id));
    },
  );

  app.post(
    `${ADMIN_REVIEWS_PATH}/:campaignId/extend`,
    { config: ADMIN_PAGE, schema: { hide: true, params: CampaignParams, body: ExtendForm } },
    async (request, reply) => {
      const id = request.params.campaignId;
      const campaign = await getCampaign(db, id);
      if (!campaign) return notFound(reply);
      const seconds = EXTEND_CHOICES[request.body.by as keyof typeof EXTEND_CHOICES][1];
      const dueAt = new Date(new Date(campaign.dueAt).getTime() + seconds * 1000).toISOString();
      return act(request, reply, id, 'extended', () => service.extend(principalOf(request), id, dueAt));
    },
  );

  app.post(
    `${ADMIN_REVIEWS_PATH}/:campaignId/apply`,
    { config: ADMIN_PAGE, schema: { hide: true, params: CampaignParams, body: ConfirmForm } },
    async (request, reply) => {
      const id = request.params.campaignId;
      return act(request, reply, id, 'applying', () => service.apply(principalOf(request), id));
    },
  );

  const download =
    (format: ReportFormat) =>
    async (request: FastifyRequest<{ Params: { campaignId: string } }>, reply: FastifyReply) => {
      const campaign = await getCampaign(db, request.params.campaignId);
      if (!campaign) return notFound(reply);
      const digest = campaign.status === 'completed' ? campaign.reportSha256[format] : undefined;
      if (digest) reply.header('x-lantern-sha256', digest);
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="access-review-${campaign.id}.${format === 'csv' ? 'csv' : 'jsonl'}"`,
        )
        .send(Readable.from(reportChunks(db, campaign.id, format)));
    };
  const reportRoute = { config: ADMIN_PAGE, schema: { hide: true, params: CampaignParams } };
  app.get(`${ADMIN_REVIEWS_PATH}/:campaignId/report.csv`, reportRoute, download('csv'));
  app.get(`${ADMIN_REVIEWS_PATH}/:campaignId/report.json`, reportRoute, download('json'));
};
