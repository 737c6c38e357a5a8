// Who may do what with a campaign, and how the catalog's and the workflow's refusals become API errors. Checked
// before a body is even validated (routes call these in preValidation), so a stranger learns nothing from a 400.
import { getCampaign, type Campaign } from '../../catalog/reviews/campaigns.js';
import { ReviewRefusal } from '../../catalog/reviews/decisions.js';
import type { CatalogDb } from '../../catalog/directory/writes/sql.js';
import { isReviewerOf } from '../../catalog/reviews/definition-refs.js';
import { ReviewUpdateRefused } from '../../temporal/clients/reviews.js';
import type { Principal } from '../http/auth.js';
import { ApiError, apiErrors } from '../http/errors.js';

export async function requireCampaign(db: CatalogDb, campaignId: string): Promise<Campaign> {
  const campaign = await getCampaign(db, campaignId);
  if (!campaign) throw apiErrors.notFound(`Review campaign ${campaignId}`);
  return campaign;
}

const isAdmin = (actor: Principal) => actor.roles.includes('admin');
const seesAll = (actor: Principal) => isAdmin(actor) || actor.roles.includes('reader');

/** Close, extend, apply: admins, or the person who created the campaign. */
export function requireManager(actor: Principal, campaign: Campaign, act: string): void {
  if (isAdmin(actor)) return;
  if (actor.subject && campaign.ownerSubject === actor.subject) return;
  throw apiErrors.outOfScope(`Only an admin or the person who created campaign ${campaign.id} may ${act} it.`);
}

/**
 * Whose items the caller sees: every item (null) for admins and readers, or their own. A person with no item in the
 * campaign is told it does not exist (it is not theirs to know about).
 */
export async function itemViewer(db: CatalogDb, actor: Principal, campaignId: string): Promise<string | null> {
  if (seesAll(actor)) return null;
  if (actor.subject && (await isReviewerOf(db, campaignId, actor.subject))) return actor.subject;
  throw apiErrors.notFound(`Review campaign ${campaignId}`);
}

/**
 * Who decides: a reviewer of the campaign decides as themself (reviewerId = their object id); an admin who is not one
 * decides on a reviewer's behalf (null). Anyone else: 404 for people (not theirs to know about), 403 for tokens.
 */
export async function decider(db: CatalogDb, actor: Principal, campaignId: string): Promise<string | null> {
  if (actor.subject && (await isReviewerOf(db, campaignId, actor.subject))) return actor.subject;
  if (isAdmin(actor)) return null;
  if (actor.subject) throw apiErrors.notFound(`Review campaign ${campaignId}`);
  throw apiErrors.outOfScope(
    "Decisions are made by the campaign's reviewers (signed in) or by an admin on their behalf; a reader may only look.",
  );
}

const REFUSAL_STATUS: Record<ReviewRefusal['code'], number> = {
  closed: 409,
  not_reviewer: 403,
  self_review: 403,
  unknown_items: 404,
  unknown_campaign: 404,
  not_decidable: 422,
};

/** The catalog's and the workflow's refusals as API errors; anything else passes through unchanged. */
export function refusalAsApiError(error: unknown): unknown {
  if (error instanceof ReviewRefusal) {
    const details = error.itemIds.length > 0 ? { itemIds: error.itemIds.slice(0, 1_000) } : undefined;
    const ids = error.itemIds;
    // The caller must learn which items to fix, whether or not the catalog's message named them.
    const message =
      ids.length > 0 && !error.message.includes(ids[0]!)
        ? `${error.message} (items ${ids.slice(0, 20).join(', ')}${ids.length > 20 ? ` and ${ids.length - 20} more` : ''})`
        : error.message;
    return new ApiError(REFUSAL_STATUS[error.code], error.code, message, {}, details);
  }
  if (error instanceof ReviewUpdateRefused) return apiErrors.conflict(error.message);
  return error;
}
