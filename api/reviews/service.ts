// Access reviews as the API and the pages both use them: create a campaign (or a series) from a validated definition
// and start its workflow, the owner's actions, reviewers' decisions. Refusals are ApiErrors (status + message that
// says what to fix), raised before anything changes.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CatalogSchema } from '../../catalog/index.js';
import {
  createCampaign,
  decideItems,
  getSeries,
  setCampaignStatus,
  stopSeries as stopSeriesRow,
  type Campaign,
  type DecideOutcome,
  type Series,
} from '../../catalog/reviews/index.js';
import type { CampaignDefinition, ReviewDecision } from '../../domain/reviews.js';
import type { ReviewsTemporal } from '../../temporal/clients/reviews.js';
import { reviewCampaignWorkflowId } from '../../workflows/reviews/messages.js';
import type { Principal } from '../http/auth.js';
import { apiErrors } from '../http/errors.js';
import { refusalAsApiError, decider, requireCampaign, requireManager } from './service-access.js';
import { LIMITS } from './schemas.js';
import { checkDefinition } from './service-definition.js';
import { startSeries, stopStartedSeries } from './service-series.js';

export interface ReviewServiceDeps {
  db: Kysely<CatalogSchema>;
  /** null when Temporal is not configured: creating and owner actions answer 503. */
  reviews: () => ReviewsTemporal | null;
  /** Tests move the clock; default Date.now. */
  now?: () => Date;
}

/** A definition as a caller sends it: everything but connectorId, name, scope and reviewers has a default. */
export type DefinitionInput = Pick<CampaignDefinition, 'connectorId' | 'name' | 'scope' | 'reviewers'> &
  Partial<Omit<CampaignDefinition, 'connectorId' | 'name' | 'scope' | 'reviewers'>> & {
    /** One-time campaigns may give the due date instead of durationSeconds. */
    dueAt?: string | undefined;
  };

export interface ReviewService {
  /**
   * Validates against the catalog (connector connected, reviewers and fallback reviewers are enabled users of its
   * tenant, resources exist), stores the campaign, starts its workflow; with recurrence, also the series and its
   * schedule. 400/404/409/503 with a message naming the field to fix.
   */
  create(
    actor: Principal,
    input: DefinitionInput,
    requestId: string,
  ): Promise<{ campaign: Campaign; series: Series | null }>;
  /** Admins, or the person who created it. */
  close(actor: Principal, campaignId: string, reason?: string): Promise<Campaign>;
  extend(actor: Principal, campaignId: string, dueAt: string): Promise<Campaign>;
  apply(actor: Principal, campaignId: string): Promise<Campaign>;
  /** A reviewer deciding their items (or an admin on their behalf): refusals 403/404/409/422 from ReviewRefusal. */
  decide(
    actor: Principal,
    campaignId: string,
    input: { itemIds: string[]; decision: ReviewDecision; comment?: string | undefined },
    requestId: string,
  ): Promise<DecideOutcome>;
  stopSeries(actor: Principal, seriesId: string): Promise<Series>;
}

const OPEN = new Set(['staging', 'in_review']);

