// notifyApprovers: one email per approver of a pending request, each with its own signed approval link (built here, in
// the worker, so the signature never enters workflow history). Approvers are principal ids; their address is the mail (else the
// UPN) the catalog knows. The Message-ID is stable per activity, so a duplicate from a retry is recognisable.
import { Context } from '@temporalio/activity';
import type { Kysely } from 'kysely';
import type { CatalogSchema } from '../../catalog/schema.js';
import type { Mailer } from '../email/mailer.js';
import { renderApprovalEmail } from './notify-email.js';
import { approvalLinkUrl, type ApprovalLinks } from './notify-links.js';

/** Stable per activity and recipient, so a duplicate from a retry is recognisable. */
export const messageIdOf = (runId: string | undefined, activityId: string, recipient: string): string =>
  `<${runId ?? 'local'}.${activityId}.${Buffer.from(recipient).toString('hex')}@lantern>`;

export interface ApprovalEmailServices {
  mailer: Mailer;
  links: ApprovalLinks;
  publicUrl: string;
}

export interface ApprovalNotice {
  workflowId: string;
  connectorId: string;
  entitlementId: string;
  principalUpn: string;
  requesterId: string;
  approverIds: string[];
  durationSeconds: number;
  justification: string;
  ticket?: string | undefined;
  /** ISO time the request times out; the links expire then too. */
  decideBy: string;
  /** The request to decide: each link decides only this one (a later extension needs a later email). */
  requestId?: string | undefined;
  /** An extension of live access: the expiry it would give (ISO). */
  extensionUntil?: string | undefined;
}

export interface NotifyResult {
  sent: number;
  /** Approvers without a known address (not in the catalog): they can still decide through the API. */
  unreachable: string[];
}

export async function notifyApprovers(db: Kysely<CatalogSchema>, services: ApprovalEmailServices | undefined, notice: ApprovalNotice): Promise<NotifyResult> {
  if (!services || notice.approverIds.length === 0) return { sent: 0, unreachable: notice.approverIds };
  const address = await addressesOf(db, notice.connectorId, notice.approverIds);
  const { workflowExecution, activityId } = Context.current().info;
  let sent = 0;
  for (const approverId of notice.approverIds) {
    const to = address.get(approverId);
    if (!to) continue;
    const token = services.links.sign({ grantId: notice.workflowId, approverId, expiresAtMs: Date.parse(notice.decideBy), requestId: notice.requestId });
    const rendered = renderApprovalEmail({ ...notice, approvalUrl: approvalLinkUrl(services.publicUrl, token) });
    const messageId = messageIdOf(workflowExecution?.runId, activityId, approverId);
    await services.mailer.send({ to, ...rendered, messageId });
    sent += 1;
  }
  return { sent, unreachable: notice.approverIds.filter((id) => !address.has(id)) };
}

/** Principal id → email address (mail, else UPN) for those the catalog knows with one. */
export async function addressesOf(db: Kysely<CatalogSchema>, connectorId: string, principalIds: string[]): Promise<Map<string, string>> {
  if (principalIds.length === 0) return new Map();
  const known = await db.selectFrom('principals').select(['id', 'mail', 'upn'])
    .where('connector_id', '=', connectorId).where('id', 'in', principalIds).execute();
  return new Map(known.flatMap((p) => (p.mail ?? p.upn ? [[p.id, (p.mail ?? p.upn)!] as const] : [])));
}
