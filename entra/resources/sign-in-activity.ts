// Users' last sign-in, read for access reviews' recommendations. Graph returns signInActivity only to tenants with
// Entra ID P1/P2 and only with AuditLog.Read.All; otherwise the first page answers 403, which callers read as
// "sign-in activity unknown" rather than a failure.
import type { Client } from '@microsoft/microsoft-graph-client';
import { graphPages, type GraphPage } from '../paging.js';

export const SIGN_IN_ACTIVITY_URL = '/users?$select=id,signInActivity&$top=999';

interface GraphSignInUser {
  id: string;
  signInActivity?: { lastSignInDateTime?: string | null } | null;
}

export interface SignInRow {
  id: string;
  /** ISO; null = never signed in (or not since Entra began recording). */
  lastSignInAt: string | null;
}

/** Pages of users' last sign-in, from `from` (a next link saved by a heartbeat) or the first page. */
export async function* signInActivityPages(
  client: Client,
  options: { from?: string | undefined; signal?: AbortSignal | undefined } = {},
): AsyncGenerator<GraphPage<SignInRow>> {
  const pages = graphPages<GraphSignInUser>(client, options.from ?? SIGN_IN_ACTIVITY_URL, {
    ...(options.signal ? { signal: options.signal } : {}),
  });
  for await (const page of pages) {
    yield {
      ...page,
      items: page.items.map((u) => ({ id: u.id, lastSignInAt: u.signInActivity?.lastSignInDateTime ?? null })),
    };
  }
}

/** 403: no P1/P2 (Authentication_RequestFromNonPremiumTenantOrB2CTenant) or no AuditLog.Read.All. */
export function isSignInActivityUnavailable(error: unknown): boolean {
  return (error as { statusCode?: number } | null)?.statusCode === 403;
}
