// Review activities run under a heartbeat timeout, so a worker killed mid-step is noticed in seconds rather than at the
// 30-minute start-to-close limit. Steps that are one long catalog statement (staging) or many short ones heartbeat on
// a timer while they run; `details` repeats what the step last saved (the sign-in refresh's next link).
import { Context } from '@temporalio/activity';

const EVERY_MS = 1_000;

export function keepAlive<A, R>(run: (input: A) => Promise<R>, details?: () => unknown): (input: A) => Promise<R> {
  return async (input: A) => {
    const context = Context.current();
    const beat = () => (details ? context.heartbeat(details()) : context.heartbeat());
    const timer = setInterval(beat, EVERY_MS);
    try {
      return await run(input);
    } finally {
      clearInterval(timer);
    }
  };
}
