// notifyAccessEnded and notifyExpiryWarning: the requester's emails (and the principal's, when someone else asked).
// Unknown recipients are reported, not errors. The warning's extension link is signed here, in the worker.
import { Context } from '@temporalio/activity';
import type { Kysely } from 'kysely';
import type { CatalogSchema } from '../../catalog/schema.js';
import { extensionLinkUrl } from '../../lib/links/access.js';
import type { EndReason } from '../../workflows/access/messages.js';
import { renderEndedEmail, renderExpiryWarningEmail } from '../email/templates/access.js';
import { mailPrincipals, type ApprovalEmailServices, type NotifyResult } from './notify.js';

interface GrantNotice {
  workflowId: string;
  connectorId: string;
  entitlementId: string;
  principalId: string;
  principalUpn: string;
  requesterId: string;
}

export interface AccessEndedNotice extends GrantNotice {
  reason: EndReason;
  endedAt: string;
  failure?: string | null | undefined;
  preExisting?: boolean | undefined;
}

export interface ExpiryWarningNotice extends GrantNotice {
  /** ISO expiry being warned about; the extension link expires then too. */
  expiresAt: string;
  /** The original request's duration: what one click asks for. */
  extensionSeconds: number;
}

export async function notifyAccessEnded(
  db: Kysely<CatalogSchema>,
  services: ApprovalEmailServices | undefined,
  notice: AccessEndedNotice,
): Promise<NotifyResult> {
  const recipients = [notice.requesterId, notice.principalId];
  if (!services) return { sent: 0, unreachable: [...new Set(recipients)] };
  const rendered = renderEndedEmail(notice);
  return mailPrincipals(db, services.mailer, notice.connectorId, recipients, () => rendered);
}

/** To the requester only: the link requests an extension as them. */
export async function notifyExpiryWarning(
  db: Kysely<CatalogSchema>,
  services: ApprovalEmailServices | undefined,
  notice: ExpiryWarningNotice,
): Promise<NotifyResult> {
  if (!services) return { sent: 0, unreachable: [notice.requesterId] };
  // Scoped to this run: a later grant of the same pair (same workflow id) is not extended by this link.
  const runId = Context.current().info.workflowExecution?.runId;
  return mailPrincipals(db, services.mailer, notice.connectorId, [notice.requesterId], (requesterId) => {
    const token = services.links.extension.sign({
      grantId: notice.workflowId,
      requesterId,
      expiresAtMs: Date.parse(notice.expiresAt),
      runId,
    });
    return renderExpiryWarningEmail({ ...notice, extensionUrl: extensionLinkUrl(services.publicUrl, token) });
  });
}
