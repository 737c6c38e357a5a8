// Graph failures as outcomes callers can act on. Provisioning code asks "is it already there / already gone?"
// rather than matching status codes and message texts itself.

export type GraphOutcome = 'AlreadyExists' | 'NotFound' | 'Throttled' | 'Forbidden' | 'Invalid' | 'Unauthenticated' | 'ResyncRequired' | 'Transient';

interface GraphLikeError { statusCode?: number; code?: string | null; message?: string }

/** Classifies an error thrown by the Graph client. */
export function classifyGraphError(err: unknown): GraphOutcome {
  const { statusCode = 0, code = '', message = '' } = (err ?? {}) as GraphLikeError;
  if (statusCode === 400 && /already exist/i.test(message)) return 'AlreadyExists';
  if (statusCode === 404 || (statusCode === 400 && /references do not exist/i.test(message))) return 'NotFound';
  if (statusCode === 410 || /resyncRequired|syncStateNotFound|syncStateInvalid/i.test(code ?? '')) return 'ResyncRequired';
  if (statusCode === 429) return 'Throttled';
  if (statusCode === 401) return 'Unauthenticated';
  if (statusCode === 403) return 'Forbidden';
  if (statusCode >= 400 && statusCode < 500) return 'Invalid';
  return 'Transient';
}

/** Outcomes that retrying the same request cannot change. */
export function isPermanent(outcome: GraphOutcome): boolean {
  return outcome === 'Forbidden' || outcome === 'Invalid' || outcome === 'AlreadyExists' || outcome === 'NotFound' || outcome === 'ResyncRequired';
}
