// GET /reviews/link?token=…: where a reviewer's email leads. Public by decision: the signed link names the campaign and
// the reviewer, but it changes nothing by itself. Verified, it sends the reviewer to their items (through sign-in first
// when needed, returning there); signed in as somebody else it is refused. Forged or malformed links are 400, expired
// ones 410. The token is never logged (the request serializer redacts `token`) nor echoed on a page.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { publicAccess } from '../http/auth.js';
import { installPageHeaders, refuse } from '../pages/page.js';
import { SIGN_IN_PATH } from '../people/session-auth.js';
import { inboxPath, MY_REVIEWS_PATH } from './pages-parts.js';

export const REVIEW_LINK_ROUTE = '/reviews/link';

/** What lib/links/review.ts answers for a token (its verify). */
export type ReviewLinkCheck =
  { ok: true; claims: { campaignId: string; reviewerId: string; expiresAtMs: number } } | { ok: false; reason: string };

export interface ReviewLinkVerifier {
  verify(token: string, nowMs?: number): ReviewLinkCheck;
}

const unavailable = {
  status: 503,
  title: 'Review links are unavailable',
  message: 'This Lantern has no link signing key configured. Open Reviews after signing in instead.',
  next: { href: MY_REVIEWS_PATH, label: 'Your reviews' },
};

const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 4096 })) });

export const reviewLinkRoutes: FastifyPluginAsyncTypebox<{ links: ReviewLinkVerifier | null }> = async (
  app,
  { links },
) => {
  installPageHeaders(app);
  app.get(
    REVIEW_LINK_ROUTE,
    { config: publicAccess, schema: { hide: true, querystring: TokenQuery } },
    async (request, reply) => {
      // Without a link signer (no onboarding, no sign-in) no link can be checked; the route still owns its path.
      if (!links) return refuse(reply, unavailable);
      const check = links.verify(request.query.token ?? '');
      if (!check.ok)
        return check.reason === 'expired'
          ? refuse(reply, {
              status: 410,
              title: 'This review link has expired',
              message:
                'Review links work until a week after the campaign’s due date. Your reviews are listed under Reviews.',
              next: { href: MY_REVIEWS_PATH, label: 'Your reviews' },
            })
          : refuse(reply, {
              status: 400,
              title: 'This review link is not valid',
              message:
                'The link is incomplete or was not issued by Lantern. Open the link from the review email again.',
              next: { href: MY_REVIEWS_PATH, label: 'Your reviews' },
            });
      const { campaignId, reviewerId } = check.claims;
      const target = inboxPath(campaignId);
      const subject = request.principal?.subject;
      if (!subject) return reply.redirect(`${SIGN_IN_PATH}?${new URLSearchParams({ returnTo: target })}`, 303);
      if (subject !== reviewerId)
        return refuse(reply, {
          status: 403,
          title: 'This link is for another reviewer',
          message:
            'You are signed in as someone else than the reviewer this email was sent to. Sign out, then open the link again.',
          next: { href: MY_REVIEWS_PATH, label: 'Your own reviews' },
        });
      return reply.redirect(target, 303);
    },
  );
};
