// The Temporal worker, in this process, with activities built on the catalog. Its SDK runtime (logs to pino,
// Prometheus metrics) is installed here because it must exist before the first worker connection.
import { connectWorker, installTemporalRuntime } from '../../temporal/index.js';
import { createWorker, runWorker } from '../../worker/index.js';
import type { StackComponent } from '../component.js';

export function workerComponent(): StackComponent {
  return {
    name: 'worker',
    async start(ctx) {
      const { config } = ctx;
      const catalog = ctx.services.catalog;
      if (!catalog) throw new Error('the worker component needs the catalog component before it');
      installTemporalRuntime({ logger: ctx.log, metricsBindAddress: config.worker.metricsBindAddress });
      const connection = await connectWorker(config);
      let running;
      try {
        running = runWorker(await createWorker({ config, connection, catalog }));
      } catch (error) {
        await connection.close();
        throw error;
      }
      let stopping = false;
      // A worker that dies on its own (fatal SDK error) takes the stack down rather than leaving an API that
      // accepts work nobody will do.
      running.finished.catch((error: unknown) => {
        if (stopping) return;
        ctx.log.fatal({ err: error }, 'the worker stopped unexpectedly; stopping Lantern');
        process.kill(process.pid, 'SIGTERM');
      });
      ctx.log.info({ taskQueue: config.temporal.taskQueue, namespace: config.temporal.namespace }, 'worker polling');
      const metrics: Record<string, string> = config.worker.metricsBindAddress
        ? { 'Worker metrics': `http://${config.worker.metricsBindAddress}/metrics` }
        : {};
      return {
        urls: metrics,
        stop: async () => {
          stopping = true;
          await running.stop();
          await connection.close();
        },
      };
    },
  };
}
