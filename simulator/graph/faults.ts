// Injected failures, so reliability tests can replay the same storm: for a given seed and rate, the n-th Graph
// request always meets the same fate (500/503/504 with Graph's body, a 1–3 s delay, a dropped connection, or none).
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultSettings, SimulatorContext } from '../context.js';
import { isBatchItem } from './batch-item.js';
import { graphErrors } from './errors.js';
import type { GraphHook } from './pipeline.js';

export type Fault = { kind: 'error'; status: 500 | 503 | 504 } | { kind: 'slow'; delayMs: number } | { kind: 'drop' };

const SLOW_MIN_MS = 1_000;
const SLOW_SPREAD_MS = 2_000;

/** Mulberry32: tiny, fast, and the same sequence on every platform for a seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The fate of successive requests. Every request draws exactly three numbers, so outcomes never shift the sequence. */
export class FaultPlan {
  private readonly random: () => number;
  constructor(readonly settings: FaultSettings) {
    this.random = prng(settings.seed);
  }

  next(): Fault | undefined {
    const [hit, kind, detail] = [this.random(), this.random(), this.random()];
    if (hit >= this.settings.rate) return undefined;
    if (kind < 0.25) return { kind: 'error', status: 500 };
    if (kind < 0.5) return { kind: 'error', status: 503 };
    if (kind < 0.65) return { kind: 'error', status: 504 };
    if (kind < 0.85) return { kind: 'slow', delayMs: Math.round(SLOW_MIN_MS + detail * SLOW_SPREAD_MS) };
    return { kind: 'drop' };
  }
}

const plans = new WeakMap<SimulatorContext, FaultPlan>();

/** The plan for the current settings; changing rate or seed (control API) starts the sequence again. */
export function faultPlanFor(ctx: SimulatorContext): FaultPlan {
  const current = plans.get(ctx);
  const { rate, seed } = ctx.settings.faults;
  if (current && current.settings.rate === rate && current.settings.seed === seed) return current;
  const plan = new FaultPlan({ rate, seed });
  plans.set(ctx, plan);
  return plan;
}

/** Starts the current seed's sequence again (for a control API "replay" without changing settings). */
export function restartFaultPlan(ctx: SimulatorContext): void {
  plans.delete(ctx);
}

export function faultHook(ctx: SimulatorContext): GraphHook {
  return async ({ request, reply }) => {
    const plan = faultPlanFor(ctx); // looked up even at rate 0, so turning faults back on replays from the start
    if (ctx.settings.faults.rate <= 0) return;
    const fault = plan.next();
    if (!fault) return;
    if (fault.kind === 'error') throw graphErrors.serviceUnavailable(fault.status);
    if (fault.kind === 'slow') {
      await sleep(fault.delayMs);
      return;
    }
    // A batch item has no connection of its own: the gateway reports the lost backend as a timeout instead.
    if (isBatchItem(request)) throw graphErrors.serviceUnavailable(504);
    reply.hijack();
    request.raw.socket?.destroy();
    return 'handled';
  };
}
