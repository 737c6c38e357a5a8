// Paging with the catalog writes of one page overlapping the Graph reads of the next: a sync is then bounded by
// whichever of the two is slower, not by their sum. The checkpoint always names the first page not yet written,
// so a retried activity re-reads at most the pages that were in flight.
import { graphPages } from '../../entra/paging.js';
import type { StageContext } from './stage.js';

export interface PipelineCursor<Totals> { next: string | null; totals: Totals }

export interface PipelineSteps<T, R, Totals> {
  /** Graph fan-out for a page (members, owners, assignments…). */
  read(items: T[]): Promise<R>;
  /** Catalog writes for a page and what it read; returns the page's contribution to the totals. */
  write(items: T[], related: R): Promise<Partial<Totals>>;
}

export async function pipelinePages<T, R, Totals extends Record<string, number>>(
  ctx: StageContext, first: string, initial: Totals, steps: PipelineSteps<T, R, Totals>, extra: Record<string, unknown> = {},
): Promise<Totals> {
  const resume = ctx.resumeFrom as (PipelineCursor<Totals> & Record<string, unknown>) | undefined;
  const totals = { ...initial, ...resume?.totals };
  let link: string | null = resume?.next ?? first;
  let pending: Promise<void> | undefined;
  for await (const page of graphPages<T>(ctx.client, link, { signal: ctx.signal })) {
    const related = await steps.read(page.items);
    await pending;
    ctx.checkpoint({ ...extra, next: link, totals: { ...totals } });
    pending = steps.write(page.items, related).then((added) => {
      for (const [key, value] of Object.entries(added)) (totals as Record<string, number>)[key] = (totals[key] ?? 0) + (value ?? 0);
    });
    link = page.nextLink ?? null;
  }
  await pending;
  ctx.checkpoint({ ...extra, next: null, totals: { ...totals } });
  return totals;
}
