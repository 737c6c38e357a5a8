// Fan-out reads through JSON $batch (20 requests per round trip). Items the service throttles or fails transiently
// are retried in a later batch after their own Retry-After, as Microsoft's guidance asks; other statuses are returned
// to the caller, who knows whether e.g. a 404 (object deleted meanwhile) matters.
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GraphStats } from './graph-stats.js';
import { retryTransient } from './transient.js';

export const BATCH_LIMIT = 20;
const RETRYABLE = new Set([429, 500, 502, 503, 504]);

export interface BatchItemResult<T = unknown> {
  status: number;
  body: T;
}

export interface BatchGetOptions {
  /** Batches in flight at once. */
  concurrency?: number;
  /** Rounds of retry for throttled/transient items before giving up with an error. */
  maxAttempts?: number;
  headers?: Record<string, string>;
  stats?: GraphStats;
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
}

interface BatchResponse {
  responses?: { id: string; status: number; headers?: Record<string, string>; body?: unknown }[];
}

/** GETs every relative url (e.g. `/groups/{id}/members?$select=id`), returning results in the same order. */
export async function batchGet<T = unknown>(
  client: Client,
  urls: readonly string[],
  options: BatchGetOptions = {},
): Promise<BatchItemResult<T>[]> {
  const results: (BatchItemResult<T> | undefined)[] = new Array(urls.length);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let pending = urls.map((_, index) => index);
  const maxAttempts = options.maxAttempts ?? 8;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const chunks: number[][] = [];
    for (let i = 0; i < pending.length; i += BATCH_LIMIT) chunks.push(pending.slice(i, i + BATCH_LIMIT));
    const retry: number[] = [];
    let waitMs = 0;
    await forEachConcurrently(chunks, options.concurrency ?? 4, async (chunk) => {
      const requests = chunk.map((index) => ({
        id: String(index),
        method: 'GET',
        url: urls[index]!,
        ...(options.headers ? { headers: options.headers } : {}),
      }));
      // Every item is a GET, so the whole round trip may be repeated.
      const response = await retryTransient(
        () => {
          let request = client.api('/$batch');
          if (options.signal) request = request.option('signal', options.signal);
          return request.post({ requests }) as Promise<BatchResponse>;
        },
        { signal: options.signal },
      );
      for (const item of response.responses ?? []) {
        const index = Number(item.id);
        options.stats?.recordBatchItem?.(item.status);
        if (RETRYABLE.has(item.status) && attempt < maxAttempts) {
          retry.push(index);
          waitMs = Math.max(waitMs, retryAfterMs(item.headers, attempt));
        } else {
          results[index] = { status: item.status, body: item.body as T };
        }
      }
    });
    if (retry.length && waitMs > 0) await sleep(waitMs);
    pending = retry;
  }
  return results.map((result, index) => {
    if (!result) throw new Error(`Batch item for ${urls[index]} got no response`);
    return result;
  });
}

function retryAfterMs(headers: Record<string, string> | undefined, attempt: number): number {
  const header = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'retry-after')?.[1];
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  return Math.min(30_000, 500 * 2 ** (attempt - 1));
}

/** Runs `work` over items with at most `limit` in flight, failing fast on the first error. */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(runners);
}
