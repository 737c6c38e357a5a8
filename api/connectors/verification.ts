// Runs verifyConnector through Temporal and turns every way it can refuse into one API error that says what to fix.
import type { FastifyBaseLogger } from 'fastify';
import {
  VERIFY_FAILURES,
  type VerifyConnectorInput,
  type VerifyConnectorResult,
} from '../../workflows/connectors/messages.js';
import { apiErrors, type ApiError } from '../http/errors.js';
import type { ConnectorTemporal, VerifyFailure } from '../../temporal/clients/connectors.js';

/** A verified tenant: consented, every required permission granted, its GUID known. */
export interface VerifiedTenant extends VerifyConnectorResult {
  tenantId: string;
}

export async function verifyOrRefuse(
  ops: ConnectorTemporal,
  input: VerifyConnectorInput,
  log: FastifyBaseLogger,
): Promise<VerifiedTenant> {
  let outcome;
  try {
    outcome = await ops.verify(input);
  } catch (error) {
    log.warn({ err: error }, 'verifyConnector did not complete');
    throw apiErrors.unavailable(
      'The connector could not be verified: the verifyConnector workflow did not complete. Is a Lantern worker running? Nothing was stored.',
    );
  }
  if (!outcome.ok) throw refusal(outcome.failure, outcome.message);
  const { result } = outcome;
  if (!result.consented) {
    throw apiErrors.unprocessable(
      'consent_required',
      `Lantern's app is not admin-consented in tenant "${input.tenant}": a Global Administrator must grant admin consent first. Nothing was stored.`,
      { missingPermissions: result.missingPermissions },
    );
  }
  if (result.missingPermissions.length > 0) {
    throw apiErrors.unprocessable(
      'missing_permissions',
      `Tenant "${input.tenant}" has not granted Lantern these application permissions: ${result.missingPermissions.join(', ')}. ` +
        'Grant admin consent again after adding them to the app registration. Nothing was stored.',
      { missingPermissions: result.missingPermissions, grantedPermissions: result.grantedPermissions },
    );
  }
  if (input.provisioning === 'pim' && result.pimLicensed === false) {
    throw apiErrors.unprocessable(
      'pim_licence_required',
      `Tenant "${input.tenant}" has no Microsoft Entra ID P2 (or Entra ID Governance) plan, which PIM needs: use options.provisioning ` +
        '"direct", or license the tenant first. Nothing was stored.',
    );
  }
  if (!result.tenantId)
    throw apiErrors.unavailable('The tenant answered but did not say its id; try again. Nothing was stored.');
  return { ...result, tenantId: result.tenantId.toLowerCase() };
}

function refusal(failure: VerifyFailure, message: string): ApiError {
  switch (failure) {
    case VERIFY_FAILURES.tenantNotFound:
      return apiErrors.unprocessable('tenant_not_found', `${message} Nothing was stored.`);
    case VERIFY_FAILURES.invalidAppCredentials:
      return apiErrors.unavailable(`${message} Nothing was stored.`);
    case VERIFY_FAILURES.entraNotConfigured:
      return apiErrors.unavailable(`${message} Nothing was stored.`);
  }
}
