// Connector lifecycle behind the routes. The catalog row and the Temporal Schedule always move together: a create
// verifies first and stores nothing on refusal, stores the row, then creates the schedule and removes the row again
// if that fails; a replay with the same Idempotency-Key finishes a create that was interrupted in between.
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { ScheduleNotFoundError } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { liveGrantsOfConnector } from '../../catalog/access/requests.js';
import {
  auditConnector,
  deleteConnector,
  findConnectorByTenant,
  getConnector,
  insertConnector,
  isUniqueViolation,
  lockConnector,
  updateConnector,
  type ConnectorAuditEntry,
  type ConnectorRecord,
} from '../../catalog/connectors.js';
import type { CatalogSchema, JsonObject } from '../../catalog/schema.js';
import type { AppDeps } from '../deps.js';
import { apiErrors } from '../http/errors.js';
import { GUID_PATTERN, isTenantReference, type CreateConnectorBody, type UpdateConnectorBody } from './schemas.js';
import { mergeOptions, needsReverification, newConnectorOptions } from './options.js';
import type { ConnectorTemporal, SyncScheduleSpec } from '../../temporal/clients/connectors.js';
import { verifyOrRefuse } from './verification.js';

export interface ConnectorCall {
  deps: AppDeps;
  actor: string;
  requestId: string;
  log: FastifyBaseLogger;
}

const isGuid = (value: string) => new RegExp(GUID_PATTERN).test(value);

export function temporalOps(deps: AppDeps): ConnectorTemporal {
  const ops = deps.temporal?.connectors;
  if (!ops)
    throw apiErrors.unavailable('Temporal is not configured for this API process, so connectors cannot be managed.');
  return ops;
}

export async function requireConnector(deps: AppDeps, id: string): Promise<ConnectorRecord> {
  const connector = await getConnector(deps.catalog.db, id);
  if (!connector) throw apiErrors.notFound(`Connector ${id}`);
  return connector;
}

export const scheduleSpec = (c: ConnectorRecord): SyncScheduleSpec => ({
  connectorId: c.id,
  tenantId: c.tenantId ?? '',
  displayName: c.displayName,
  intervalMinutes: c.options.syncIntervalMinutes,
});

