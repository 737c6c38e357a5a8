// Graph collections as async iterables of pages. Each page carries the link that fetches the next one, so a
// long-running activity can heartbeat that link and resume from it after a crash.
import type { Client } from '@microsoft/microsoft-graph-client';
import { retryTransient } from './transient.js';

export interface GraphPage<T> {
  items: T[];
  /** The link that fetches the page after this one; absent on the last page. */
  nextLink?: string;
  /** Present on the last page of a delta round: store it and GET it next time. */
  deltaLink?: string;
  count?: number;
}

export interface PageOptions {
  /** Request headers, re-sent on every page (Graph does not carry e.g. ConsistencyLevel over). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

interface CollectionResponse<T> {
  value?: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
  '@odata.count'?: number;
}

/** Follows `@odata.nextLink` from `firstUrl` (a path like `/users?$top=999`, or an absolute next/delta link). */
export async function* graphPages<T>(
  client: Client,
  firstUrl: string,
  options: PageOptions = {},
): AsyncGenerator<GraphPage<T>> {
  let url: string | undefined = firstUrl;
  while (url) {
    const pageUrl: string = url;
    const body = await retryTransient(
      () => {
        let request = client.api(pageUrl).headers(options.headers ?? {});
        if (options.signal) request = request.option('signal', options.signal);
        return request.get() as Promise<CollectionResponse<T>>;
      },
      { signal: options.signal },
    );
    const page: GraphPage<T> = { items: body.value ?? [] };
    if (body['@odata.nextLink']) page.nextLink = body['@odata.nextLink'];
    if (body['@odata.deltaLink']) page.deltaLink = body['@odata.deltaLink'];
    if (body['@odata.count'] !== undefined) page.count = body['@odata.count'];
    yield page;
    url = page.nextLink;
  }
}

/** Every item of a collection, for small collections only (large ones should be consumed page by page). */
export async function collectAll<T>(client: Client, url: string, options?: PageOptions): Promise<T[]> {
  const out: T[] = [];
  for await (const page of graphPages<T>(client, url, options)) out.push(...page.items);
  return out;
}
