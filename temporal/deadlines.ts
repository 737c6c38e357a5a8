// Deadlines and a short retry budget for the API's calls to Temporal, as gRPC interceptors on its connection: with the
// SDK's defaults a call retries UNAVAILABLE for about 19 s and a call to a silent server never ends, so a request to
// the API would hang through a Temporal outage instead of answering 503 (see api/http/temporal-outage.ts).
import { defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type ConnectionOptions } from '@temporalio/client';

type GrpcInterceptor = NonNullable<ConnectionOptions['interceptors']>[number];

export interface CallBudget {
  /** Deadline of an ordinary call (describe, signal, query, schedule changes...). */
  callMs: number;
  /** Deadline of a call that waits on purpose: history long polls and updates waiting for the workflow to answer. */
  waitMs: number;
  /** Attempts on UNAVAILABLE and other retryable codes, all within the call's deadline. */
  attempts: number;
}

/** ~1 s of retries (100 ms backoff ×1.7) rides out a blip; the server's long polls end within 20 s, under waitMs. */
export const API_CALL_BUDGET: CallBudget = { callMs: 4_000, waitMs: 30_000, attempts: 5 };

const WAITING_CALLS =
  /\/(GetWorkflowExecutionHistory|PollWorkflowExecutionUpdate|UpdateWorkflowExecution|ExecuteMultiOperation)$/;

export function boundedCallInterceptors(budget: CallBudget = API_CALL_BUDGET): GrpcInterceptor[] {
  // Outermost, so every retry attempt shares the one deadline; a deadline the caller set (withDeadline) wins.
  const deadline = ((options: Parameters<GrpcInterceptor>[0], nextCall: Parameters<GrpcInterceptor>[1]) => {
    if (options.deadline !== undefined && options.deadline !== Infinity) return nextCall(options);
    const ms = WAITING_CALLS.test(options.method_definition.path) ? budget.waitMs : budget.callMs;
    return nextCall({ ...options, deadline: Date.now() + ms });
    // grpc-js accepts any intercepting call; its type names a class only @grpc/grpc-js (not our direct dependency) exports.
  }) as unknown as GrpcInterceptor;
  return [deadline, makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: budget.attempts }))];
}
