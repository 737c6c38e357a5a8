// Revoking a shadow app's consents: the workflow's input and result, its id, and its failure types. Sandbox-safe.

export const REVOKE_APP_CONSENTS_WORKFLOW_TYPE = 'revokeAppConsents';

export const SHADOW_REVOKE_FAILURES = {
  /** Graph refused to list the app's consents (e.g. the connector lacks the permission): retrying cannot help. */
  refused: 'ShadowRevokeRefused',
} as const;

export interface RevokeAppConsentsInput {
  /** Also the catalog row's id: the plan and per-consent results live there, not in history. */
  revocationId: string;
  connectorId: string;
  /** The app (client) id, as the catalog keys discovered apps. */
  appId: string;
  /** The app's service principal in the tenant: grants name it as their clientId. */
  servicePrincipalId: string;
  appDisplayName: string;
  /** null = every consenting user; else only these users' consents. */
  userIds: string[] | null;
  actor: string;
  reason: string;
  /** Consents deleted per activity (default 50): each batch commits its results before the next starts. */
  batchSize?: number;
}

export interface RevocationCountsResult {
  total: number;
  removed: number;
  alreadyGone: number;
  failed: number;
}

export interface RevokeAppConsentsResult extends RevocationCountsResult {
  revocationId: string;
  status: 'succeeded' | 'failed';
  /** True when no consent of the app is left, so its triage became `revoked`. */
  appRevoked: boolean;
  error: string | null;
}

export function revokeAppConsentsWorkflowId(input: { connectorId: string; appId: string; revocationId: string }) {
  return `shadow-revoke:${input.connectorId}:${input.appId}:${input.revocationId}`;
}
