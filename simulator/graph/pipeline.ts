// The hooks that run in front of every Graph route, after authentication and before the handler: PIM expiry and due
// dynamic-membership re-evaluations (so reads never see stale state), throttling, then injected faults. The plugin
// (graph/plugin.ts) calls `runGraphHooks(hooks, call)` from one preHandler; `$batch` items pass through it too
// because batch.ts dispatches them with app.inject.
//
// Contract with plugin.ts:
//   const hooks = graphHooks(ctx);                       // once, at registration (hooks keep per-context state)
//   app.addHook('preHandler', async (request, reply) => {
//     const caller = ...; const tenant = ...;           // after the auth check
//     if (!(await runGraphHooks(hooks, { request, reply, caller, tenant }))) return reply; // connection dropped
//   });
// A hook rejects a request by throwing a GraphError (the plugin renders the envelope and its headers); it may set
// response headers on `reply` (x-ms-resource-unit…); it returns 'handled' only when it took the response over.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SimulatorContext } from '../context.js';
import type { Caller } from '../identity/signing.js';
import type { Tenant } from '../model/tenant.js';
import { faultHook } from './faults.js';
import { holdHook } from './holds.js';
import { pimExpiryHook } from './pim/expiry.js';
import { dynamicMembershipHook } from './writes/dynamic-membership.js';
import { normalizeSegments } from './route.js';
import { throttleHook } from './throttle/hook.js';

export interface GraphCall {
  request: FastifyRequest;
  reply: FastifyReply;
  caller: Caller;
  tenant: Tenant;
}

export type GraphHookResult = void | 'handled';
export type GraphHook = (call: GraphCall) => GraphHookResult | Promise<GraphHookResult>;

export function graphHooks(ctx: SimulatorContext): GraphHook[] {
  return [pimExpiryHook(ctx), dynamicMembershipHook(ctx), holdHook(ctx), throttleHook(ctx), faultHook(ctx)];
}

/** Runs the hooks in order; false when one of them took the response over (e.g. a dropped connection). */
export async function runGraphHooks(hooks: readonly GraphHook[], call: GraphCall): Promise<boolean> {
  for (const hook of hooks) if ((await hook(call)) === 'handled') return false;
  return true;
}

/** The request path below /v1.0, without the query string and with OData key syntax flattened: `/groups/{id}/members`. */
export function graphPath(request: FastifyRequest): string {
  const path = request.url.split('?')[0] ?? '';
  return `/${normalizeSegments(path.replace(/^\/v1\.0(?=\/|$)/i, '')).join('/')}`;
}
