// The approver's page from an emailed link: the request (who, what, how long, why) and two POST buttons. Showing it
// changes nothing, so a mail scanner that follows the link cannot decide; the signed link travels as a hidden field.
import { describeDuration, readableTime } from '../../lib/time-text.js';
import { html, layout } from '../pages/layout.js';

export interface ApprovalPageInput {
  principalUpn: string;
  requesterId: string;
  entitlementId: string;
  durationSeconds: number | null;
  justification: string | null;
  ticket: string | null;
  action: string;
  token: string;
  /** Set when the request extends live access. */
  extension?: { currentExpiry: string | null } | undefined;
}

export function renderApprovalPage(input: ApprovalPageInput): string {
  const row = (label: string, value: string) =>
    html`<dt>${label}</dt>
      <dd>${value}</dd>`;
  const details = [
    row('Who', input.principalUpn),
    ...(input.requesterId !== input.principalUpn ? [row('Requested by', input.requesterId)] : []),
    row('Access', input.entitlementId),
    row(
      input.extension ? 'Extend by' : 'For',
      input.durationSeconds ? describeDuration(input.durationSeconds) : 'unknown',
    ),
    ...(input.extension
      ? [
          row(
            'Access ends now at',
            input.extension.currentExpiry ? readableTime(input.extension.currentExpiry) : 'unknown',
          ),
        ]
      : []),
    row('Justification', input.justification ?? '—'),
    ...(input.ticket ? [row('Ticket', input.ticket)] : []),
  ];
  const button = (decision: 'approve' | 'deny', label: string, cls: string) =>
    html`<button type="submit" name="decision" value="${decision}" class="${cls}">${label}</button> `;
  return layout({
    title: input.extension ? 'Approve this extension?' : 'Approve this access request?',
    body: html`<div class="card"><dl>${details}</dl></div>
      <form method="post" action="${input.action}">
        <input
          type="hidden"
          name="token"
          value="${input.token}"
        />${button('approve', 'Approve', '')}${button('deny', 'Deny', 'secondary')}
      </form>`,
  });
}
