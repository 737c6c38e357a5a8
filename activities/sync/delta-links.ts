// Delta links: where the next incremental round starts.
import type { Client } from '@microsoft/microsoft-graph-client';
import { graphPages } from '../../entra/paging.js';
import { slicesAfter } from './slices.js';
import type { StageContext } from './stage.js';

/**
 * Asks for a delta link that starts "now" (`$deltaToken=latest`), without enumerating anything. Taken *before* a full
 * listing, so changes made while the listing runs are replayed by the next delta round rather than lost.
 */
export async function latestDeltaLink(client: Client, deltaPath: string, signal?: AbortSignal): Promise<string> {
  const separator = deltaPath.includes('?') ? '&' : '?';
  for await (const page of graphPages(client, `${deltaPath}${separator}$deltaToken=latest`, { signal })) {
    if (page.deltaLink) return page.deltaLink;
  }
  throw new Error(`Graph returned no deltaLink for ${deltaPath}`);
}

/** An entry of a delta page that reports a deletion. */
export function isRemoved(item: unknown): boolean {
  return typeof item === 'object' && item !== null && '@removed' in item;
}

/** The page to read next and, when a previous attempt stopped inside it, the last item it applied there. */
interface DeltaCursor {
  next: string;
  after?: string;
  changed: number;
  removed: number;
}

/**
 * Follows a delta round from `deltaLink` to its new deltaLink, handing each slice's deletions and changes to `apply`,
 * and checkpointing after each slice so a retry resumes mid-round, mid-page. Returns the counts and the link for the
 * next run.
 */
export async function applyDeltaRound<T extends { id: string }>(
  ctx: StageContext,
  deltaLink: string,
  apply: (removedIds: string[], changed: T[]) => Promise<void>,
  options: { sliceSize?: number } = {},
): Promise<{ changed: number; removed: number; deltaLink: string }> {
  const resume = ctx.resumeFrom as DeltaCursor | undefined;
  let { changed = 0, removed = 0 } = resume ?? {};
  let link = resume?.next ?? deltaLink;
  let appliedThrough = resume?.after;
  let nextDeltaLink: string | undefined;
  for await (const page of graphPages<T>(ctx.client, link, { signal: ctx.signal })) {
    const slices = slicesAfter(page.items, appliedThrough, options.sliceSize);
    for (const [index, slice] of slices.entries()) {
      const gone = slice.filter(isRemoved).map((item) => item.id);
      const live = slice.filter((item) => !isRemoved(item));
      await apply(gone, live);
      changed += live.length;
      removed += gone.length;
      const last = slice.at(-1);
      if (last && index < slices.length - 1) ctx.checkpoint({ next: link, after: last.id, changed, removed });
    }
    appliedThrough = undefined;
    nextDeltaLink = page.deltaLink ?? nextDeltaLink;
    if (page.nextLink) {
      link = page.nextLink;
      ctx.checkpoint({ next: link, changed, removed });
    }
  }
  return { changed, removed, deltaLink: nextDeltaLink ?? deltaLink };
}
