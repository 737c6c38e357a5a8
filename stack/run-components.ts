// Starts components in order and stops them in reverse; if one fails to start, the ones already running are stopped.
import type { RunningComponent, StackComponent, StackContext } from './component.js';

export interface RunningStack {
  urls: Record<string, string>;
  /** Idempotent: a second call waits for the first. */
  stop(): Promise<void>;
}

export async function startComponents(components: StackComponent[], ctx: StackContext): Promise<RunningStack> {
  const running: { name: string; component: RunningComponent }[] = [];
  const stopAll = async (): Promise<void> => {
    const failures: unknown[] = [];
    for (const { name, component } of running.reverse()) {
      try {
        await component.stop();
        ctx.log.debug({ component: name }, 'stopped');
      } catch (error) {
        ctx.log.error({ component: name, err: error }, 'failed to stop cleanly');
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} component(s) failed to stop`);
  };

  for (const component of components) {
    const started = Date.now();
    try {
      running.push({ name: component.name, component: await component.start(ctx) });
    } catch (error) {
      ctx.log.error({ component: component.name, err: error }, 'failed to start; stopping the others');
      await stopAll().catch(() => undefined);
      throw error;
    }
    ctx.log.info({ component: component.name, ms: Date.now() - started }, 'started');
  }

  let stopping: Promise<void> | undefined;
  return {
    urls: Object.assign({}, ...running.map(({ component }) => component.urls ?? {})) as Record<string, string>,
    stop: () => (stopping ??= stopAll()),
  };
}
