// Access reviews as the API and the pages both use them: create a campaign (or a series) from a validated definition
// and start its workflow, the owner's actions, reviewers' decisions, reads. Refusals are ApiErrors (status + message
// that says what to fix). (Owner: API helper. Stubs until implemented.)
import type { Kysely } from 'kysely';
import type { CatalogSchema } from '../../catalog/index.js';
import type { Campaign, DecideOutcome, Series } from '../../catalog/reviews/index.js';
import type { CampaignDefinition, ReviewDecision } from '../../domain/reviews.js';
import type { ReviewsTemporal } from '../../temporal/clients/reviews.js';
import type { Principal } from '../http/auth.js';

export interface ReviewServiceDeps {
  db: Kysely<CatalogSchema>;
  /** null when Temporal is not configured: creating and owner actions answer 503. */
  reviews: () => ReviewsTemporal | null;
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

export function createReviewService(_deps: ReviewServiceDeps): ReviewService {
  throw new Error('not implemented');
}
