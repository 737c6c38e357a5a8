// Paging with the catalog writes of one slice overlapping the Graph reads of the next: a sync is then bounded by
// whichever of the two is slower, not by their sum. The checkpoint always names the first slice not yet written (its
// page's link and the last item written before it), so a retried activity re-reads at most the slices in flight.
import { graphPages } from '../../entra/paging.js';
import { slicesAfter } from './slices.js';
import type { StageContext } from './stage.js';

export interface PipelineCursor<Totals> {
  /** The page to read next; null once every page is written. */
  next: string | null;
  /** Items of that page up to and including this id are written. */
  after?: string;
  totals: Totals;
}

export interface PipelineSteps<T, R, Totals> {
  /** Graph fan-out for a slice (members, owners, assignments…). */
  read(items: T[]): Promise<R>;
  /** Catalog writes for a slice and what it read; returns the slice's contribution to the totals. */
  write(items: T[], related: R): Promise<Partial<Totals>>;
  /**
   * Items per slice (default: the whole page). Worth setting where one item fans out into many Graph reads: a failed
   * attempt then repeats one slice, not the page.
   */
  sliceSize?: number;
}

export async function pipelinePages<T extends { id: string }, R, Totals extends Record<string, number>>(
  ctx: StageContext,
  first: string,
  initial: Totals,
  steps: PipelineSteps<T, R, Totals>,
  extra: Record<string, unknown> = {},
): Promise<Totals> {
  const resume = ctx.resumeFrom as (PipelineCursor<Totals> & Record<string, unknown>) | undefined;
  const totals = { ...initial, ...resume?.totals };
  if (resume?.next === null) return totals;
  let link: string | null = resume?.next ?? first;
  let writtenThrough = resume?.after;
  let pending: Promise<void> | undefined;
  for await (const page of graphPages<T>(ctx.client, link, { signal: ctx.signal })) {
    const pageLink: string = link!;
    for (const slice of slicesAfter(page.items, writtenThrough, steps.sliceSize)) {
      const related = await steps.read(slice);
      await pending;
      ctx.checkpoint({
        ...extra,
        next: pageLink,
        ...(writtenThrough ? { after: writtenThrough } : {}),
        totals: { ...totals },
      });
      pending = steps.write(slice, related).then((added) => {
        for (const [key, value] of Object.entries(added))
          (totals as Record<string, number>)[key] = (totals[key] ?? 0) + (value ?? 0);
      });
      writtenThrough = slice.at(-1)?.id;
    }
    writtenThrough = undefined;
    link = page.nextLink ?? null;
  }
  await pending;
  ctx.checkpoint({ ...extra, next: null, totals: { ...totals } });
  return totals;
}
