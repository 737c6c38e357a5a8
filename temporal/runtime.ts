// The Temporal SDK runtime of a worker process: its logs go to pino, and its metrics (task latencies, poll results,
// sticky cache...) are exported for Prometheus on worker.metricsBindAddress. Must run before any worker connects.
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger as PinoLogger } from 'pino';

export interface TemporalRuntimeOptions {
  logger: PinoLogger;
  /** host:port for the Prometheus exporter; undefined = no SDK metrics. */
  metricsBindAddress?: string | undefined;
}

const PINO_METHOD: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error',
};

export function installTemporalRuntime({ logger, metricsBindAddress }: TemporalRuntimeOptions): Runtime {
  const sdkLogger = logger.child({ component: 'temporal-sdk' });
  return Runtime.install({
    logger: new DefaultLogger('INFO', ({ level, message, meta }) => sdkLogger[PINO_METHOD[level]](meta ?? {}, message)),
    ...(metricsBindAddress
      ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsBindAddress } } } }
      : {}),
  });
}
