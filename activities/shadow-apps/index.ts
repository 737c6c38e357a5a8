// Activities of a shadow-app revocation: plan (list the app's per-user consents through Graph with the connector's
// credentials and store the ones to delete), delete a batch of pending consents, and finish (counts, triage, audit).
// Each is idempotent: results are committed per consent, and a retry only touches consents still pending.
import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@microsoft/microsoft-graph-client';
import {
  countResults,
  createRevocation,
  pendingItems,
  recordResult,
  storePlan,
} from '../../catalog/shadow-apps/revocations.js';
import { completeRevocation } from '../../catalog/shadow-apps/completion.js';
import { graphPages } from '../../entra/paging.js';
import { classifyGraphError, isPermanent } from '../../entra/outcomes.js';
import type { SyncActivityDeps } from '../sync/deps.js';
import {
  SHADOW_REVOKE_FAILURES,
  revokeAppConsentsWorkflowId,
  type RevokeAppConsentsInput,
  type RevokeAppConsentsResult,
} from '../../workflows/shadow-apps/messages.js';
import type { GraphPermissionGrant } from '../../entra/resources/permission-grants.js';

export interface ConsentBatchInput {
  revocationId: string;
  connectorId: string;
  batchSize: number;
}

export function createShadowAppActivities(deps: SyncActivityDeps) {
  const { db } = deps.catalog;
  const graphOf = async (connectorId: string): Promise<Client> => {
    const connector = await deps.loadConnector(connectorId);
    return deps.tenantGraph.client({ tenantId: connector.tenantId, cloud: connector.cloud }).client;
  };

  return {
    /** Idempotent: the first successful call stores the plan and audits the start; later calls return its size. */
    async planShadowRevocation(input: RevokeAppConsentsInput): Promise<{ total: number }> {
      await createRevocation(db, {
        id: input.revocationId,
        connectorId: input.connectorId,
        appId: input.appId,
        servicePrincipalId: input.servicePrincipalId,
        workflowId: revokeAppConsentsWorkflowId(input),
        requestedBy: input.actor,
        reason: input.reason,
        userIds: input.userIds,
      });
      const chosen = input.userIds ? new Set(input.userIds) : null;
      const grants = await listConsents(await graphOf(input.connectorId), input.servicePrincipalId);
      const plan = grants
        .filter((g) => g.consentType === 'Principal' && (!chosen || (g.principalId && chosen.has(g.principalId))))
        .map((g) => ({ grantId: g.id, principalId: g.principalId, scopes: g.scope.split(' ').filter(Boolean) }));
      await storePlan(db, input.revocationId, plan, {
        actor: input.actor,
        action: 'shadow_app.revoke_started',
        subject: `shadow_app:${input.connectorId}:${input.appId}`,
        detail: {
          revocationId: input.revocationId,
          appId: input.appId,
          users: input.userIds ? input.userIds.length : 'all',
          consents: plan.length,
          reason: input.reason,
        },
      });
      return { total: (await countResults(db, input.revocationId)).total };
    },

    /**
     * Deletes up to `batchSize` pending consents, recording each result as it lands: 204 removed, 404 already gone,
     * a permanent refusal (403, 400) failed with Graph's message. Throttling and outages are thrown, so Temporal
     * retries the batch, which resumes with what is still pending.
     */
    async revokeConsentBatch(input: ConsentBatchInput): Promise<{ processed: number; remaining: number }> {
      const pending = await pendingItems(db, input.revocationId, input.batchSize);
      const client = pending.length > 0 ? await graphOf(input.connectorId) : null;
      for (const item of pending) {
        const { result, message } = await deleteGrant(client!, item.grant_id);
        await recordResult(db, input.revocationId, item.grant_id, result, message);
      }
      return { processed: pending.length, remaining: (await countResults(db, input.revocationId)).pending };
    },

    /** Idempotent: closes the revocation with its counts, updates the app's consents and triage, audits once. */
    async finishShadowRevocation(input: {
      revocationId: string;
      error: string | null;
    }): Promise<RevokeAppConsentsResult> {
      return completeRevocation(db, input.revocationId, input.error);
    },
  };
}

export type ShadowAppActivities = ReturnType<typeof createShadowAppActivities>;

async function listConsents(client: Client, servicePrincipalId: string): Promise<GraphPermissionGrant[]> {
  const grants: GraphPermissionGrant[] = [];
  const url = `/oauth2PermissionGrants?$filter=clientId eq '${servicePrincipalId.replace(/'/g, "''")}'`;
  try {
    for await (const page of graphPages<GraphPermissionGrant>(client, url)) grants.push(...page.items);
  } catch (error) {
    const outcome = classifyGraphError(error);
    if (!isPermanent(outcome)) throw error;
    throw ApplicationFailure.nonRetryable(
      `Graph refused to list the app's consents (${outcome}): ${(error as Error).message}`,
      SHADOW_REVOKE_FAILURES.refused,
    );
  }
  return grants;
}

async function deleteGrant(
  client: Client,
  grantId: string,
): Promise<{ result: 'removed' | 'already_gone' | 'failed'; message: string | null }> {
  try {
    await client.api(`/oauth2PermissionGrants/${encodeURIComponent(grantId)}`).delete();
    return { result: 'removed', message: null };
  } catch (error) {
    const outcome = classifyGraphError(error);
    if (outcome === 'NotFound') return { result: 'already_gone', message: null };
    if (!isPermanent(outcome)) throw error;
    return { result: 'failed', message: (error as Error).message || outcome };
  }
}
