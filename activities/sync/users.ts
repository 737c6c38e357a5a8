// Users → principals. Full: list with $top=999 (after taking a "latest" delta link). Delta: apply the changes since
// the stored link, deletions included.
import { deletePrincipals, upsertPrincipals } from '../../catalog/directory/writes/index.js';
import { USER_SELECT, userToPrincipal, type GraphUser } from '../../entra/resources/users.js';
import { applyDeltaRound, latestDeltaLink } from './delta-links.js';
import { pipelinePages } from './pipeline.js';
import type { StageContext } from './stage.js';

const select = USER_SELECT.join(',');

export async function fullUsers(ctx: StageContext) {
  const deltaLink =
    (ctx.resumeFrom as { deltaLink?: string } | undefined)?.deltaLink ??
    (await latestDeltaLink(ctx.client, `/users/delta?$select=${select}`, ctx.signal));
  const totals = await pipelinePages(
    ctx,
    `/users?$select=${select}&$top=999`,
    { users: 0 },
    {
      read: async (page: GraphUser[]) => page.map(userToPrincipal),
      write: async (_page, principals) => {
        await upsertPrincipals(ctx.db, { connectorId: ctx.connector.id, generation: ctx.generation, principals });
        return { users: principals.length };
      },
    },
    { deltaLink },
  );
  return { counts: totals, deltaLink };
}

export async function deltaUsers(ctx: StageContext, deltaLink: string) {
  const round = await applyDeltaRound<GraphUser>(ctx, deltaLink, async (gone, changed) => {
    await deletePrincipals(ctx.db, { connectorId: ctx.connector.id, ids: gone });
    await upsertPrincipals(ctx.db, {
      connectorId: ctx.connector.id,
      generation: ctx.generation,
      principals: changed.map(userToPrincipal),
    });
  });
  return { counts: { users: round.changed, removed: round.removed }, deltaLink: round.deltaLink };
}
