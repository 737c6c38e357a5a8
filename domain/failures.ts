// ApplicationFailure types raised by activities and read by workflows (non-retryable lists) and the API (messages).
// Defined once so a raiser and a reader cannot drift apart. Capability-specific ones live in their workflow's
// messages.ts (ACCESS_FAILURES, ONBOARDING_FAILURES, VERIFY_FAILURES) and reuse these where they overlap.

export const FAILURES = {
  /** Graph no longer honours a stored delta token (410): the sync starts over with a full read. */
  resyncRequired: 'ResyncRequired',
  /** Graph answered 403 (or 401 on a read): the tenant has not granted what Lantern needs. */
  forbidden: 'Forbidden',
  unauthenticated: 'Unauthenticated',
  /** The worker has no Entra app credentials. */
  entraNotConfigured: 'EntraNotConfigured',
  /** The connector was deleted or has no tenant yet. */
  connectorGone: 'ConnectorNotFound',
} as const;

export type FailureType = (typeof FAILURES)[keyof typeof FAILURES];
