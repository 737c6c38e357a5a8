// What an interactive identity step answers with; routes turn it into an HTTP response. Keeping the protocol logic
// free of Fastify lets it read as the steps Entra takes.
import type { IdentityError } from './errors.js';

export type Outcome =
  | { type: 'page'; html: string; status?: number }
  | { type: 'redirect'; location: string }
  | { type: 'formPost'; redirectUri: string; params: Record<string, string> };

export interface InteractiveResult {
  outcome: Outcome;
  /** A new SSO session id to set as the session cookie. */
  session?: string;
  /** Sign-out: expire the session cookie. */
  endSession?: boolean;
}

export const page = (html: string, status = 200): InteractiveResult => ({ outcome: { type: 'page', html, status } });
export const redirect = (location: string): InteractiveResult => ({ outcome: { type: 'redirect', location } });

/** Thrown by validation steps whose error is a page, not a redirect (the redirect URI cannot be trusted yet). */
export class ErrorPage extends Error {
  constructor(readonly error: IdentityError) {
    super(error.message);
  }
}
