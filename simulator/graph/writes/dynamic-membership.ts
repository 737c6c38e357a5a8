// Entra processes dynamic membership asynchronously: a user change (or a new rule) shows up in group membership a
// little later. The simulator applies due re-evaluations lazily, before each Graph request and when the control API
// moves the clock, so tests advance the simulated clock instead of sleeping.
import type { SimulatorContext } from '../../context.js';
import type { GraphHook } from '../pipeline.js';

export function dynamicMembershipHook(ctx: SimulatorContext): GraphHook {
  return ({ tenant }) => {
    tenant.runDueDynamicMembership(ctx.store.clock.now());
  };
}
