// Users → principals. Full: list with $top=999 (after taking a "latest" delta link). Delta: apply the changes since
// the stored link, deletions included.
import { deletePrincipals, recordSignInActivity, upsertPrincipals } from '../../catalog/directory/writes/index.js';
import { isSignInActivityUnavailable, signInActivityPages } from '../../entra/resources/sign-in-activity.js';
import { endSessionsOfUsers } from '../../catalog/people/sessions.js';
import { USER_SELECT, userToPrincipal, type GraphUser } from '../../entra/resources/users.js';
import { applyDeltaRound, latestDeltaLink } from './delta-links.js';
import { pipelinePages } from './pipeline.js';
import type { StageContext } from './stage.js';

const select = USER_SELECT.join(',');
// Delta rounds carry manager changes as `manager@delta` only when the link selected the relationship.
const deltaSelect = `${select},manager`;

export async function fullUsers(ctx: StageContext) {
  const deltaLink =
    (ctx.resumeFrom as { deltaLink?: string } | undefined)?.deltaLink ??
    (await latestDeltaLink(ctx.client, `/users/delta?$select=${deltaSelect}`, ctx.signal));
  const totals = await pipelinePages(
    ctx,
    // The manager travels as an expansion (approval policies may name the requester's manager).
    `/users?$select=${select}&$expand=manager&$top=999`,
    { users: 0 },
    {
      read: async (page: GraphUser[]) => page.map(userToPrincipal),
      write: async (_page, principals) => {
        await upsertPrincipals(ctx.db, { connectorId: ctx.connector.id, generation: ctx.generation, principals });
        await endSessionsOfUsers(ctx.db, ctx.connector.tenantId, disabledIds(principals));
        return { users: principals.length };
      },
    },
    { deltaLink },
  );
  if (ctx.connector.options.includeSignInActivity) await readSignInActivity(ctx);
  return { counts: totals, deltaLink };
}

/**
 * The connector option `includeSignInActivity`: full syncs also read every user's last sign-in (delta queries do not
 * carry it). A tenant without Entra ID P1/P2, or a connector without AuditLog.Read.All, answers 403: the catalog then
 * keeps what it has, and access reviews say "sign-in activity unknown".
 */
async function readSignInActivity(ctx: StageContext): Promise<void> {
  try {
    for await (const page of signInActivityPages(ctx.client, { signal: ctx.signal })) {
      await recordSignInActivity(ctx.db, ctx.connector.id, page.items);
    }
  } catch (error) {
    if (!isSignInActivityUnavailable(error)) throw error;
  }
}

export async function deltaUsers(ctx: StageContext, deltaLink: string) {
  const round = await applyDeltaRound<GraphUser>(ctx, deltaLink, async (gone, changed) => {
    await deletePrincipals(ctx.db, { connectorId: ctx.connector.id, ids: gone });
    const principals = changed.map(userToPrincipal);
    await upsertPrincipals(ctx.db, { connectorId: ctx.connector.id, generation: ctx.generation, principals });
    // Sign-in sessions of people Entra disabled or deleted end now, not when their roles cache expires.
    await endSessionsOfUsers(ctx.db, ctx.connector.tenantId, [...gone, ...disabledIds(principals)]);
  });
  return { counts: { users: round.changed, removed: round.removed }, deltaLink: round.deltaLink };
}

const disabledIds = (principals: readonly { id: string; accountEnabled: boolean }[]) =>
  principals.filter((p) => !p.accountEnabled).map((p) => p.id);
