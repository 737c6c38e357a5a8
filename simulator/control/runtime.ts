// Control of the simulator itself: tenants summary, throttle/fault modes, the simulated clock, reset.
import type { FastifyInstance } from 'fastify';
import type { ThrottleMode } from '../context.js';
import type { ControlDeps } from './routes.js';
import { controlErrors } from './errors.js';
import { restartFaultPlan } from '../graph/faults.js';
import { expireDueAssignments } from '../graph/pim/schedules.js';

const THROTTLE_MODES: readonly ThrottleMode[] = ['off', 'realistic', 'strict'];
const UNIT_MS = { ms: 1, seconds: 1_000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

export function registerRuntimeRoutes(app: FastifyInstance, { ctx, reset, summaries }: ControlDeps): void {
  app.get('/tenants', async () => ({ tenants: summaries() }));

  app.get('/settings', async () => ctx.settings);
  app.put<{ Body: { throttle?: string; faults?: { rate?: number; seed?: number } } }>('/settings', async (request) => {
    const { throttle, faults } = request.body ?? {};
    if (throttle !== undefined) {
      if (!THROTTLE_MODES.includes(throttle as ThrottleMode))
        throw controlErrors.invalid(`throttle must be one of ${THROTTLE_MODES.join(', ')}`);
      ctx.settings.throttle = throttle as ThrottleMode;
    }
    if (faults?.rate !== undefined) {
      if (!(faults.rate >= 0 && faults.rate <= 1)) throw controlErrors.invalid('faults.rate must be between 0 and 1');
      ctx.settings.faults.rate = faults.rate;
    }
    if (faults?.seed !== undefined) ctx.settings.faults.seed = Math.trunc(faults.seed);
    return ctx.settings;
  });

  // Same seed, same storm: restarts the fault sequence so a reliability test can replay it exactly.
  app.post('/faults/replay', async () => {
    restartFaultPlan(ctx);
    return ctx.settings.faults;
  });

  app.get('/clock', async () => clock(ctx.store.clock.now()));
  app.post<{ Body: Partial<Record<keyof typeof UNIT_MS, number>> }>('/clock/advance', async (request) => {
    const body = request.body ?? {};
    let ms = 0;
    for (const [unit, factor] of Object.entries(UNIT_MS)) {
      const value = body[unit as keyof typeof UNIT_MS];
      if (value === undefined) continue;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
        throw controlErrors.invalid(`${unit} must be a non-negative number`);
      ms += value * factor;
    }
    if (ms === 0)
      throw controlErrors.invalid('give one of ms, seconds, minutes, hours, days (the clock only moves forward)');
    ctx.store.clock.advance(ms);
    // PIM assignments whose end the clock just passed end now, so ground-truth reads agree with Graph reads.
    for (const tenant of ctx.store.tenants()) {
      expireDueAssignments(tenant, ctx.store.clock.now());
      tenant.runDueDynamicMembership(ctx.store.clock.now()); // due dynamic-membership re-evaluations, likewise
    }
    return clock(ctx.store.clock.now());
  });

  app.post('/reset', async () => {
    reset();
    return { tenants: summaries() };
  });
}

function clock(now: number) {
  return { now: new Date(now).toISOString(), epochMs: now };
}
