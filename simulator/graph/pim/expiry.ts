// Honours PIM expirations lazily: before any Graph request is served, assignments whose end has passed on the
// simulated clock are removed (and the removal recorded in the change log), so reads and delta never see them.
import type { SimulatorContext } from '../../context.js';
import type { GraphHook } from '../pipeline.js';
import { expireDueAssignments } from './schedules.js';

export { expireDueAssignments } from './schedules.js';

export function pimExpiryHook(ctx: SimulatorContext): GraphHook {
  return ({ tenant }) => {
    expireDueAssignments(tenant, ctx.store.clock.now());
  };
}
