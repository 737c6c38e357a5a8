// The requester's page from the expiry warning email: the grant (what, for whom, until when) and one POST button that
// requests the extension. Showing it changes nothing, so a mail scanner that follows the link cannot extend access.
import { describeDuration, readableTime } from '../../lib/time-text.js';
import { html, layout } from '../pages/layout.js';

export interface ExtensionPageInput {
  principalUpn: string;
  entitlementId: string;
  expiresAt: string | null;
  extensionSeconds: number;
  action: string;
  token: string;
}

export function renderExtensionPage(input: ExtensionPageInput): string {
  const row = (label: string, value: string) =>
    html`<dt>${label}</dt>
      <dd>${value}</dd>`;
  const details = [
    row('Who', input.principalUpn),
    row('Access', input.entitlementId),
    row('Ends at', input.expiresAt ? readableTime(input.expiresAt) : 'unknown'),
    row('Extend by', describeDuration(input.extensionSeconds)),
  ];
  const note = html`<p>
    If the policy asks for approval, the approvers are emailed and the access stays as it is until one decides.
  </p>`;
  return layout({
    title: 'Extend this access?',
    body: html`<div class="card"><dl>${details}</dl></div>
      ${note}
      <form method="post" action="${input.action}">
        <input type="hidden" name="token" value="${input.token}" /><button type="submit">Request the extension</button>
      </form>`,
  });
}
