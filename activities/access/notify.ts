// notifyApprovers: one email per approver of a pending request, each with its own signed approval link. Approvers are
// principal ids; each access email goes to the mail (else the UPN) the catalog knows for its recipient.
import type { Kysely } from 'kysely';
import { emailAddressesOf } from '../../catalog/access/recipients.js';
import type { CatalogSchema } from '../../catalog/schema.js';
import { approvalItemUrl, type ApprovalLinks } from '../../lib/links/access.js';
import type { Mailer } from '../email/mailer.js';
import type { RenderedEmail } from '../email/render.js';
import { sendEach } from '../email/send.js';
import { renderApprovalEmail } from '../email/templates/access.js';

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
  /** Recipients without a known address (not in the catalog): approvers can still decide through the API. */
  unreachable: string[];
}

/** Emails each principal of `principalIds` the catalog has an address for; `render` gets the principal id. */
export async function mailPrincipals(
  db: Kysely<CatalogSchema>,
  mailer: Mailer,
  connectorId: string,
  principalIds: string[],
  render: (principalId: string) => RenderedEmail,
): Promise<NotifyResult> {
  const ids = [...new Set(principalIds)];
  const address = await emailAddressesOf(db, connectorId, ids);
  const reachable = ids.flatMap((id) => {
    const to = address.get(id);
    return to ? [{ id, to }] : [];
  });
  const sent = await sendEach(mailer, reachable, ({ id }) => render(id));
  return { sent, unreachable: ids.filter((id) => !address.has(id)) };
}

export async function notifyApprovers(
  db: Kysely<CatalogSchema>,
  services: ApprovalEmailServices | undefined,
  notice: ApprovalNotice,
): Promise<NotifyResult> {
  if (!services || notice.approverIds.length === 0) return { sent: 0, unreachable: notice.approverIds };
  // The link is the approver's inbox item (they sign in to decide), not a signed token: a forwarded mail decides
  // nothing, and the item says what became of the request once it is decided. Old signed links keep working.
  const approvalUrl = approvalItemUrl(services.publicUrl, notice.workflowId);
  return mailPrincipals(db, services.mailer, notice.connectorId, notice.approverIds, () =>
    renderApprovalEmail({ ...notice, approvalUrl }),
  );
}