export function createReviewService(deps: ReviewServiceDeps): ReviewService {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const temporal = (): ReviewsTemporal => {
    const reviews = deps.reviews();
    if (!reviews) throw apiErrors.unavailable('Access reviews need Temporal, which this Lantern does not use.');
    return reviews;
  };
  /** Runs an owner's update through the workflow, then answers the campaign as the catalog now has it. */
  const managed = async (
    actor: Principal,
    campaignId: string,
    act: string,
    check: (campaign: Campaign) => void,
    send: (reviews: ReviewsTemporal, campaign: Campaign) => Promise<unknown>,
  ): Promise<Campaign> => {
    const campaign = await requireCampaign(db, campaignId);
    requireManager(actor, campaign, act);
    check(campaign);
    const reviews = temporal();
    try {
      await send(reviews, campaign);
    } catch (error) {
      throw refusalAsApiError(error);
    }
    return requireCampaign(db, campaignId);
  };

  return {
    async create(actor, input, requestId) {
      const checked = await checkDefinition(db, input, now());
      const reviews = temporal();
      const cadence = checked.definition.recurrence;
      const series = cadence
        ? await startSeries(db, reviews, { definition: checked.definition, cadence, createdBy: actor.id })
        : null;
      const id = randomUUID();
      const campaign = await createCampaign(
        db,
        {
          id,
          definition: checked.definition,
          workflowId: reviewCampaignWorkflowId(id),
          ownerId: actor.id,
          ownerSubject: actor.kind === 'session' ? (actor.subject ?? null) : null,
          seriesId: series?.id ?? null,
          startedAt: checked.startedAt,
          dueAt: checked.dueAt,
        },
        requestId,
      );
      try {
        await reviews.startCampaign({
          campaignId: id,
          connectorId: campaign.connectorId,
          name: campaign.name,
          owner: campaign.ownerId,
        });
      } catch (error) {
        // Never a campaign left in staging with no workflow to move it: it is failed, and its series stopped.
        await setCampaignStatus(db, id, 'failed', { error: 'The campaign workflow could not be started.' });
        if (series) await stopStartedSeries(db, reviews, series.id);
        throw error;
      }
      return {
        campaign: await requireCampaign(db, id),
        series: series && ((await getSeries(db, series.id)) ?? series),
      };
    },

    close: (actor, campaignId, reason) =>
      managed(
        actor,
        campaignId,
        'close',
        (c) => {
          if (!OPEN.has(c.status))
            throw apiErrors.conflict(`Campaign ${c.id} is already ${c.status}: it cannot be closed again.`);
        },
        (reviews) =>
          reviews.close(campaignId, { actorId: actor.id, ...(reason?.trim() ? { reason: reason.trim() } : {}) }),
      ),

    extend: (actor, campaignId, dueAt) =>
      managed(
        actor,
        campaignId,
        'extend',
        (c) => {
          if (!OPEN.has(c.status))
            throw apiErrors.conflict(`Campaign ${c.id} is ${c.status}: only an open campaign can be extended.`);
          if (!(Date.parse(dueAt) > Date.parse(c.dueAt)))
            throw apiErrors.conflict(`The new due date (${dueAt}) must be later than the current one (${c.dueAt}).`);
          if (Date.parse(dueAt) - Date.parse(c.startedAt) > LIMITS.maxDurationSeconds * 1000)
            throw apiErrors.invalid("dueAt must be within 366 days of the campaign's start.");
        },
        // The workflow moves its timer and the catalog's due date (audited 'review.extended') in one update.
        (reviews) =>
          reviews.extend(campaignId, { actorId: actor.id, dueAt: new Date(Date.parse(dueAt)).toISOString() }),
      ),

    apply: (actor, campaignId) =>
      managed(
        actor,
        campaignId,
        'apply',
        (c) => {
          if (c.status !== 'awaiting_apply')
            throw apiErrors.conflict(
              `Campaign ${c.id} is ${c.status}: removals are applied by hand only when it awaits apply (closed without auto-apply).`,
            );
        },
        (reviews) => reviews.apply(campaignId, { actorId: actor.id }),
      ),

    async decide(actor, campaignId, input, requestId) {
      await requireCampaign(db, campaignId);
      const reviewerId = await decider(db, actor, campaignId);
      try {
        return await decideItems(db, {
          campaignId,
          itemIds: input.itemIds,
          decision: input.decision,
          comment: input.comment?.trim() || null,
          reviewerId,
          deciderId: actor.subject ?? null,
          actor: actor.id,
          requestId,
        });
      } catch (error) {
        throw refusalAsApiError(error);
      }
    },

    async stopSeries(actor, seriesId) {
      const series = await getSeries(db, seriesId);
      if (!series) throw apiErrors.notFound(`Review series ${seriesId}`);
      if (series.stoppedAt) return series;
      await temporal().stopSeriesSchedule(seriesId);
      await stopSeriesRow(db, seriesId, actor.id);
      return (await getSeries(db, seriesId)) ?? series;
    },
  };
}
