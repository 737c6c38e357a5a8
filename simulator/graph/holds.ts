// Test hook for in-process simulators: keep the next Graph request that matches waiting until released, and say when
// it arrived, so a crash test can kill its client at exactly that request. No Microsoft equivalent.
import type { SimulatorContext } from '../context.js';
import { graphPath, type GraphHook } from './pipeline.js';

export interface RequestHold {
  /** Settles when the matching request has arrived (and is being held). */
  arrived: Promise<void>;
  /** Lets the held request continue (a no-op once its client has gone). */
  release(): void;
}

interface PendingHold {
  method: string;
  path: RegExp;
  arrived(): void;
  released: Promise<void>;
}

const pending = new WeakMap<SimulatorContext, PendingHold[]>();

/** Holds the next request whose method and path (below /v1.0, e.g. `/users/$count`) match; one request per call. */
export function holdNextRequest(ctx: SimulatorContext, match: { method?: string; path: RegExp }): RequestHold {
  let arrived!: () => void;
  let release!: () => void;
  const hold: PendingHold = {
    method: (match.method ?? 'GET').toUpperCase(),
    path: match.path,
    arrived: () => arrived(),
    released: new Promise<void>((resolve) => {
      release = resolve;
    }),
  };
  const arrival = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  pending.set(ctx, [...(pending.get(ctx) ?? []), hold]);
  return { arrived: arrival, release };
}

export function holdHook(ctx: SimulatorContext): GraphHook {
  return async ({ request }) => {
    const holds = pending.get(ctx);
    if (!holds?.length) return;
    const path = graphPath(request);
    const hold = holds.find((h) => h.method === request.method && h.path.test(path));
    if (!hold) return;
    pending.set(
      ctx,
      holds.filter((h) => h !== hold),
    );
    hold.arrived();
    await hold.released;
  };
}
