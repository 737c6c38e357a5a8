// sendOwnerEmails: one message per owner, each with its own signed setup link (signed here, in the worker, so the
// signature never enters workflow history). Not idempotent by nature: the workflow allows few attempts.
import { setupLinkPath } from '../../lib/links/setup.js';
import type { PermissionSetName } from '../../domain/connector.js';
import type { OwnerEmailKind } from '../../workflows/onboarding/messages.js';
import { sendEach } from '../email/send.js';
import type { EmailServices } from '../email/services.js';
import { renderOwnerEmail } from '../email/templates/onboarding.js';

export interface SendOwnerEmailsInput {
  connectorId: string;
  displayName: string;
  owners: string[];
  kind: OwnerEmailKind;
  tenantId: string | null;
  expiresAt: string;
  /** Absent in schedules from before 0.2: the invitation then lists no permissions. */
  permissionSet?: PermissionSetName;
  includeSignInActivity?: boolean;
}

export async function sendOwnerEmails(services: EmailServices, input: SendOwnerEmailsInput): Promise<{ sent: number }> {
  const ttlMs = services.linkTtlSeconds * 1000;
  // A connected connector's link opens its status page: it outlives the (finished) setup.
  const expiresAtMs =
    input.kind === 'connected' ? Date.now() + ttlMs : Math.min(Date.parse(input.expiresAt), Date.now() + ttlMs);
  const owners = input.owners.map((owner) => ({ id: owner, to: owner }));
  const sent = await sendEach(services.mailer, owners, ({ id: owner }) => {
    const token = services.links.sign({ subject: input.connectorId, actor: owner, purpose: 'setup', expiresAtMs });
    const setupUrl = `${services.publicUrl}${setupLinkPath(input.connectorId)}?token=${encodeURIComponent(token)}`;
    return renderOwnerEmail({
      kind: input.kind,
      displayName: input.displayName,
      setupUrl,
      expiresAt: input.expiresAt,
      tenantId: input.tenantId,
      permissions: input.permissionSet && {
        permissionSet: input.permissionSet,
        includeSignInActivity: input.includeSignInActivity ?? false,
      },
    });
  });
  return { sent };
}
