// A per-tenant token bucket in resource units. Requests wait for budget before they are sent, so a sync runs at the
// published rate instead of finding the limit by being throttled.

export interface RequestBudget {
  /** Waits until `units` are available, then spends them. */
  take(units: number, signal?: AbortSignal): Promise<void>;
  /** Corrects an estimate once the service has said what the request really cost. */
  settle(estimated: number, actual: number): void;
}

export interface BudgetOptions {
  unitsPer10s: number;
  /** Fraction of the published limit to use; the rest absorbs other apps and estimation error. */
  utilisation?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export function createRequestBudget(options: BudgetOptions): RequestBudget {
  const capacity = options.unitsPer10s * (options.utilisation ?? 0.9);
  const ratePerMs = capacity / 10_000;
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? abortableSleep;
  let tokens = capacity;
  let updated = now();
  let queue: Promise<void> = Promise.resolve();

  const refill = () => {
    const t = now();
    tokens = Math.min(capacity, tokens + (t - updated) * ratePerMs);
    updated = t;
  };

  return {
    take(units, signal) {
      // Serialise waiters so a large request is not starved by a stream of small ones.
      const turn = queue.then(async () => {
        refill();
        while (tokens < Math.min(units, capacity)) {
          await sleep(Math.ceil((Math.min(units, capacity) - tokens) / ratePerMs), signal);
          refill();
        }
        tokens -= units;
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
    settle(estimated, actual) {
      refill();
      tokens = Math.min(capacity, tokens + estimated - actual);
    },
  };
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}
