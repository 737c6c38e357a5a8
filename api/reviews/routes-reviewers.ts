// The reviewers' side of the review JSON API: a reviewer's campaigns, their items and their decisions (an admin sees
// every item and may decide on a reviewer's behalf). Whose items they are is settled before the body is validated.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { CatalogDb } from '../../catalog/directory/writes/sql.js';
import { campaignsOfReviewer, listItems } from '../../catalog/reviews/index.js';
import { requireSignedIn, type Principal } from '../http/auth.js';
import { apiErrors } from '../http/errors.js';
import { errorResponses, ID_PATTERN } from '../http/schemas.js';
import * as S from './schemas.js';
import { decider, itemViewer, requireCampaign } from './service-access.js';
import type { ReviewService } from './service.js';

export const BASE = '/api/v1/reviews';
export const TAGS = ['reviews'];
const SAFE_ID = new RegExp(ID_PATTERN);

export const principalOf = (request: FastifyRequest): Principal => {
  if (!request.principal) throw apiErrors.unauthenticated('No credential');
  return request.principal;
};
/** The path's campaign id, or null when it is malformed (schema validation then answers 400). */
export const campaignIdOf = (request: FastifyRequest): string | null => {
  const id = (request.params as { campaignId?: unknown }).campaignId;
  return typeof id === 'string' && SAFE_ID.test(id) ? id : null;
};

export const reviewerRoutes: FastifyPluginAsyncTypebox<{ db: CatalogDb; service: ReviewService }> = async (
  app,
  { db, service },
) => {
  app.get(
    `${BASE}/:campaignId/items`,
    {
      config: requireSignedIn,
      preValidation: async (request) => {
        const id = campaignIdOf(request);
        if (id) await itemViewer(db, principalOf(request), id);
      },
      schema: {
        tags: TAGS,
        summary: "A campaign's items: admins and readers see all (or ?reviewer=), a reviewer their own",
        params: S.CampaignParams,
        querystring: S.ItemsQuery,
        response: { 200: S.ItemsPage, ...errorResponses(400, 403, 404) },
      },
    },
    async (request) => {
      const { campaignId } = request.params;
      await requireCampaign(db, campaignId);
      const viewer = await itemViewer(db, principalOf(request), campaignId);
      const { reviewer, ...filters } = request.query;
      if (viewer !== null && reviewer !== undefined && reviewer !== viewer)
        throw apiErrors.outOfScope('A reviewer may list only their own items: leave out ?reviewer=.');
      return listItems(db, {
        campaignId,
        reviewerId: viewer ?? reviewer ?? null,
        ...filters,
        limit: filters.limit ?? 100,
      });
    },
  );

  app.post(
    `${BASE}/:campaignId/decisions`,
    {
      config: requireSignedIn,
      preValidation: async (request) => {
        const id = campaignIdOf(request);
        if (id) await decider(db, principalOf(request), (await requireCampaign(db, id)).id);
      },
      schema: {
        tags: TAGS,
        summary: 'Decide items (keep or remove, 1 … 1,000 at once): a reviewer their own, an admin on their behalf',
        params: S.CampaignParams,
        body: S.DecisionsBody,
        response: { 200: S.DecideAnswer, ...errorResponses(400, 403, 404, 409, 422) },
      },
    },
    async (request) => service.decide(principalOf(request), request.params.campaignId, request.body, request.id),
  );

  app.get(
    '/api/v1/me/reviews',
    {
      config: requireSignedIn,
      schema: {
        tags: TAGS,
        summary: 'Campaigns in which the signed-in person has items to review',
        response: { 200: S.MyCampaigns, ...errorResponses(403) },
      },
    },
    async (request) => {
      const subject = principalOf(request).subject;
      if (!subject) throw apiErrors.outOfScope('Only people have reviews to do: sign in as a person to list yours.');
      return { campaigns: await campaignsOfReviewer(db, subject) };
    },
  );
};
