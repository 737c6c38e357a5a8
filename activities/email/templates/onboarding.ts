// The integration owners' emails: what happened, what to do next, and which Entra role it takes.
import { explainedPermissions } from '../../../entra/permission-sets.js';
import type { PermissionSetName } from '../../../domain/connector.js';
import { readableTime } from '../../../lib/time-text.js';
import type { OwnerEmailKind } from '../../../workflows/onboarding/messages.js';
import { renderEmail, type EmailContent, type RenderedEmail } from '../render.js';

export interface OwnerEmailContext {
  kind: OwnerEmailKind;
  displayName: string;
  setupUrl: string;
  expiresAt: string;
  tenantId: string | null;
  /** What the owner will be asked to grant; absent (runs from before 0.2) = the list is left out. */
  permissions?: { permissionSet: PermissionSetName; includeSignInActivity: boolean } | undefined;
}

const ROLE =
  'You need the Microsoft Entra role Global Administrator in the tenant you connect: you will sign in with ' +
  "Microsoft twice and grant Lantern's application permissions (admin consent) in between.";

/** One line per permission the owner will be asked to grant, and why Lantern needs it. */
function permissionLines(permissions: OwnerEmailContext['permissions']): string[] {
  if (!permissions) return [];
  const lines = explainedPermissions(permissions).map(({ permission, why }) => `• ${permission}: ${why}`);
  const access = permissions.permissionSet === 'readWrite' ? 'read and change access in' : 'read';
  return [`Lantern will ask to ${access} your directory with these application permissions:`, ...lines];
}

function content({ kind, displayName, setupUrl, expiresAt, tenantId, permissions }: OwnerEmailContext): EmailContent {
  const until = `The setup link works until ${readableTime(expiresAt)}.`;
  const action = (label: string) => ({ label, url: setupUrl });
  switch (kind) {
    case 'invitation':
      return {
        subject: `Set up the Lantern connector "${displayName}"`,
        action: action('Open the setup page'),
        paragraphs: [
          `You were named an integration owner of the Lantern connector "${displayName}".`,
          ROLE,
          "What happens: 1. sign in with Microsoft; 2. approve Lantern's application permissions for your organization; 3. sign in again so Lantern can check them. Then Lantern starts its first sync.",
          ...permissionLines(permissions),
          until,
        ],
      };
    case 'reminder':
      return {
        subject: `Reminder: the Lantern connector "${displayName}" is waiting for you`,
        action: action('Continue the setup'),
        paragraphs: [`The setup of "${displayName}" is not finished yet.`, ROLE, until],
      };
    case 'connected':
      return {
        subject: `Connected: Lantern connector "${displayName}"`,
        action: action('See the sync status'),
        paragraphs: [
          `"${displayName}" is connected${tenantId ? ` to tenant ${tenantId}` : ''}. Lantern has started its first sync.`,
        ],
      };
    case 'expired':
      return {
        subject: `Expired: the setup of Lantern connector "${displayName}"`,
        paragraphs: [
          `The setup of "${displayName}" was not finished in time and has expired. Ask a Lantern administrator to restart it.`,
        ],
      };
    case 'cancelled':
      return {
        subject: `Cancelled: the setup of Lantern connector "${displayName}"`,
        paragraphs: [
          `A Lantern administrator cancelled the setup of "${displayName}". Nothing more is needed from you.`,
        ],
      };
  }
}

export const renderOwnerEmail = (context: OwnerEmailContext): RenderedEmail => renderEmail(content(context));
