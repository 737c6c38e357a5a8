// Delta links: where the next incremental round starts.
import type { Client } from '@microsoft/microsoft-graph-client';
import { graphPages } from '../../entra/paging.js';
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

interface DeltaCursor { next: string; changed: number; removed: number }

/**
 * Follows a delta round from `deltaLink` to its new deltaLink, handing each page's deletions and changes to `apply`,
 * and checkpointing the next page so a retry resumes mid-round. Returns the counts and the link for the next run.
 */
export async function applyDeltaRound<T extends { id: string }>(
  ctx: StageContext, deltaLink: string, apply: (removedIds: string[], changed: T[]) => Promise<void>,
): Promise<{ changed: number; removed: number; deltaLink: string }> {
  const resume = ctx.resumeFrom as DeltaCursor | undefined;
  let { changed = 0, removed = 0 } = resume ?? {};
  let nextDeltaLink: string | undefined;
  for await (const page of graphPages<T>(ctx.client, resume?.next ?? deltaLink, { signal: ctx.signal })) {
    const gone = page.items.filter(isRemoved).map((item) => item.id);
    const live = page.items.filter((item) => !isRemoved(item));
    await apply(gone, live);
    changed += live.length;
    removed += gone.length;
    nextDeltaLink = page.deltaLink ?? nextDeltaLink;
    if (page.nextLink) ctx.checkpoint({ next: page.nextLink, changed, removed });
  }
  return { changed, removed, deltaLink: nextDeltaLink ?? deltaLink };
}
