// Recognises "Temporal did not answer" among the errors the Temporal client throws, so the error handler can answer
// 503 with Retry-After (as /readyz would say) instead of a 500 that hides a known, transient cause.
import { isGrpcServiceError, ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';

/** gRPC codes (DEADLINE_EXCEEDED, UNAVAILABLE) meaning the server was unreachable or too slow, not that it refused. */
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;
const OUTAGE_CODES: ReadonlySet<number> = new Set([GRPC_DEADLINE_EXCEEDED, GRPC_UNAVAILABLE]);

/** Seconds a caller should wait before trying again; close to how long the API waits for Temporal on one call. */
export const TEMPORAL_RETRY_AFTER_SECONDS = 5;

export function isTemporalOutage(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 8; cause = (cause as { cause?: unknown }).cause, depth += 1) {
    if (cause instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
    if (isGrpcServiceError(cause) && OUTAGE_CODES.has(cause.code)) return true;
    // The SDK wraps connection failures ("Failed to connect to Temporal server") without a gRPC code of its own.
    if (cause instanceof ServiceError && /failed to connect/i.test(cause.message)) return true;
  }
  return false;
}
