// notifyAccessEnded and notifyExpiryWarning: the requester's emails (and the principal's, when someone else asked).
// Addresses come from the catalog (mail, else UPN); unknown recipients are reported, not errors. The warning's signed
// extension link is built here, in the worker, so its signature never enters workflow history.
import { Context } from '@temporalio/activity';
import type { Kysely } from 'kysely';
import type { CatalogSchema } from '../../catalog/schema.js';
import type { EndReason } from '../../workflows/access/messages.js';
import { extensionLinkUrl } from './notify-links.js';
import { addressesOf, messageIdOf, type ApprovalEmailServices, type NotifyResult } from './notify.js';
import { renderEndedEmail, renderExpiryWarningEmail, type RenderedEmail } from './notify-requester-email.js';

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

async function send(db: Kysely<CatalogSchema>, services: ApprovalEmailServices, notice: GrantNotice, render: (to: string) => RenderedEmail, recipients: string[]): Promise<NotifyResult> {
  const ids = [...new Set(recipients)];
  const address = await addressesOf(db, notice.connectorId, ids);
  const { workflowExecution, activityId } = Context.current().info;
  let sent = 0;
  for (const id of ids) {
    const to = address.get(id);
    if (!to) continue;
    await services.mailer.send({ to, ...render(id), messageId: messageIdOf(workflowExecution?.runId, activityId, id) });
    sent += 1;
  }
  return { sent, unreachable: ids.filter((id) => !address.has(id)) };
}

export async function notifyAccessEnded(db: Kysely<CatalogSchema>, services: ApprovalEmailServices | undefined, notice: AccessEndedNotice): Promise<NotifyResult> {
  const recipients = [notice.requesterId, notice.principalId];
  if (!services) return { sent: 0, unreachable: [...new Set(recipients)] };
  return send(db, services, notice, () => renderEndedEmail(notice), recipients);
}

/** To the requester only: the link requests an extension as them. */
export async function notifyExpiryWarning(db: Kysely<CatalogSchema>, services: ApprovalEmailServices | undefined, notice: ExpiryWarningNotice): Promise<NotifyResult> {
  if (!services) return { sent: 0, unreachable: [notice.requesterId] };
  return send(db, services, notice, (requesterId) => {
    const runId = Context.current().info.workflowExecution?.runId;
    const token = services.links.extension.sign({ grantId: notice.workflowId, requesterId, expiresAtMs: Date.parse(notice.expiresAt), runId });
    return renderExpiryWarningEmail({ ...notice, extensionUrl: extensionLinkUrl(services.publicUrl, token) });
  }, [notice.requesterId]);
}
