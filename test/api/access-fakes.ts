// An in-memory stand-in for the access side of Temporal: every request is created and waits for approval, and every
// decision answers with that same pending status. API tests use it when only the catalog and the routes matter.
import type { AccessTemporal } from '../../temporal/clients/access.js';
import type { AccessGrantInput, GrantPair, GrantStatus } from '../../workflows/access/messages.js';

/** `requesterId` names who asked in every status; `onRequest` sees each request that reached Temporal. */
export function fakeAccessTemporal(requesterId: string, onRequest?: (input: AccessGrantInput) => void): AccessTemporal {
  const pending = (pair: GrantPair): GrantStatus => ({
    ...pair,
    stage: 'pending_approval',
    endReason: null,
    requesterId,
    expiresAt: null,
    preExisting: false,
    approvedBy: null,
    extensions: 0,
    deprovisionAttempts: 0,
    failure: null,
  });
  return {
    request: async (input) => {
      onRequest?.(input);
      return {
        kind: 'created',
        workflowId: `grant:${input.connectorId}:${input.entitlementId}:${input.principalId}`,
        status: pending(input),
      };
    },
    approve: async (pair) => pending(pair),
    deny: async (pair) => pending(pair),
    revoke: async (pair) => pending(pair),
    extend: async (pair) => ({ kind: 'extended', status: pending(pair) }),
    status: async (pair) => pending(pair),
  };
}
