// Just-in-time access emails. The approver's: who asks for what, for how long and why, with the link to their inbox
// item where they decide, signed in (no link in a mail changes anything by itself, nor carries a credential). The
// requester's: the access ended (what, why, when; for a failure the recorded problem), and the warning before expiry
// with a link to the page that requests an extension.
import { describeDuration, readableTime } from '../../../lib/time-text.js';
import type { EndReason } from '../../../workflows/access/messages.js';
import { renderEmail, type RenderedEmail } from '../render.js';

export interface ApprovalEmailContext {
  principalUpn: string;
  requesterId: string;
  entitlementId: string;
  durationSeconds: number;
  justification: string;
  ticket?: string | undefined;
  decideBy: string;
  approvalUrl: string;
  /** Set when the request is an extension of live access: the expiry it would give (ISO). */
  extensionUntil?: string | undefined;
}

export interface EndedEmailContext {
  entitlementId: string;
  principalUpn: string;
  reason: EndReason;
  endedAt: string;
  /** The recorded problem, for `failed`. */
  failure?: string | null | undefined;
  /** Lantern kept the access because the principal held it before the request. */
  preExisting?: boolean | undefined;
}

export interface WarningEmailContext {
  entitlementId: string;
  principalUpn: string;
  expiresAt: string;
  extensionSeconds: number;
  extensionUrl: string;
}

export function renderApprovalEmail(context: ApprovalEmailContext): RenderedEmail {
  const by = context.requesterId !== context.principalUpn ? ` (requested by ${context.requesterId})` : '';
  const extension = context.extensionUntil;
  const what = `${context.entitlementId} for ${context.principalUpn}`;
  return renderEmail({
    subject: extension ? `Approve extension? ${what}` : `Approve access? ${what}`,
    paragraphs: [
      extension
        ? `${context.principalUpn} has ${context.entitlementId} and asks for an extension of ${describeDuration(context.durationSeconds)}, until about ${readableTime(extension)}${by}.`
        : `${context.principalUpn} needs ${context.entitlementId} for ${describeDuration(context.durationSeconds)}${by}.`,
      `Justification: ${context.justification}${context.ticket ? ` (ticket ${context.ticket})` : ''}`,
      `Open the link to see the request in your Lantern approvals (you sign in with your work account first if needed) and approve or deny it there. The request expires at ${readableTime(context.decideBy)} if nobody decides${extension ? ' (when the current access ends)' : ''}.`,
    ],
    action: { label: 'Review the request', url: context.approvalUrl },
  });
}

const WHY: Record<EndReason, { subject: string; because: string }> = {
  expired: { subject: 'Access ended', because: 'its time was up' },
  revoked: { subject: 'Access revoked', because: 'it was revoked (or the request withdrawn) before its time was up' },
  denied: { subject: 'Request denied', because: 'an approver denied the request' },
  request_expired: { subject: 'Request timed out', because: 'nobody decided on the request in time' },
  failed: { subject: 'Access request failed', because: 'Lantern could not provision it' },
};

export function renderEndedEmail(context: EndedEmailContext): RenderedEmail {
  const why = WHY[context.reason];
  const never = context.reason === 'denied' || context.reason === 'request_expired' || context.reason === 'failed';
  const at = readableTime(context.endedAt);
  return renderEmail({
    subject: `${why.subject}: ${context.entitlementId} for ${context.principalUpn}`,
    paragraphs: [
      never
        ? `The request for ${context.entitlementId} for ${context.principalUpn} ended at ${at}: ${why.because}.`
        : `The access ${context.entitlementId} of ${context.principalUpn} ended at ${at}: ${why.because}.`,
      ...(context.reason === 'failed' && context.failure ? [`Problem recorded: ${context.failure}`] : []),
      ...(context.preExisting
        ? ['The principal held this access before the request, so Lantern left it in place.']
        : []),
      'Request it again through Lantern if you still need it.',
    ],
  });
}

export function renderExpiryWarningEmail(context: WarningEmailContext): RenderedEmail {
  return renderEmail({
    subject: `Access ends soon: ${context.entitlementId} for ${context.principalUpn}`,
    paragraphs: [
      `The access ${context.entitlementId} of ${context.principalUpn} ends at ${readableTime(context.expiresAt)}.`,
      `Need more time? Open the link to request an extension of ${describeDuration(context.extensionSeconds)} (you confirm on the page; the policy may ask an approver first).`,
    ],
    action: { label: 'Request an extension', url: context.extensionUrl },
  });
}
