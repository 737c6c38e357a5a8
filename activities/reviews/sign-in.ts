// Refreshing users' last sign-in before staging, so recommendations ("no sign-in for N days") use today's figures.
// Resumable: each page's next link is heartbeated and a retry continues from it. A tenant without P1/P2 (or a
// connector without AuditLog.Read.All) answers 403: sign-in activity is then unknown, which is not a failure.
import { Context } from '@temporalio/activity';
import { recordSignInActivity } from '../../catalog/reviews/staging.js';
import { isSignInActivityUnavailable, signInActivityPages } from '../../entra/resources/sign-in-activity.js';
import type { SyncActivityDeps } from '../sync/deps.js';

export interface RefreshSignInInput {
  campaignId: string;
  connectorId: string;
}

export async function refreshSignInActivity(
  deps: SyncActivityDeps,
  input: RefreshSignInInput,
): Promise<{ signInKnown: boolean; users: number }> {
  const context = Context.current();
  const connector = await deps.loadConnector(input.connectorId);
  const { client } = deps.tenantGraph.client({ tenantId: connector.tenantId, cloud: connector.cloud });
  const saved = context.info.heartbeatDetails as { nextLink?: string; users?: number } | undefined;
  let progress = { nextLink: saved?.nextLink, users: saved?.users ?? 0 };
  // Beats on a timer too (a throttled page can take a while), always with the last page's link.
  const timer = setInterval(() => context.heartbeat(progress), 1_000);
  try {
    const pages = signInActivityPages(client, { from: progress.nextLink, signal: context.cancellationSignal });
    for await (const page of pages) {
      await recordSignInActivity(deps.catalog.db, input.connectorId, page.items);
      progress = { nextLink: page.nextLink, users: progress.users + page.items.length };
      context.heartbeat(progress);
    }
  } catch (error) {
    if (isSignInActivityUnavailable(error)) return { signInKnown: false, users: progress.users };
    throw error;
  } finally {
    clearInterval(timer);
  }
  return { signInKnown: true, users: progress.users };
}
