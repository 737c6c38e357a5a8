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
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * The workflow bundler logs webpack's whole multi-line report at INFO on every start: a debugging aid, so it is logged
 * at debug (failures stay at error). The SDK's own events are one line each.
 */
export function sdkLogLevel(level: LogLevel, message: string): LogLevel {
  return level === 'INFO' && message.includes('\n') ? 'DEBUG' : level;
}

export function installTemporalRuntime({ logger, metricsBindAddress }: TemporalRuntimeOptions): Runtime {
  const sdkLogger = logger.child({ component: 'temporal-sdk' });
  return Runtime.install({
    logger: new DefaultLogger('INFO', ({ level, message, meta }) =>
      sdkLogger[PINO_METHOD[sdkLogLevel(level, message)]](meta ?? {}, message),
    ),
    ...(metricsBindAddress
      ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsBindAddress } } } }
      : {}),
  });
}
