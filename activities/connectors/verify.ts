// verifyConnectorAccess: an app-only token for the tenant, GET /organization through the Graph client, and the token's
// roles against the permission set (in PIM mode also the organization's plans: PIM needs Entra ID P2). Read-only, so safe to retry. Identity-platform refusals become typed outcomes:
// "not consented" is a result (every permission missing), an unknown tenant or rejected app credentials are
// non-retryable failures whose messages say what to fix (and never contain the secret).
import { ApplicationFailure } from '@temporalio/common';
import { createGraphClient } from '../../entra/graph-client.js';
import { missingPermissions, requiredPermissions } from '../../entra/permission-sets.js';
import {
  VERIFY_FAILURES,
  type VerifyConnectorInput,
  type VerifyConnectorResult,
} from '../../workflows/connectors/messages.js';
import { tokenClaim, type TenantAccess } from './tenant-access.js';

type TokenRefusal = 'tenantNotFound' | 'notConsented' | 'invalidAppCredentials';

export async function verifyConnectorAccess(
  access: TenantAccess | null,
  input: VerifyConnectorInput,
): Promise<VerifyConnectorResult> {
  if (!access) {
    throw ApplicationFailure.nonRetryable(
      'This worker has no Entra app credentials: set LANTERN_ENTRA_CLIENT_ID and a secret or certificate.',
      VERIFY_FAILURES.entraNotConfigured,
    );
  }
  const cloud = access.cloudOf(input.cloud);
  let token;
  try {
    token = await access.tokensFor(cloud, input.permissionSet).getToken(input.tenant);
  } catch (error) {
    const refusal = classifyTokenError(error);
    if (refusal === 'notConsented') {
      return {
        consented: false,
        tenantId: null,
        tenantDisplayName: null,
        grantedPermissions: [],
        missingPermissions: requiredPermissions(input),
      };
    }
    if (refusal === 'tenantNotFound') {
      throw ApplicationFailure.nonRetryable(
        `No tenant "${input.tenant}" exists in the ${cloud.authorityHost} cloud: check the tenant id or domain and the cloud.`,
        VERIFY_FAILURES.tenantNotFound,
      );
    }
    if (refusal === 'invalidAppCredentials') {
      throw ApplicationFailure.nonRetryable(
        "The identity platform rejected Lantern's app credentials (client secret or certificate): check the Entra app settings.",
        VERIFY_FAILURES.invalidAppCredentials,
      );
    }
    throw error;
  }
  const graph = createGraphClient({ cloud, getAccessToken: async () => token.accessToken, maxRetries: 3 });
  const organization = await readOrganization(graph.client);
  return {
    consented: true,
    tenantId: organization?.id ?? tokenClaim(token.accessToken, 'tid'),
    tenantDisplayName: organization?.displayName ?? null,
    grantedPermissions: [...token.roles].sort(),
    missingPermissions: missingPermissions(input, token.roles),
    ...(input.provisioning === 'pim' ? { pimLicensed: pimLicensed(organization) } : {}),
  };
}

interface AssignedPlan {
  servicePlanId?: string;
  service?: string;
  capabilityStatus?: string;
}
interface Organization {
  id: string;
  displayName: string | null;
  assignedPlans?: AssignedPlan[];
}

/** Service plan of Entra ID P2 (AAD_PREMIUM_P2), the licence PIM needs; the same id in every tenant. */
const ENTRA_ID_P2_PLAN = 'eec0eb4f-6444-4f95-aba0-50c24d67f998';

/**
 * Whether the organization holds an enabled P2 plan; null when its plans could not be read. A plan whose service
 * names Governance counts too (Entra ID Governance also licenses PIM), so a false is a definite "no premium plan for PIM".
 */
function pimLicensed(organization: Organization | null): boolean | null {
  if (!organization?.assignedPlans) return null;
  return organization.assignedPlans.some(
    (p) =>
      p.capabilityStatus === 'Enabled' &&
      (p.servicePlanId?.toLowerCase() === ENTRA_ID_P2_PLAN || /governance/i.test(p.service ?? '')),
  );
}

/** A 403 means the token cannot read the organization; the roles check then names what is missing. */
async function readOrganization(client: ReturnType<typeof createGraphClient>['client']): Promise<Organization | null> {
  try {
    const page = (await client.api('/organization').select(['id', 'displayName', 'assignedPlans']).get()) as {
      value?: Organization[];
    };
    return page.value?.[0] ?? null;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 403) return null;
    throw error;
  }
}

function classifyTokenError(error: unknown): TokenRefusal | null {
  const {
    errorCode = '',
    errorMessage = '',
    message = '',
  } = (error ?? {}) as { errorCode?: string; errorMessage?: string; message?: string };
  const text = `${errorCode} ${errorMessage} ${message}`;
  if (/AADSTS90002|AADSTS900023|invalid_tenant|endpoints_resolution_error/i.test(text)) return 'tenantNotFound';
  if (/AADSTS700016|AADSTS65001|AADSTS500011/.test(text)) return 'notConsented';
  if (/AADSTS7000215|AADSTS700027|AADSTS7000274|AADSTS7000222|invalid_client/i.test(text))
    return 'invalidAppCredentials';
  return null;
}
