// The approver's email: who asks for what, for how long and why, and the link to the page where they decide.
// Plain text and simple HTML; the decision itself needs a click on that page (no link in the mail changes anything).

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

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const describeDuration = (seconds: number): string =>
  seconds % 3600 === 0 ? `${seconds / 3600} hour(s)` : seconds % 60 === 0 ? `${seconds / 60} minute(s)` : `${seconds} second(s)`;

export const readableTime = (iso: string): string => iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

export function renderApprovalEmail(context: ApprovalEmailContext): { subject: string; text: string; html: string; links: string[] } {
  const by = context.requesterId !== context.principalUpn ? ` (requested by ${context.requesterId})` : '';
  const extension = context.extensionUntil;
  const subject = extension
    ? `Approve extension? ${context.entitlementId} for ${context.principalUpn}`
    : `Approve access? ${context.entitlementId} for ${context.principalUpn}`;
  const paragraphs = [
    extension
      ? `${context.principalUpn} has ${context.entitlementId} and asks for an extension of ${describeDuration(context.durationSeconds)}, until about ${readableTime(extension)}${by}.`
      : `${context.principalUpn} needs ${context.entitlementId} for ${describeDuration(context.durationSeconds)}${by}.`,
    `Justification: ${context.justification}${context.ticket ? ` (ticket ${context.ticket})` : ''}`,
    `Open the link to see the request and approve or deny it. The request expires at ${readableTime(context.decideBy)} if nobody decides${extension ? ' (when the current access ends)' : ''}.`,
  ];
  const text = [...paragraphs, `Review the request: ${context.approvalUrl}`].join('\n\n');
  const html = `<!doctype html><html lang="en"><body style="font-family:sans-serif;max-width:40em">${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}`
    + `<p><a href="${escapeHtml(context.approvalUrl)}">Review the request</a></p></body></html>`;
  return { subject, text, html, links: [context.approvalUrl] };
}
