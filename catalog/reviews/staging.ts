// Staging: the snapshot of grants in scope into review_items (one INSERT … SELECT, never through history), each with
// its recommendation and applicability, then the assignments (who reviews each item). Sign-in activity read from
// Graph lands in principals.last_sign_in_at first. (Owner: catalog-campaigns helper. Stubs until implemented.)
import type { CatalogDb } from '../directory/writes/sql.js';

export interface StageCounts {
  items: number;
  reviewers: number;
  recommendedRemove: number;
  notApplicable: number;
}

/**
 * Idempotent and atomic (one transaction): if the campaign already has items, returns their counts; else inserts the
 * items in scope and their assignments, sets sign_in_known and staged_at, status 'in_review', audits 'review.staged'.
 */
export async function stageCampaign(
  _db: CatalogDb,
  _campaignId: string,
  _opts: { signInKnown: boolean; now: Date },
): Promise<StageCounts> {
  throw new Error('not implemented');
}

/** Writes last sign-in times read from Graph (id → ISO or null). Chunked; idempotent. */
export async function recordSignInActivity(
  _db: CatalogDb,
  _connectorId: string,
  _rows: readonly { id: string; lastSignInAt: string | null }[],
): Promise<void> {
  throw new Error('not implemented');
}

/**
 * Reviewers who left Entra (principal deleted or account disabled, per the catalog) lose their undecided items'
 * assignments to the campaign's fallback reviewers. Returns how many reviewers were replaced.
 */
export async function reassignDepartedReviewers(_db: CatalogDb, _campaignId: string): Promise<{ reassigned: number }> {
  throw new Error('not implemented');
}

export interface ReviewerToNotify {
  reviewerId: string;
  name: string;
  /** mail, else UPN; null = cannot be emailed. */
  address: string | null;
  assigned: number;
  undecided: number;
}

/** Reviewers of the campaign not yet sent `notice`; `onlyUndecided` skips reviewers with nothing left to decide. */
export async function reviewersToNotify(
  _db: CatalogDb,
  _campaignId: string,
  _notice: string,
  _opts: { onlyUndecided: boolean },
): Promise<ReviewerToNotify[]> {
  throw new Error('not implemented');
}

/** Records that `notice` went to these reviewers (so a retry does not send it again). */
export async function markNotified(
  _db: CatalogDb,
  _campaignId: string,
  _notice: string,
  _reviewerIds: readonly string[],
): Promise<void> {
  throw new Error('not implemented');
}
