// Starts independent components at the same time (e.g. the Temporal dev server and the catalog, which each take
// seconds and need nothing from each other). If one fails, the others are stopped once they have started.
import type { RunningComponent, StackComponent } from '../component.js';

export function inParallel(components: StackComponent[]): StackComponent {
  return {
    name: components.map((component) => component.name).join('+'),
    async start(ctx) {
      const results = await Promise.allSettled(components.map((component) => component.start(ctx)));
      const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      const stopAll = async (running: RunningComponent[]) => {
        await Promise.all(running.map((component) => component.stop()));
      };
      if (failure) {
        await stopAll(started).catch(() => undefined);
        throw failure.reason;
      }
      return {
        urls: Object.assign({}, ...started.map((component) => component.urls ?? {})) as Record<string, string>,
        stop: () => stopAll(started),
      };
    },
  };
}
