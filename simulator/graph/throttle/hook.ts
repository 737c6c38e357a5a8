// Throttling in front of every Graph request: prices it, asks the (app, tenant) buckets, and either refuses with
// Graph's 429 or lets it through carrying `x-ms-resource-unit` (sent in every mode, `off` included).
import { performance } from 'node:perf_hooks';
import type { SimulatorContext } from '../../context.js';
import { isBatchEnvelope } from '../batch-item.js';
import { graphPath, type GraphHook } from '../pipeline.js';
import { requestCost } from './cost.js';
import { Throttler } from './throttler.js';

const throttlers = new WeakMap<SimulatorContext, Throttler>();

/** One throttler per simulator, so buckets survive however often the hooks are built. */
export function throttlerFor(ctx: SimulatorContext): Throttler {
  let throttler = throttlers.get(ctx);
  if (!throttler) {
    throttler = new Throttler(() => performance.now());
    throttlers.set(ctx, throttler);
  }
  return throttler;
}

export function throttleHook(ctx: SimulatorContext): GraphHook {
  const throttler = throttlerFor(ctx);
  return ({ request, reply, caller, tenant }) => {
    const path = graphPath(request);
    if (isBatchEnvelope(path)) return; // each item is priced on its own
    const cost = requestCost({ method: request.method, path, query: (request.query ?? {}) as Record<string, unknown> });
    const admission = throttler.admit({
      appId: caller.appId,
      tenantId: tenant.id,
      tenantUserCount: tenant.users.size,
      cost,
      mode: ctx.settings.throttle,
    });
    if (!admission.ok) throw admission.error;
    reply.headers(admission.headers);
  };
}
