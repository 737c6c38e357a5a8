// In-memory protocol state of the identity platform: interactive flows waiting on a page, authorization codes,
// refresh tokens and SSO sessions. One instance per running simulator (created by registerIdentityRoutes).
import { randomBytes } from 'node:crypto';
import type { Tenant } from '../model/tenant.js';
import { newOpaqueToken } from './tokens.js';

/** An authorize request waiting for the user to sign in or consent. */
export interface AuthorizeFlow {
  kind: 'authorize';
  segment: string; // tenant path segment the request arrived on
  clientId: string;
  redirectUri: string;
  responseMode: 'query' | 'form_post';
  state?: string;
  nonce?: string;
  codeChallenge: string;
  scopes: string[];
  loginHint?: string;
  prompt?: string;
  clientInfo: boolean;
  consent?: PendingConsent;
}

/** Who was shown a consent page, and for what; the decision POST must come from the same session. */
export interface PendingConsent {
  tenantId: string;
  userId: string;
  scopes: string[];
}

/** An admin-consent request (v2 with scopes, or the legacy v1 form without). */
export interface AdminConsentFlow {
  kind: 'adminconsent';
  version: 'v1' | 'v2';
  segment: string;
  clientId: string;
  redirectUri: string;
  state?: string;
  scope?: string;
  consent?: PendingConsent;
}

export type PendingFlow = AuthorizeFlow | AdminConsentFlow;

export interface IssuedCode {
  tenantId: string;
  userId: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scopes: string[];
  nonce?: string;
  issuedAtMs: number;
  redeemed: boolean;
}

export interface RefreshGrant {
  tenantId: string;
  userId: string;
  clientId: string;
  scopes: string[];
  lastUsedMs: number;
  /** When this refresh token was issued; revokeSignInSessions invalidates the ones issued up to that moment. */
  issuedAtMs: number;
}

export interface Session {
  tenantId: string;
  userId: string;
  sessionState: string;
  /** When the user signed in; revokeSignInSessions ends the sessions started up to that moment. */
  startedAtMs: number;
}

/** Whether the user's sessions were revoked (POST /users/{id}/revokeSignInSessions) at or after `issuedAtMs`. */
export function revokedSince(tenant: Tenant | undefined, userId: string, issuedAtMs: number): boolean {
  const revokedAt = tenant?.sessionsRevokedAt.get(userId);
  return revokedAt !== undefined && issuedAtMs <= revokedAt;
}

export const CODE_LIFETIME_MS = 10 * 60 * 1000;
export const REFRESH_INACTIVITY_MS = 90 * 24 * 3600 * 1000;
const MAX_ENTRIES = 20_000; // bounds memory in long benchmark runs; oldest entries go first

export class IdentityState {
  readonly flows = new Map<string, PendingFlow>();
  readonly codes = new Map<string, IssuedCode>();
  readonly refreshTokens = new Map<string, RefreshGrant>();
  readonly sessions = new Map<string, Session>();

  startFlow(flow: PendingFlow): string {
    return put(this.flows, randomBytes(18).toString('base64url'), flow);
  }
  issueCode(code: IssuedCode): string {
    return put(this.codes, newOpaqueToken('1.A'), code);
  }
  issueRefreshToken(grant: RefreshGrant): string {
    return put(this.refreshTokens, newOpaqueToken('1.AR'), grant);
  }
  startSession(session: Session): string {
    return put(this.sessions, randomBytes(32).toString('base64url'), session);
  }
}

function put<T>(map: Map<string, T>, key: string, value: T): string {
  if (map.size >= MAX_ENTRIES) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(key, value);
  return key;
}
