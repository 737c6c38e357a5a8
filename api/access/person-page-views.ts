// The HTML of the person pages: a signed-in person's own requests (/my-requests) and the requests they may decide
// (/approvals). Every form posts with the session's CSRF token; times are <time> elements in UTC text that the shared
// local-time script (a file: the pages allow no inline script) rewrites into the viewer's time zone.
import type { AccessGrantRow } from '../../catalog/access/requests.js';
import { describeDuration } from '../../lib/time-text.js';
import { html, layout, raw, type Html } from '../pages/layout.js';
import { LOCAL_TIME_SCRIPT_PATH, timeElement } from '../people/pages.js';

/** What the page says after a form redirected back to it; fixed texts, so nothing from the URL is reflected. */
export const NOTICES = {
  approved: 'Approved: Lantern is adding the access now.',
  denied: 'Denied: the requester will be told.',
  withdrawn: 'Withdrawn: the request will not be decided.',
  returned: 'Given back: Lantern is removing the access now.',
} as const;
export type Notice = keyof typeof NOTICES;

export interface PendingApproval {
  row: AccessGrantRow;
  requestedBy: string;
  durationSeconds: number | null;
  justification: string | null;
  ticket: string | null;
}

const NAV = html`<nav aria-label="Your access">
  <a href="/my-requests">My requests</a> · <a href="/approvals">Approvals</a>
</nav>`;

const when = (at: Date | null): Html => (at ? timeElement(at) : html`—`);
const localTimes = html`<script src="${LOCAL_TIME_SCRIPT_PATH}" defer></script>`;

const csrfField = (csrf: string | null): Html => html`<input type="hidden" name="_csrf" value="${csrf ?? ''}" />`;

const notice = (which: Notice | undefined): Html =>
  which ? html`<p class="ok" role="status">${NOTICES[which]}</p>` : raw('');

/** The button that ends a request: withdraw what is not active yet, give back what is. */
function endButton(row: AccessGrantRow, csrf: string | null): Html {
  if (row.stage === 'ended' || row.stage === 'deprovisioning') return raw('');
  const label = row.stage === 'active' ? 'Give back' : 'Withdraw';
  return html`<form method="post" action="/my-requests/revoke">
    ${csrfField(csrf)}<input type="hidden" name="grantId" value="${row.workflow_id}" />
    <button type="submit" class="secondary">${label}</button>
  </form>`;
}

export function renderMyRequests(rows: AccessGrantRow[], csrf: string | null, done?: Notice): string {
  const item = (row: AccessGrantRow) =>
    html`<li class="card">
      <dl>
        <dt>Access</dt>
        <dd>${row.entitlement_id}</dd>
        <dt>For</dt>
        <dd>${row.principal_upn}</dd>
        <dt>Stage</dt>
        <dd>${row.stage}${row.end_reason ? ` (${row.end_reason})` : ''}</dd>
        <dt>Expires</dt>
        <dd>${when(row.expires_at)}</dd>
      </dl>
      ${endButton(row, csrf)}
    </li>`;
  const list = rows.length
    ? html`<ul class="requests">
        ${rows.map(item)}
      </ul>`
    : html`<p>You have not requested any access yet.</p>`;
  return layout({ title: 'My requests', body: html`${NAV}${notice(done)}${list}${localTimes}` });
}

export function renderApprovals(items: PendingApproval[], csrf: string | null, done?: Notice): string {
  const row = (label: string, value: string | Html) =>
    html`<dt>${label}</dt>
      <dd>${value}</dd>`;
  const item = ({ row: grant, requestedBy, durationSeconds, justification, ticket }: PendingApproval) =>
    html`<li class="card">
      <dl>
        ${row('Requested by', requestedBy)} ${row('For', grant.principal_upn)} ${row('Access', grant.entitlement_id)}
        ${row('Duration', durationSeconds ? describeDuration(durationSeconds) : 'unknown')}
        ${row('Justification', justification ?? '—')} ${ticket ? row('Ticket', ticket) : raw('')}
        ${row('Asked', when(grant.updated_at))}
      </dl>
      <form method="post" action="/approvals/decide">
        ${csrfField(csrf)}<input type="hidden" name="grantId" value="${grant.workflow_id}" />
        <label>Comment (optional)<br /><input type="text" name="comment" maxlength="2000" autocomplete="off" /></label>
        <p>
          <button type="submit" name="decision" value="approve">Approve</button>
          <button type="submit" name="decision" value="deny" class="secondary">Deny</button>
        </p>
      </form>
    </li>`;
  const list = items.length
    ? html`<ul class="requests">
        ${items.map(item)}
      </ul>`
    : html`<p>Nothing awaits your decision.</p>`;
  return layout({ title: 'Approvals', body: html`${NAV}${notice(done)}${list}${localTimes}` });
}
