// Activities of connector onboarding. Built once per worker from narrow dependencies; tests pass stubs or their own.
import type { Catalog } from '../../catalog/index.js';
import type { EntraAccess } from '../../config/index.js';
import { activateConnector, type ActivateConnectorInput } from './activate.js';
import type { EmailServices } from '../email/services.js';
import { sendOwnerEmails, type SendOwnerEmailsInput } from './emails.js';
import { verifyTenantAccess, type VerifyTenantAccessInput } from './tenant-check.js';

export interface OnboardingActivityDeps {
  catalog: Pick<Catalog, 'db'>;
  entra?: EntraAccess | null | undefined;
  /** Mailer and link signer; undefined = the worker cannot send onboarding email (the activity fails saying so). */
  email?: EmailServices | undefined;
}

export function createOnboardingActivities({ catalog, entra, email }: OnboardingActivityDeps) {
  return {
    /** Sends one email per owner. Not idempotent: called with few attempts. */
    async sendOwnerEmails(input: SendOwnerEmailsInput): Promise<{ sent: number }> {
      if (!email) throw new Error('This worker has no email settings for onboarding.');
      return sendOwnerEmails(email, input);
    },
    /** Read-only: app-only token roles and Graph role assignments. Safe to retry. */
    async verifyTenantAccess(input: VerifyTenantAccessInput): Promise<{ grantedPermissions: string[] }> {
      return verifyTenantAccess(entra ?? null, entra?.defaultCloud ?? null, input);
    },
    /** Idempotent: sets the connector's tenant and status, then creates (or updates) its sync schedule. */
    async activateConnector(input: ActivateConnectorInput): Promise<{ scheduleId: string }> {
      return activateConnector(catalog, input);
    },
  };
}

export type OnboardingActivities = ReturnType<typeof createOnboardingActivities>;
