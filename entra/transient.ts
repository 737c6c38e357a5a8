// One Graph read retried in place when the service fails in a way its client does not retry: a 500/502 or a dropped
// connection (the Graph client reports those as status -1). A long sync step then repeats one request instead of
// failing its whole attempt. 429/503/504 are left to the client's RetryHandler, which honours Retry-After; retrying
// after it gave up would only multiply its wait.

const RETRIED_STATUSES = new Set([-1, 500, 502]);

export interface TransientRetryOptions {
  /** Tries in all, the first included. */
  attempts?: number;
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
}

export function isRetriedInPlace(err: unknown): boolean {
  return RETRIED_STATUSES.has((err as { statusCode?: number } | null)?.statusCode ?? 0);
}

/** Runs `read` (which must be idempotent: a GET, or a $batch of GETs) up to `attempts` times on transient failures. */
export async function retryTransient<T>(read: () => Promise<T>, options: TransientRetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 4;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (err) {
      // A cancelled activity aborts its requests: that is not the service failing.
      if (attempt >= attempts || options.signal?.aborted || !isRetriedInPlace(err)) throw err;
      await sleep(250 * 2 ** (attempt - 1));
    }
  }
}
