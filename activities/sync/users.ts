// Users → principals. Full: list with $top=999 (after taking a "latest" delta link). Delta: apply the changes since
// the stored link, deletions included.
import { deletePrincipals, upsertPrincipals } from '../../catalog/directory/index.js';
import { graphPages } from '../../entra/paging.js';
import { USER_SELECT, userToPrincipal, type GraphUser } from '../../entra/resources/users.js';
import { isRemoved, latestDeltaLink } from './delta-links.js';
import { pipelinePages } from './pipeline.js';
import type { StageContext } from './stage.js';

const select = USER_SELECT.join(',');

export async function fullUsers(ctx: StageContext) {
  const deltaLink = (ctx.resumeFrom as { deltaLink?: string } | undefined)?.deltaLink
    ?? await latestDeltaLink(ctx.client, `/users/delta?$select=${select}`, ctx.signal);
  const totals = await pipelinePages(ctx, `/users?$select=${select}&$top=999`, { users: 0 }, {
    read: async (page: GraphUser[]) => page.map(userToPrincipal),
    write: async (_page, principals) => {
      await upsertPrincipals(ctx.db, { connectorId: ctx.connector.id, generation: ctx.generation, principals });
      return { users: principals.length };
    },
  }, { deltaLink });
  return { counts: totals, deltaLink };
}

interface DeltaCursor { next: string; changed: number; removed: number }

export async function deltaUsers(ctx: StageContext, deltaLink: string) {
  const resume = ctx.resumeFrom as DeltaCursor | undefined;
  let { changed = 0, removed = 0 } = resume ?? {};
  let nextDeltaLink: string | undefined;
  for await (const page of graphPages<GraphUser>(ctx.client, resume?.next ?? deltaLink, { signal: ctx.signal })) {
    const gone = page.items.filter(isRemoved).map((u) => u.id);
    const updated = page.items.filter((u) => !isRemoved(u)).map(userToPrincipal);
    await deletePrincipals(ctx.db, { connectorId: ctx.connector.id, ids: gone });
    await upsertPrincipals(ctx.db, { connectorId: ctx.connector.id, generation: ctx.generation, principals: updated });
    changed += updated.length;
    removed += gone.length;
    nextDeltaLink = page.deltaLink ?? nextDeltaLink;
    if (page.nextLink) ctx.checkpoint({ next: page.nextLink, changed, removed });
  }
  return { counts: { users: changed, removed }, deltaLink: nextDeltaLink ?? deltaLink };
}
