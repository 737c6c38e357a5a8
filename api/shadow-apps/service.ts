// The rules of shadow-app triage and revocation, shared by the JSON API and the admin pages: one place decides what is
// valid, so a form and an API call are refused for the same reasons.
import { randomUUID } from 'node:crypto';
import { getConnector } from '../../catalog/connectors.js';
import type { CatalogDb } from '../../catalog/directory/writes/sql.js';
import { consentingUsers, getDiscoveredApp } from '../../catalog/shadow-apps/reads.js';
import { createRevocation, finishRevocation } from '../../catalog/shadow-apps/revocations.js';
import { decideTriage, TriageRefused, type ChosenTriageState } from '../../catalog/shadow-apps/triage.js';
import type { ShadowAppsTemporal } from '../../temporal/clients/shadow-apps.js';
import { revokeAppConsentsWorkflowId } from '../../workflows/shadow-apps/messages.js';
import { apiErrors } from '../http/errors.js';

export const MAX_REVOKE_REASON = 500;

export interface Actor {
  id: string;
  requestId: string;
}

/** The app, or 404 (unknown connector or app). */
export async function requireApp(db: CatalogDb, connectorId: string, appId: string) {
  if (!(await getConnector(db, connectorId))) throw apiErrors.notFound(`Connector ${connectorId}`);
  const app = await getDiscoveredApp(db, connectorId, appId);
  if (!app) throw apiErrors.notFound(`Discovered app ${appId}`);
  return app;
}

export interface TriageInput {
  state: ChosenTriageState;
  ownerId?: string | null | undefined;
  note?: string | undefined;
}

/** Records a triage decision; 400 with the reason when it is not valid. */
export async function triage(db: CatalogDb, connectorId: string, appId: string, input: TriageInput, actor: Actor) {
  await requireApp(db, connectorId, appId);
  try {
    await decideTriage(db, {
      connectorId,
      appId,
      state: input.state,
      ownerId: input.ownerId ?? null,
      note: input.note?.trim() ?? '',
      decidedBy: actor.id,
      requestId: actor.requestId,
    });
  } catch (error) {
    if (error instanceof TriageRefused) throw apiErrors.invalid(error.message);
    throw error;
  }
  return requireApp(db, connectorId, appId);
}

export interface RevokeInput {
  /** Absent or null = every consenting user. */
  userIds?: string[] | null | undefined;
  reason?: string | undefined;
}

/** Starts a revocation (the catalog row first, so its page answers at once); 400 when the choice is not valid. */
export async function startRevocation(
  db: CatalogDb,
  temporal: ShadowAppsTemporal | undefined,
  target: { connectorId: string; appId: string },
  input: RevokeInput,
  actor: Actor,
): Promise<{ revocationId: string; workflowId: string }> {
  const app = await requireApp(db, target.connectorId, target.appId);
  if (!temporal) throw apiErrors.unavailable('Revocations need Temporal, which this Lantern does not use.');
  if (!app.servicePrincipalId) throw apiErrors.invalid('This app has no service principal in the tenant to revoke.');
  const reason = input.reason?.trim() ?? '';
  if (reason.length > MAX_REVOKE_REASON)
    throw apiErrors.invalid(`The reason is longer than ${MAX_REVOKE_REASON} characters.`);
  const userIds = input.userIds ? [...new Set(input.userIds)] : null;
  if (userIds) {
    if (userIds.length === 0)
      throw apiErrors.invalid('Choose at least one user, or leave userIds out to revoke everyone.');
    const consenting = new Set((await consentingUsers(db, target.connectorId, target.appId)).map((u) => u.principalId));
    const strangers = userIds.filter((id) => !consenting.has(id));
    if (strangers.length > 0)
      throw apiErrors.invalid(`These users did not consent to this app: ${strangers.join(', ')}.`);
  }
  const revocationId = randomUUID();
  const workflowInput = {
    revocationId,
    connectorId: target.connectorId,
    appId: app.appId,
    servicePrincipalId: app.servicePrincipalId,
    appDisplayName: app.displayName,
    userIds,
    actor: actor.id,
    reason,
  };
  await createRevocation(db, {
    id: revocationId,
    connectorId: target.connectorId,
    appId: app.appId,
    servicePrincipalId: app.servicePrincipalId,
    workflowId: revokeAppConsentsWorkflowId(workflowInput),
    requestedBy: actor.id,
    reason,
    userIds,
  });
  try {
    return { revocationId, ...(await temporal.startRevocation(workflowInput)) };
  } catch (error) {
    const counts = { total: 0, pending: 0, removed: 0, already_gone: 0, failed: 0 };
    await finishRevocation(db, revocationId, { status: 'failed', counts, error: 'The workflow could not be started.' });
    throw error;
  }
}
