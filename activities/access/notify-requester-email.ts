// The requester's emails: the access ended (what, why, when; for a failure the recorded problem), and the warning
// before expiry with a link to the page that requests an extension (the link opens a confirm page: it changes nothing).
import type { EndReason } from '../../workflows/access/messages.js';
import { describeDuration, readableTime } from './notify-email.js';

export interface RenderedEmail { subject: string; text: string; html: string; links: string[] }

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

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const WHY: Record<EndReason, { subject: string; because: string }> = {
  expired: { subject: 'Access ended', because: 'its time was up' },
  revoked: { subject: 'Access revoked', because: 'it was revoked (or the request withdrawn) before its time was up' },
  denied: { subject: 'Request denied', because: 'an approver denied the request' },
  request_expired: { subject: 'Request timed out', because: 'nobody decided on the request in time' },
  failed: { subject: 'Access request failed', because: 'Lantern could not provision it' },
};

function email(subject: string, paragraphs: string[], link?: { label: string; url: string }): RenderedEmail {
  const text = [...paragraphs, ...(link ? [`${link.label}: ${link.url}`] : [])].join('\n\n');
  const html = `<!doctype html><html lang="en"><body style="font-family:sans-serif;max-width:40em">${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}`
    + `${link ? `<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>` : ''}</body></html>`;
  return { subject, text, html, links: link ? [link.url] : [] };
}

export function renderEndedEmail(context: EndedEmailContext): RenderedEmail {
  const why = WHY[context.reason];
  const never = context.reason === 'denied' || context.reason === 'request_expired' || context.reason === 'failed';
  const paragraphs = [
    never
      ? `The request for ${context.entitlementId} for ${context.principalUpn} ended at ${readableTime(context.endedAt)}: ${why.because}.`
      : `The access ${context.entitlementId} of ${context.principalUpn} ended at ${readableTime(context.endedAt)}: ${why.because}.`,
    ...(context.reason === 'failed' && context.failure ? [`Problem recorded: ${context.failure}`] : []),
    ...(context.preExisting ? ['The principal held this access before the request, so Lantern left it in place.'] : []),
    'Request it again through Lantern if you still need it.',
  ];
  return email(`${why.subject}: ${context.entitlementId} for ${context.principalUpn}`, paragraphs);
}

export function renderExpiryWarningEmail(context: WarningEmailContext): RenderedEmail {
  const paragraphs = [
    `The access ${context.entitlementId} of ${context.principalUpn} ends at ${readableTime(context.expiresAt)}.`,
    `Need more time? Open the link to request an extension of ${describeDuration(context.extensionSeconds)} (you confirm on the page; the policy may ask an approver first).`,
  ];
  return email(`Access ends soon: ${context.entitlementId} for ${context.principalUpn}`, paragraphs,
    { label: 'Request an extension', url: context.extensionUrl });
}
