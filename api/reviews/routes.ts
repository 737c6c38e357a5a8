// The access review JSON API: admins create campaigns and series and read everything (readers read); the person who
// created a campaign may close, extend and apply it (settled before the body is validated, so a stranger learns
// nothing from a 400). The reviewers' routes are in routes-reviewers.ts.
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  campaignCounts,
  listCampaigns,
  listSeries,
  reportChunks,
  reviewerProgress,
} from '../../catalog/reviews/index.js';
import type { ReviewsTemporal } from '../../temporal/clients/reviews.js';
import type { AppDeps } from '../deps.js';
import { requireRole, requireSignedIn } from '../http/auth.js';
import { errorResponses } from '../http/schemas.js';
import * as S from './schemas.js';
import { requireCampaign, requireManager } from './service-access.js';
import { BASE, campaignIdOf, principalOf, reviewerRoutes, TAGS } from './routes-reviewers.js';
import { createReviewService } from './service.js';

/** The reviews client (absent without Temporal, and in fakes that do not need it). */
export function reviewsTemporalOf(deps: Pick<AppDeps, 'temporal'>): ReviewsTemporal | null {
  return deps.temporal?.reviews ?? null;
}

export const reviewRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.catalog.db;
  const service = createReviewService({ db, reviews: () => reviewsTemporalOf(deps) });
  await app.register(reviewerRoutes, { db, service });

  const manager = (act: string) => async (request: FastifyRequest) => {
    const id = campaignIdOf(request);
    if (id) requireManager(principalOf(request), await requireCampaign(db, id), act);
  };

  app.post(
    BASE,
    {
      config: requireRole('admin'),
      schema: {
        tags: TAGS,
        summary: 'Create an access review campaign (and its series when it recurs) and start its workflow',
        body: S.DefinitionBody,
        response: { 201: S.Created, ...errorResponses(400, 404, 409, 503) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.create(principalOf(request), request.body, request.id)),
  );

  app.get(
    BASE,
    {
      config: requireRole('admin'),
      schema: {
        tags: TAGS,
        summary: 'Review campaigns, newest first',
        querystring: S.ListQuery,
        response: { 200: S.CampaignPage, ...errorResponses(400) },
      },
    },
    async (request) => listCampaigns(db, { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.get(
    `${BASE}/:campaignId`,
    {
      config: requireRole('admin'),
      schema: {
        tags: TAGS,
        summary: 'A campaign with its counts and per-reviewer progress',
        params: S.CampaignParams,
        response: { 200: S.CampaignDetail, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const campaign = await requireCampaign(db, request.params.campaignId);
      const [counts, reviewers] = await Promise.all([
        campaignCounts(db, campaign.id),
        reviewerProgress(db, campaign.id),
      ]);
      return { campaign, counts, reviewers };
    },
  );

  const ownerAction = {
    config: requireSignedIn,
    params: S.CampaignParams,
    response: { 200: S.CampaignSchema, ...errorResponses(400, 403, 404, 409, 503) },
  };
  app.post(
    `${BASE}/:campaignId/close`,
    {
      config: ownerAction.config,
      preValidation: manager('close'),
      schema: {
        tags: TAGS,
        summary: 'Close now (admins or its creator): the default decision applies to undecided items',
        params: ownerAction.params,
        body: S.CloseBody,
        response: ownerAction.response,
      },
    },
    async (request) => service.close(principalOf(request), request.params.campaignId, request.body.reason),
  );
  app.post(
    `${BASE}/:campaignId/extend`,
    {
      config: ownerAction.config,
      preValidation: manager('extend'),
      schema: {
        tags: TAGS,
        summary: 'Move the due date later (admins or its creator)',
        params: ownerAction.params,
        body: S.ExtendBody,
        response: ownerAction.response,
      },
    },
    async (request) => service.extend(principalOf(request), request.params.campaignId, request.body.dueAt),
  );
  app.post(
    `${BASE}/:campaignId/apply`,
    {
      config: ownerAction.config,
      preValidation: manager('apply'),
      schema: {
        tags: TAGS,
        summary: 'Apply the removals of a campaign awaiting apply (admins or its creator)',
        params: ownerAction.params,
        body: S.EmptyBody,
        response: ownerAction.response,
      },
    },
    async (request) => service.apply(principalOf(request), request.params.campaignId),
  );

  app.get(
    `${BASE}/:campaignId/report`,
    {
      config: requireRole('admin'),
      schema: {
        tags: TAGS,
        summary: 'The evidence report (CSV or JSON Lines); x-lantern-sha256 carries the digest recorded at completion',
        params: S.CampaignParams,
        querystring: S.ReportQuery,
      },
    },
    async (request, reply) => {
      const campaign = await requireCampaign(db, request.params.campaignId);
      const format = request.query.format ?? 'csv';
      const digest = campaign.reportSha256[format];
      if (digest) reply.header('x-lantern-sha256', digest);
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="review-${campaign.id}.${format === 'csv' ? 'csv' : 'jsonl'}"`,
        )
        .send(Readable.from(reportChunks(db, campaign.id, format)));
    },
  );

  app.get(
    '/api/v1/review-series',
    {
      config: requireRole('admin'),
      schema: {
        tags: TAGS,
        summary: 'Recurring review series and their schedules',
        querystring: S.SeriesQuery,
        response: { 200: S.SeriesList, ...errorResponses(400) },
      },
    },
    async (request) => ({ series: await listSeries(db, request.query.connectorId) }),
  );

  app.delete(
    '/api/v1/review-series/:seriesId',
    {
      config: requireRole('admin'),
      schema: {
        tags: TAGS,
        summary: 'Stop a series: its schedule is deleted, running campaigns go on',
        params: S.SeriesParams,
        response: { 200: S.SeriesSchema, ...errorResponses(400, 404, 503) },
      },
    },
    async (request) => service.stopSeries(principalOf(request), request.params.seriesId),
  );
};