/** A client-supplied key maps to one connector id, so a retried create finds what the first attempt made. */
export const connectorIdForKey = (key: string): string =>
  `c-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;

export async function createConnector(
  call: ConnectorCall,
  body: Static<typeof CreateConnectorBody>,
  idempotencyKey?: string,
): Promise<{ created: boolean; connector: ConnectorRecord }> {
  const { deps } = call;
  if (!deps.config.entra.configured) {
    throw apiErrors.unavailable(
      'Lantern has no Entra app registration configured: set LANTERN_ENTRA_CLIENT_ID and LANTERN_ENTRA_CLIENT_SECRET ' +
        '(or LANTERN_ENTRA_CERT_PATH + LANTERN_ENTRA_KEY_PATH), then restart.',
    );
  }
  const tenant = body.tenantId.trim().toLowerCase();
  if (!isTenantReference(tenant))
    throw apiErrors.invalid(
      'body.tenantId must be a tenant GUID or a verified domain such as contoso.onmicrosoft.com.',
    );
  const options = newConnectorOptions(body);
  const ops = temporalOps(deps);
  const id = idempotencyKey ? connectorIdForKey(idempotencyKey) : randomUUID();

  const replayed = idempotencyKey ? await getConnector(deps.catalog.db, id) : undefined;
  if (replayed) {
    if (isGuid(tenant) && replayed.tenantId !== tenant)
      throw apiErrors.conflict('This Idempotency-Key was already used to create a connector for another tenant.');
    await ops.createSchedule(scheduleSpec(replayed));
    return { created: false, connector: replayed };
  }
  if (isGuid(tenant)) await refuseDuplicateTenant(deps, tenant);

  const verified = await verifyOrRefuse(
    ops,
    {
      connectorId: id,
      tenant,
      cloud: options.cloud,
      permissionSet: options.permissionSet,
      includeSignInActivity: options.includeSignInActivity,
      provisioning: options.provisioning,
    },
    call.log,
  );
  await refuseDuplicateTenant(deps, verified.tenantId);

  let connector: ConnectorRecord;
  try {
    connector = await insertConnector(deps.catalog.db, {
      id,
      displayName: body.displayName,
      tenantId: verified.tenantId,
      status: 'connected',
      options,
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Two concurrent attempts with one Idempotency-Key: the loser answers with what the winner stored.
    const winner = idempotencyKey ? await getConnector(deps.catalog.db, id) : undefined;
    if (winner) return { created: false, connector: winner };
    throw apiErrors.conflict(`Tenant ${verified.tenantId} already has a connector.`);
  }
  try {
    await ops.createSchedule(scheduleSpec(connector));
  } catch (error) {
    call.log.warn({ err: error }, 'creating the sync schedule failed; removing the connector row');
    await deleteConnector(deps.catalog.db, id);
    throw apiErrors.unavailable(
      'The sync schedule could not be created in Temporal, so the connector was not kept. Try again.',
    );
  }
  await auditConnector(deps.catalog.db, {
    actor: call.actor,
    action: 'connector.created',
    connectorId: id,
    requestId: call.requestId,
    detail: { tenantId: verified.tenantId, requestedTenant: tenant, grantedPermissions: verified.grantedPermissions },
  });
  return { created: true, connector };
}

async function refuseDuplicateTenant(deps: AppDeps, tenantId: string): Promise<void> {
  const existing = await findConnectorByTenant(deps.catalog.db, tenantId);
  if (existing) throw apiErrors.conflict(`Tenant ${tenantId} already has a connector (${existing.id}).`);
}

export async function changeConnector(
  call: ConnectorCall,
  id: string,
  body: Static<typeof UpdateConnectorBody>,
): Promise<ConnectorRecord> {
  const { deps } = call;
  const before = await requireConnector(deps, id);
  const options = mergeOptions(before.options, body);
  const ops = temporalOps(deps);
  if (needsReverification(before.options, options)) {
    const verified = await verifyOrRefuse(
      ops,
      {
        connectorId: id,
        tenant: before.tenantId ?? '',
        cloud: options.cloud,
        permissionSet: options.permissionSet,
        includeSignInActivity: options.includeSignInActivity,
        provisioning: options.provisioning,
      },
      call.log,
    );
    if (verified.tenantId !== before.tenantId)
      throw apiErrors.unprocessable(
        'tenant_mismatch',
        'The new cloud settings reach a different tenant. Nothing was changed.',
      );
  }
  const after = await updateConnector(deps.catalog.db, id, { displayName: body.displayName, options });
  if (!after) throw apiErrors.notFound(`Connector ${id}`);
  try {
    await ops.updateSchedule(scheduleSpec(after));
  } catch (error) {
    call.log.warn({ err: error }, 'updating the sync schedule failed; restoring the previous settings');
    await updateConnector(deps.catalog.db, id, { displayName: before.displayName, options: before.options });
    throw apiErrors.unavailable(
      'The sync schedule could not be updated in Temporal, so nothing was changed. Try again.',
    );
  }
  await auditConnector(deps.catalog.db, {
    actor: call.actor,
    action: 'connector.updated',
    connectorId: id,
    requestId: call.requestId,
    detail: body as unknown as JsonObject,
  });
  return after;
}

export async function setPaused(
  call: ConnectorCall,
  id: string,
  paused: boolean,
  note: string | undefined,
): Promise<void> {
  const connector = await requireConnector(call.deps, id);
  const ops = temporalOps(call.deps);
  const text = note ?? `${paused ? 'Paused' : 'Resumed'} by ${call.actor} through the Lantern API`;
  const entry: ConnectorAuditEntry = {
    actor: call.actor,
    action: paused ? 'connector.paused' : 'connector.resumed',
    connectorId: id,
    requestId: call.requestId,
    detail: { note: text },
  };
  await withAuditRow(call.deps.catalog.db, entry, async () => {
    try {
      await (paused ? ops.pause(id, text) : ops.resume(id, text));
    } catch (error) {
      if (!(error instanceof ScheduleNotFoundError)) throw error;
      // The schedule was lost (deleted by hand in the UI): recreate it in the asked-for state.
      await ops.createSchedule(scheduleSpec(connector));
      if (paused) await ops.pause(id, text);
    }
  });
}

/**
 * Deleting a connector ends everything of it in Temporal (onboarding, schedule, running syncs) and deletes its row,
 * the synced directory with it. Refused (409) while Lantern-granted access is live: those grants must end through
 * their own workflows first, so nothing is left in Entra that no workflow will ever remove.
 */
export async function removeConnector(call: ConnectorCall, id: string): Promise<void> {
  const ops = temporalOps(call.deps);
  await call.deps.catalog.db.transaction().execute(async (trx) => {
    // Under the row lock a concurrent grant insert (its foreign key) waits for this delete, so none slips past the check.
    if (!(await lockConnector(trx, id))) throw apiErrors.notFound(`Connector ${id}`);
    const live = await liveGrantsOfConnector(trx, id);
    if (live.length > 0) {
      throw apiErrors.conflict(
        `Connector ${id} still has ${live.length} live access grant(s) (listed in details.liveGrants). Revoke them ` +
          '(POST /api/v1/access-requests/{grantId}/revoke), wait until they have ended, then delete the connector.',
        { liveGrants: live },
      );
    }
    await auditConnector(trx, {
      actor: call.actor,
      action: 'connector.deleted',
      connectorId: id,
      requestId: call.requestId,
    });
    const ended = await ops.remove(id, `Connector ${id} deleted by ${call.actor}`);
    call.log.info({ connectorId: id, ...ended }, 'connector deleted');
    await deleteConnector(trx, id);
  });
}

/**
 * An action and its audit row commit together: the row is written first, in a transaction committed only once the
 * action succeeded, so neither a rejected row (bad text, database down) nor a failed action leaves one without the other.
 */
async function withAuditRow<T>(
  db: Kysely<CatalogSchema>,
  entry: ConnectorAuditEntry,
  action: () => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await auditConnector(trx, entry);
    return action();
  });
}

export async function requestSync(call: ConnectorCall, id: string) {
  const connector = await requireConnector(call.deps, id);
  const ops = temporalOps(call.deps);
  let outcome;
  try {
    outcome = await ops.trigger(id);
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
    await ops.createSchedule(scheduleSpec(connector));
    outcome = { started: true, running: [] };
  }
  await auditConnector(call.deps.catalog.db, {
    actor: call.actor,
    action: 'connector.sync_requested',
    connectorId: id,
    requestId: call.requestId,
    detail: { started: outcome.started },
  });
  return outcome;
}
