// Delta links: where the next incremental round starts.
import type { Client } from '@microsoft/microsoft-graph-client';
import { graphPages } from '../../entra/paging.js';

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
