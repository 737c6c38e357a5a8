// One approval stage as the grant workflow receives it, for the policy v2 stage tests: 60 s, denies on timeout, no
// fallbacks unless `more` says otherwise.
import type { ResolvedStage } from '../../workflows/access/messages.js';

export const stage = (name: string, approverIds: string[], quorum: number, more: Partial<ResolvedStage> = {}) => ({
  name,
  approverIds,
  quorum,
  timeoutSeconds: 60,
  onTimeout: 'deny' as const,
  fallbackIds: [],
  ...more,
});
