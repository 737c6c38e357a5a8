// The review API on the review world with a fake ReviewsTemporal: it records every call and moves the catalog as the
// workflow would (stage at start, default decision and status at close, the due date on extend, digests at the end),
// so API tests see real catalog effects without a Temporal server. The real workflow is tested by its own suites.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { getCampaign, setCampaignStatus, setDueAt } from '../../catalog/reviews/campaigns.js';
import { applyDefaultDecision } from '../../catalog/reviews/decisions.js';
import { recordReportDigests, reportSha256 } from '../../catalog/reviews/report.js';
import { stageCampaign } from '../../catalog/reviews/staging.js';
import { ReviewUpdateRefused, type ReviewsTemporal } from '../../temporal/clients/reviews.js';
import { reviewCampaignWorkflowId, reviewScheduleId, type ReviewStatus } from '../../workflows/reviews/messages.js';
import { ENTRA_ENV } from '../api/connector-fakes.js';
import { authHeader, buildTestApp, openTestCatalog, stubTemporal, type TestCatalog } from '../helpers/api-app.js';
import { signInAs } from '../helpers/sessions.js';
import { PEOPLE, seedReviewWorld, type ReviewDirectory } from './review-world.js';

export const HOME_TENANT = '31111111-2222-4333-8444-555555555555';
export const CONNECTOR = 'c-reviews';

export interface ReviewsCall {
  op: 'start' | 'close' | 'extend' | 'apply' | 'schedule' | 'unschedule';
  id: string;
  detail?: unknown;
}

export interface FakeReviews {
  reviews: ReviewsTemporal;
  calls: ReviewsCall[];
  /** The next startCampaign throws (Temporal refused it). */
  failNextStart(): void;
}

export function fakeReviewsTemporal(db: TestCatalog['catalog']['db']): FakeReviews {
  const calls: ReviewsCall[] = [];
  let failStart = false;
  const statusOf = async (id: string): Promise<ReviewStatus> => {
    const c = (await getCampaign(db, id))!;
    return { campaignId: id, status: c.status, dueAt: c.dueAt, counts: null };
  };
  const complete = async (id: string) => {
    await setCampaignStatus(db, id, 'completed');
    const [csv, json] = [await reportSha256(db, id, 'csv'), await reportSha256(db, id, 'json')];
    await recordReportDigests(db, id, { csv, json });
  };
  const reviews: ReviewsTemporal = {
    async startCampaign(c) {
      calls.push({ op: 'start', id: c.campaignId, detail: c });
      if (failStart) {
        failStart = false;
        throw new Error('Temporal refused the start');
      }
      await stageCampaign(db, c.campaignId, { signInKnown: true, now: new Date() });
      return { workflowId: reviewCampaignWorkflowId(c.campaignId) };
    },
    async close(id, request) {
      calls.push({ op: 'close', id, detail: request });
      const c = (await getCampaign(db, id))!;
      if (c.status !== 'in_review') throw new ReviewUpdateRefused(`The campaign is ${c.status}: it cannot be closed.`);
      await applyDefaultDecision(db, id, c.definition.defaultDecision);
      if (c.definition.autoApply) await complete(id);
      else await setCampaignStatus(db, id, 'awaiting_apply');
      return statusOf(id);
    },
    async extend(id, request) {
      calls.push({ op: 'extend', id, detail: request });
      await setDueAt(db, id, new Date(request.dueAt), request.actorId);
      return statusOf(id);
    },
    async apply(id, request) {
      calls.push({ op: 'apply', id, detail: request });
      await complete(id);
      return statusOf(id);
    },
    status: statusOf,
    result: statusOf,
    async createSeriesSchedule(s) {
      calls.push({ op: 'schedule', id: s.seriesId, detail: s });
      return { scheduleId: reviewScheduleId(s.seriesId) };
    },
    async stopSeriesSchedule(seriesId) {
      calls.push({ op: 'unschedule', id: seriesId });
    },
  };
  return { reviews, calls, failNextStart: () => (failStart = true) };
}

export interface ReviewApi {
  app: FastifyInstance;
  catalog: TestCatalog['catalog'];
  db: TestCatalog['catalog']['db'];
  world: ReviewDirectory;
  fake: FakeReviews;
  /** Headers of a signed-in person of the world's tenant (no admin role), or of an admin of the home tenant. */
  person(objectId: string): Promise<Record<string, string>>;
  admin(objectId: string): Promise<Record<string, string>>;
  /** Requests to the app, as the API token unless other headers are given. */
  post(url: string, payload: object, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** A valid campaign definition (Finance's memberships, reviewed by managers, Fay as fallback) with `overrides`. */
  definition(overrides?: object): object;
  close(): Promise<void>;
}

export async function openReviewApi(): Promise<ReviewApi> {
  const catalog = await openTestCatalog();
  const db = catalog.catalog.db;
  const world = await seedReviewWorld(db, { connectorId: CONNECTOR });
  const fake = fakeReviewsTemporal(db);
  const app = await buildTestApp(
    catalog.catalog,
    { temporal: stubTemporal({ reviews: fake.reviews }) },
    { ...ENTRA_ENV, LANTERN_HOME_TENANT_ID: HOME_TENANT },
  );
  const headers = async (objectId: string, tenantId: string, appRoles: string[] = []) => {
    const { cookie, csrf } = await signInAs(db, { objectId, tenantId, appRoles });
    return { cookie, 'x-csrf-token': csrf };
  };
  return {
    app,
    catalog: catalog.catalog,
    db,
    world,
    fake,
    person: (objectId) => headers(objectId, world.tenantId),
    admin: (objectId) => headers(objectId, HOME_TENANT, ['Lantern.Admin']),
    post: (url, payload, headers = authHeader) => app.inject({ method: 'POST', url, headers, payload }),
    get: (url, headers = authHeader) => app.inject({ method: 'GET', url, headers }),
    definition: (overrides = {}) => ({
      connectorId: world.connectorId,
      name: 'Finance memberships',
      scope: { kinds: ['groupMembers'], resourceIds: [world.groups.finance] },
      reviewers: { kind: 'manager', fallbackIds: [PEOPLE.fay] },
      ...overrides,
    }),
    close: async () => {
      await app.close();
      await catalog.close();
    },
  };
}
