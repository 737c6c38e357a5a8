// GET /{tenant}/oauth2/v2.0/logout: ends the browser's SSO session (the ESTSAUTH cookie and its server-side entry)
// and offers the way back to post_logout_redirect_uri, which is checked like a redirect URI before it is linked.
import type { SimulatorContext } from '../context.js';
import { resolveTenantSegment } from './authority.js';
import { findApp } from './client-auth.js';
import type { IdentityError } from './errors.js';
import { ErrorPage, page, type InteractiveResult } from './outcome.js';
import { signedOutPage } from './pages.js';
import { redirectAllowed } from './sign-in.js';
import type { IdentityState } from './state.js';

export function signOut(
  ctx: SimulatorContext,
  state: IdentityState,
  segment: string,
  q: Record<string, string | undefined>,
  sessionId: string | undefined,
): InteractiveResult {
  try {
    resolveTenantSegment(ctx, segment);
  } catch (err) {
    throw new ErrorPage(err as IdentityError);
  }
  if (sessionId) state.sessions.delete(sessionId);
  return { ...page(signedOutPage(returnUrl(ctx, q))), endSession: true };
}

/** The link back, when it is one the app could have registered (exact match when its list is not empty). */
function returnUrl(ctx: SimulatorContext, q: Record<string, string | undefined>): string | undefined {
  const uri = q.post_logout_redirect_uri;
  if (!uri) return undefined;
  const app = q.client_id ? findApp(ctx.store, q.client_id) : undefined;
  return redirectAllowed(app ?? { redirectUris: [] }, uri) ? uri : undefined;
}
