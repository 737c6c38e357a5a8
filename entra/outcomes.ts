// Graph failures as outcomes callers can act on. Provisioning code asks "is it already there / already gone?"
// rather than matching status codes and message texts itself.
import { FAILURES } from '../domain/failures.js';

/** Outcomes that end a sync stage share their name with the failure type raised for them (domain/failures.ts). */
export type GraphOutcome =
  | 'AlreadyExists'
  | 'NotFound'
  | 'Throttled'
  | 'Invalid'
  | 'Transient'
  | typeof FAILURES.forbidden
  | typeof FAILURES.unauthenticated
  | typeof FAILURES.resyncRequired;

interface GraphLikeError {
  statusCode?: number;
  code?: string | null;
  message?: string;
}

/** Classifies an error thrown by the Graph client. */
export function classifyGraphError(err: unknown): GraphOutcome {
  const { statusCode = 0, code = '', message = '' } = (err ?? {}) as GraphLikeError;
  if (statusCode === 400 && /already exist/i.test(message)) return 'AlreadyExists';
  if (statusCode === 404 || (statusCode === 400 && /references do not exist/i.test(message))) return 'NotFound';
  if (statusCode === 410 || /resyncRequired|syncStateNotFound|syncStateInvalid/i.test(code ?? ''))
    return FAILURES.resyncRequired;
  if (statusCode === 429) return 'Throttled';
  if (statusCode === 401) return FAILURES.unauthenticated;
  if (statusCode === 403) return FAILURES.forbidden;
  if (statusCode >= 400 && statusCode < 500) return 'Invalid';
  return 'Transient';
}

/** Outcomes that retrying the same request cannot change. */
export function isPermanent(outcome: GraphOutcome): boolean {
  return (
    outcome === FAILURES.forbidden ||
    outcome === 'Invalid' ||
    outcome === 'AlreadyExists' ||
    outcome === 'NotFound' ||
    outcome === FAILURES.resyncRequired
  );
}
