// activateConnector: the connector becomes connected — its row gets the tenant and status, and the connector
// engineer's schedule code path creates `connector:{id}:sync` and starts the first sync. Idempotent: the update is a
// plain set and createSchedule updates an existing schedule instead of failing.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { connectorTemporal } from '../../api/connectors/temporal.js';
import { isUniqueViolation } from '../../catalog/connectors.js';
import type { Catalog } from '../../catalog/index.js';
import { ONBOARDING_FAILURES } from '../../workflows/onboarding/messages.js';

export interface ActivateConnectorInput {
  connectorId: string;
  displayName: string;
  tenantId: string;
  syncIntervalMinutes: number;
}

export async function activateConnector(catalog: Pick<Catalog, 'db'>, input: ActivateConnectorInput): Promise<{ scheduleId: string }> {
  const { db } = catalog;
  try {
    const updated = await db.updateTable('connectors').set({ tenant_id: input.tenantId, status: 'connected', updated_at: new Date() })
      .where('id', '=', input.connectorId).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      await db.insertInto('connectors').values({ id: input.connectorId, display_name: input.displayName, tenant_id: input.tenantId, status: 'connected' }).execute();
    }
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw ApplicationFailure.nonRetryable(`Tenant ${input.tenantId} is already governed by another Lantern connector.`, ONBOARDING_FAILURES.tenantAlreadyConnected);
  }
  const { client, info } = Context.current();
  await connectorTemporal(client, info.taskQueue).createSchedule({
    connectorId: input.connectorId, tenantId: input.tenantId, displayName: input.displayName, intervalMinutes: input.syncIntervalMinutes,
  });
  return { scheduleId: `connector:${input.connectorId}:sync` };
}
