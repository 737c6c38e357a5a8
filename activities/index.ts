// All activities the worker registers, built from their factories. Later capabilities add their factory here.
import { createSystemActivities, type SystemActivityDeps } from './system.js';

export type ActivityDeps = SystemActivityDeps;

export function createActivities(deps: ActivityDeps) {
  return {
    ...createSystemActivities(deps),
  };
}

export type LanternActivities = ReturnType<typeof createActivities>;
