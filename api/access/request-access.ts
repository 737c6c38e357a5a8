// Asking for access, shared by POST /api/v1/connectors/:id/access-requests and the Request access page so both apply
// the same rules: the connector exists, a person asks in their own tenant, only admins ask for someone else, the plan's
// catalog and policy rules (plan.ts), then update-with-start (a request for live access extends it).
import { Type, type Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import { getConnector } from '../../catalog/connectors.js';
import type { CatalogSchema } from '../../catalog/index.js';
import type { AccessTemporal } from '../../temporal/clients/access.js';
import type { Principal } from '../http/auth.js';
import { apiErrors } from '../http/errors.js';
import { ID_PATTERN } from '../http/schemas.js';
import { acting, refusedAs409 } from './actions.js';
import { planAccessRequest } from './plan.js';

/** The request's rules as a schema: the API validates its body with it, the page its form. */
export const AccessAskSchema = Type.Object(
  {
    entitlementId: Type.String({ pattern: ID_PATTERN }),
    principalId: Type.Optional(
      Type.String({ pattern: ID_PATTERN, description: 'Default: the caller. Admins may request for others.' }),
    ),
    durationSeconds: Type.Integer({ minimum: 1, maximum: 366 * 24 * 3600 }),
    justification: Type.String({ minLength: 1, maxLength: 2000 }),
    ticket: Type.Optional(Type.String({ maxLength: 200 })),
    startAt: Type.Optional(
      Type.String({
        format: 'date-time',
        maxLength: 40,
        description:
          'Start the access at this time (at least 60 s and at most 90 days ahead); approval may come before',
      }),
    ),
    breakGlass: Type.Optional(
      Type.Boolean({
        description:
          "Break-glass: self-approved at once with justification as the mandatory reason, if the entitlement's policy allows it; reviewed afterwards",
      }),
    ),
  },
  { additionalProperties: false },
);
export type AccessAsk = Static<typeof AccessAskSchema>;

export async function requestAccess(
  db: Kysely<CatalogSchema>,
  temporal: () => AccessTemporal,
  caller: Principal | null,
  connectorId: string,
  ask: AccessAsk,
) {
  const connector = await getConnector(db, connectorId);
  if (!connector) throw apiErrors.notFound(`Connector ${connectorId}`);
  assertOwnTenant(caller, connector.tenantId);
  const principalId = ask.principalId ?? caller?.subject;
  if (!principalId)
    throw apiErrors.invalid('body.principalId is required: this credential is not bound to a directory principal.');
  if (principalId !== caller?.subject && !caller?.roles.includes('admin'))
    throw apiErrors.forbidden(['admin (to request for someone else)']);
  const input = await planAccessRequest(db, connectorId, acting(caller), { ...ask, principalId });
  return refusedAs409(() => temporal().request(input));
}

/**
 * A person requests only in their own tenant's connector (an admin may request for anyone). Credentials without a
 * tenant (bearer tokens bound to an object id) are checked by the catalog instead: the principal must exist there.
 */
export function assertOwnTenant(caller: Principal | null, connectorTenantId: string | null): void {
  const tenantId = caller?.tenantId;
  if (!tenantId || caller?.roles.includes('admin') || tenantId.toLowerCase() === connectorTenantId?.toLowerCase())
    return;
  throw apiErrors.forbidden([`a person of this connector's tenant (you signed in from tenant ${tenantId})`]);
}
