// Who may sign in at all: people of a connected connector's tenant and of the configured home tenant. Personal
// Microsoft accounts, other tenants and accounts the catalog lists as disabled are refused, with a reason code for the
// audit row and a page that says what to do.
import type { Kysely } from 'kysely';
import { connectedConnectorIds, findDirectoryPerson } from '../../catalog/people/directory.js';
import type { CatalogSchema } from '../../catalog/schema.js';
import type { AuthSettings } from '../../config/auth-schema.js';
import { PERSONAL_ACCOUNTS_TENANT_ID } from '../../entra/id-token.js';
import type { PersonFacts } from '../../entra/people-sign-in.js';
import type { Refusal } from '../pages/page.js';

export type RefusalReason = 'personal_account' | 'tenant_not_connected' | 'account_disabled';

export type Admission = { allowed: true; appRoles: string[] } | { allowed: false; reason: RefusalReason };

export async function admit(
  db: Kysely<CatalogSchema>,
  auth: Pick<AuthSettings, 'homeTenantId'>,
  person: PersonFacts,
): Promise<Admission> {
  if (person.tenantId === PERSONAL_ACCOUNTS_TENANT_ID) return { allowed: false, reason: 'personal_account' };
  const isHome = person.tenantId === auth.homeTenantId;
  const connectors = await connectedConnectorIds(db, person.tenantId);
  if (!isHome && connectors.length === 0) return { allowed: false, reason: 'tenant_not_connected' };
  const listed = await findDirectoryPerson(db, connectors, person.objectId);
  if (listed && !listed.enabled) return { allowed: false, reason: 'account_disabled' };
  // App roles come from Lantern's app in the home tenant only: another tenant's admins could assign them to anyone.
  return { allowed: true, appRoles: isHome ? person.appRoles : [] };
}

export function refusalPage(reason: RefusalReason, tenantId: string): Refusal {
  const another = { href: '/sign-in', label: 'Sign in with another account' };
  switch (reason) {
    case 'personal_account':
      return {
        status: 403,
        title: 'Use your work account',
        message:
          'That is a personal Microsoft account. Lantern is for people of the organisations it governs: sign in with your work or school account.',
        next: another,
      };
    case 'account_disabled':
      return {
        status: 403,
        title: 'This account is disabled',
        message: 'Entra ID lists this account as disabled, so it cannot use Lantern. Ask your IT administrator.',
        next: another,
      };
    case 'tenant_not_connected':
      return {
        status: 403,
        title: 'Your organisation does not use this Lantern',
        message: `Your account belongs to a tenant (${tenantId}) that this Lantern does not govern, so you cannot sign in here. Sign in with an account of a connected organisation, or ask a Lantern administrator to connect yours.`,
        next: another,
      };
  }
}
