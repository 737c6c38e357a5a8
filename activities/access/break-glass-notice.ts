// notifyBreakGlass: one email per approver of the entitlement and per known admin, sent at once. Each recipient is
// recorded right after their message (catalog/access/break-glass-notices.ts), so a retried activity skips them; the
// Message-ID is stable per request and recipient, so a duplicate after a crash between send and record is
// recognisable. Approvers are linked to their review inbox of the grant's review, admins to the campaign page.
import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { Kysely } from 'kysely';
import { entitlementNamesOf } from '../../catalog/access/approval-inbox.js';
import { breakGlassNoticesSent, recordBreakGlassNotice } from '../../catalog/access/break-glass-notices.js';
import { emailAddressesOf } from '../../catalog/access/recipients.js';
import type { KnownAdmin } from '../../catalog/people/admins.js';
import { breakGlassCampaignId } from '../../catalog/reviews/break-glass.js';
import type { CatalogSchema } from '../../catalog/schema.js';
import { approvalItemUrl } from '../../lib/links/access.js';
import { reviewInboxPath } from '../../lib/links/review.js';
import { renderBreakGlassEmail } from '../email/templates/break-glass.js';
import type { BreakGlassNotice } from './contract.js';
import type { ApprovalEmailServices, NotifyResult } from './notify.js';

export interface BreakGlassNoticeDeps {
  db: Kysely<CatalogSchema>;
  services: ApprovalEmailServices | undefined;
  admins: () => Promise<KnownAdmin[]>;
}

interface Recipient {
  id: string;
  role: 'approver' | 'admin';
  address: string | undefined;
}

export async function notifyBreakGlass(deps: BreakGlassNoticeDeps, notice: BreakGlassNotice): Promise<NotifyResult> {
  const { db, services } = deps;
  const recipients = await recipientsOf(deps, notice);
  // Without mail settings (tests, benches) nobody is emailed, like every other access email.
  if (!services) return { sent: 0, unreachable: recipients.map((r) => r.id) };
  const key = { grantId: notice.workflowId, notice: noticeKey(notice) };
  const done = await breakGlassNoticesSent(db, key);
  const email = await emailContext(db, notice);
  let sent = 0;
  for (const recipient of recipients) {
    if (done.has(recipient.id) || !recipient.address) continue;
    await services.mailer.send({
      to: recipient.address,
      ...renderBreakGlassEmail({ ...email, ...linkFor(services.publicUrl, notice, recipient) }),
      messageId: breakGlassMessageId(key.grantId, key.notice, recipient.id),
    });
    await recordBreakGlassNotice(db, key, { id: recipient.id, role: recipient.role });
    sent += 1;
  }
  return { sent, unreachable: recipients.filter((r) => !r.address).map((r) => r.id) };
}

/** Approvers first (their role decides the link), then admins not already listed; never the requester or principal. */
async function recipientsOf(deps: BreakGlassNoticeDeps, notice: BreakGlassNotice): Promise<Recipient[]> {
  const actors = new Set([notice.requesterId, notice.principalId]);
  const approverIds = [...new Set(notice.approverIds)].filter((id) => !actors.has(id));
  const addresses = await emailAddressesOf(deps.db, notice.connectorId, approverIds);
  const approvers: Recipient[] = approverIds.map((id) => ({ id, role: 'approver', address: addresses.get(id) }));
  const listed = new Set(approverIds);
  const admins: Recipient[] = (await deps.admins())
    .filter((a) => !actors.has(a.id) && !listed.has(a.id))
    .map((a) => ({ id: a.id, role: 'admin', address: a.address }));
  return [...approvers, ...admins];
}

/** The break-glass request: its id when the workflow gives it, else this workflow run (both stable across retries). */
function noticeKey(notice: BreakGlassNotice): string {
  return notice.requestId ?? `run:${Context.current().info.workflowExecution?.runId ?? 'local'}`;
}

async function emailContext(db: Kysely<CatalogSchema>, notice: BreakGlassNotice) {
  const names = await entitlementNamesOf(db, notice.connectorId, notice.entitlementId);
  const byOther = notice.requesterId !== notice.principalId;
  const requester = byOther
    ? (await emailAddressesOf(db, notice.connectorId, [notice.requesterId])).get(notice.requesterId)
    : undefined;
  return {
    principalUpn: notice.principalUpn,
    requesterLabel: byOther ? (requester ?? notice.requesterId) : undefined,
    entitlementName: names?.entitlementName ?? notice.entitlementId,
    durationSeconds: notice.durationSeconds,
    reason: notice.reason,
  };
}

/** With the request id the review's address is known before it opens: approvers review there, admins oversee. */
function linkFor(publicUrl: string, notice: BreakGlassNotice, recipient: Recipient) {
  if (!notice.requestId) return { url: approvalItemUrl(publicUrl, notice.workflowId), linksToReview: false };
  const campaignId = breakGlassCampaignId(notice.workflowId, notice.requestId);
  // The campaign page's address (api/reviews/pages-parts.ts campaignPath), not imported: the worker loads no pages.
  const path =
    recipient.role === 'approver' ? reviewInboxPath(campaignId) : `/admin/reviews/${encodeURIComponent(campaignId)}`;
  return { url: `${publicUrl}${path}`, linksToReview: true };
}

export const breakGlassMessageId = (grantId: string, notice: string, recipientId: string): string => {
  const h = createHash('sha256').update(`${grantId}\n${notice}\n${recipientId}`).digest('hex').slice(0, 40);
  return `<break-glass.${h}@lantern>`;
};
