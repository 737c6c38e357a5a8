// Signed review links: the email a reviewer gets for a campaign points at /reviews/link?token=…, scoped to that
// campaign and that reviewer, with their own key (derived from the link signing key) and purpose, so no other Lantern
// link can pass for one. The link changes nothing by itself: the route checks it, then sends the person to the
// campaign's inbox, signed in. It expires a week after the due date. Tokens never reach logs nor workflow history.
import { createLinkSigner, type LinkSigner } from './signer.js';

export const REVIEW_LINK_PATH = '/reviews/link';
/** How long after the due date a link still opens the inbox (to see the outcome, or a due date since extended). */
export const REVIEW_LINK_GRACE_MS = 7 * 86_400_000;

export interface ReviewLinkClaims {
  campaignId: string;
  /** The reviewer's Entra object id: the signed-in person must be them. */
  reviewerId: string;
  expiresAtMs: number;
}

export type ReviewLinkCheck =
  | { ok: true; claims: ReviewLinkClaims }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' | 'wrong_scope' };

export interface ReviewLinks {
  sign(claims: ReviewLinkClaims): string;
  verify(token: string, nowMs?: number): ReviewLinkCheck;
}

export function createReviewLinks(base: LinkSigner): ReviewLinks {
  const signer = createLinkSigner(Buffer.from(base.derive('access-review-link-key'), 'base64url'));
  return {
    sign: ({ campaignId, reviewerId, expiresAtMs }) =>
      signer.sign({ subject: campaignId, actor: reviewerId, purpose: 'access-review', expiresAtMs }),
    verify(token, nowMs) {
      const check = signer.verify(token, { purpose: 'access-review' }, nowMs);
      if (!check.ok) return check;
      const { subject, actor, expiresAtMs } = check.claims;
      return { ok: true, claims: { campaignId: subject, reviewerId: actor, expiresAtMs } };
    },
  };
}

/** A link for a campaign due at `dueAt` expires this long after it. */
export const reviewLinkExpiry = (dueAt: string | Date): number => new Date(dueAt).getTime() + REVIEW_LINK_GRACE_MS;

export const reviewLinkUrl = (publicUrl: string, token: string): string =>
  `${publicUrl}${REVIEW_LINK_PATH}?token=${encodeURIComponent(token)}`;

/** Where a verified link (and the reviews nav) lead: the campaign's inbox. */
export const reviewInboxPath = (campaignId: string): string => `/reviews/${encodeURIComponent(campaignId)}`;
