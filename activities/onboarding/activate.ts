// activateConnector: the connector becomes connected — its row gets the tenant and status, and the same schedule
// code path the connector API uses creates its sync Schedule and starts the first sync. Idempotent: the row update
// is a plain set and createSchedule updates an existing schedule instead of failing.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { isUniqueViolation, markConnectorConnected } from '../../catalog/connectors.js';
import type { Catalog } from '../../catalog/index.js';
import { connectorTemporal } from '../../temporal/clients/connectors.js';
import { ONBOARDING_FAILURES } from '../../workflows/onboarding/messages.js';
import { syncScheduleId } from '../../workflows/sync/messages.js';

export interface ActivateConnectorInput {
  connectorId: string;
  displayName: string;
  tenantId: string;
  syncIntervalMinutes: number;
}

export async function activateConnector(
  catalog: Pick<Catalog, 'db'>,
  input: ActivateConnectorInput,
): Promise<{ scheduleId: string }> {
  try {
    await markConnectorConnected(catalog.db, {
      id: input.connectorId,
      displayName: input.displayName,
      tenantId: input.tenantId,
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw ApplicationFailure.nonRetryable(
      `Tenant ${input.tenantId} is already governed by another Lantern connector.`,
      ONBOARDING_FAILURES.tenantAlreadyConnected,
    );
  }
  const { client, info } = Context.current();
  await connectorTemporal(client, info.taskQueue).createSchedule({
    connectorId: input.connectorId,
    tenantId: input.tenantId,
    displayName: input.displayName,
    intervalMinutes: input.syncIntervalMinutes,
  });
  return { scheduleId: syncScheduleId(input.connectorId) };
}
