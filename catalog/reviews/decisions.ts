// Reviewers' decisions, the reviewer inbox's reads, the default decision at close. (Owner: catalog-decisions helper.
// Stubs until implemented.)
import type { CatalogDb } from '../directory/writes/sql.js';
import type {
  Applicability,
  ApplyResult,
  DefaultDecision,
  Recommendation,
  ReviewDecision,
  DecisionSource,
} from '../../domain/reviews.js';

/** Why a decision was refused; the API maps code → status (409 closed, 403 not_reviewer/self_review, 404 unknown_items, 422 not_decidable). */
export class ReviewRefusal extends Error {
  constructor(
    readonly code: 'closed' | 'not_reviewer' | 'self_review' | 'unknown_items' | 'not_decidable' | 'unknown_campaign',
    message: string,
    readonly itemIds: string[] = [],
  ) {
    super(message);
    this.name = 'ReviewRefusal';
  }
}

export interface DecideInput {
  campaignId: string;
  itemIds: readonly string[];
  decision: ReviewDecision;
  comment: string | null;
  /** The reviewer's Entra object id; null = an admin deciding on a reviewer's behalf (source 'admin'). */
  reviewerId: string | null;
  /** Audit actor label ('session:<oid>', 'api-token:<id>'). */
  actor: string;
  requestId?: string | undefined;
}

export interface DecideOutcome {
  /** Items whose decision was written now. */
  decided: number;
  /** Items that already carried this decision and comment (a double-submitted form). */
  unchanged: number;
}

/**
 * All or nothing, in one transaction that locks the campaign row: refused (ReviewRefusal) when the campaign is not
 * in_review, any item is unknown, not assigned to the reviewer, the reviewer's own access (unless a self-review), or
 * held via a group. Writes one audit row per changed item ('review.decided'). A decision may change until close.
 */
export async function decideItems(_db: CatalogDb, _input: DecideInput): Promise<DecideOutcome> {
  throw new Error('not implemented');
}

export interface ReviewItemView {
  id: string;
  entitlementId: string;
  entitlementKind: string;
  entitlementName: string;
  resourceId: string;
  resourceType: string;
  resourceName: string;
  principalId: string;
  principalKind: string;
  principalName: string;
  principalUpn: string | null;
  userType: string | null;
  accountEnabled: boolean;
  lastSignInAt: string | null;
  viaGroupId: string | null;
  viaGroupName: string | null;
  applicability: Applicability;
  applicabilityReason: string | null;
  recommendation: Recommendation;
  recommendationReason: string;
  decision: ReviewDecision | null;
  decisionSource: DecisionSource | null;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
  applyResult: ApplyResult | null;
  applyMessage: string | null;
  appliedAt: string | null;
  /** Entra object ids of everyone who may decide it. */
  reviewerIds: string[];
}

export type InboxSort = 'principal' | 'resource' | 'lastSignIn' | 'recommendation';

export interface InboxQuery {
  campaignId: string;
  /** Only items this person may decide; null = every item (admins, reports). */
  reviewerId: string | null;
  decision?: 'undecided' | 'keep' | 'remove' | 'all' | undefined;
  recommendation?: Recommendation | undefined;
  /** Case-insensitive substring of principal name/UPN or resource name. */
  q?: string | undefined;
  sort?: InboxSort | undefined;
  /** Opaque keyset cursor from the previous page's nextCursor. */
  cursor?: string | undefined;
  limit: number;
}

/** One page (keyset, ≤ 200 ms p95 for a 10k-item reviewer on PostgreSQL), and the total matching the filters. */
export async function listItems(
  _db: CatalogDb,
  _q: InboxQuery,
): Promise<{ items: ReviewItemView[]; nextCursor: string | null; total: number }> {
  throw new Error('not implemented');
}

/**
 * At close: every undecided, decidable item gets the campaign's default (keep, remove, or its recommendation — 'none'
 * counts as keep), source 'default', decided_by 'lantern'. Idempotent. Returns how many it decided.
 */
export async function applyDefaultDecision(
  _db: CatalogDb,
  _campaignId: string,
  _defaultDecision: DefaultDecision,
): Promise<{ defaulted: number }> {
  throw new Error('not implemented');
}
