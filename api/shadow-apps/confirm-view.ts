// The confirm step before a revocation: whose consents go, and one button that does it (the form re-posts the
// choice with confirmed=yes). Cancel goes back without changing anything.
import type { ConsentingUser } from '../../catalog/shadow-apps/reads.js';
import { html, layout, type Viewer } from '../pages/layout.js';
import { csrfField } from '../pages/components.js';
import { appPath } from './page-parts.js';

export interface ConfirmPage {
  viewer: Viewer;
  connectorId: string;
  app: { appId: string; displayName: string };
  scope: 'all' | 'chosen';
  users: ConsentingUser[];
  reason: string;
}

export function renderRevokeConfirm(p: ConfirmPage): string {
  const back = appPath(p.connectorId, p.app.appId);
  const hidden = [
    html`<input type="hidden" name="scope" value="${p.scope}" />`,
    html`<input type="hidden" name="reason" value="${p.reason}" />`,
    html`<input type="hidden" name="confirmed" value="yes" />`,
    ...(p.scope === 'chosen'
      ? p.users.map((u) => html`<input type="hidden" name="userIds" value="${u.principalId}" />`)
      : []),
  ];
  const n = p.users.length;
  const who = n === 1 ? 'This user' : p.scope === 'all' ? `All ${n} consenting users` : `These ${n} users`;
  const body = html`<p>
      ${who} will lose ${n === 1 ? 'their consent' : 'their consents'} to
      <strong>${p.app.displayName}</strong>. The app can no longer get new tokens for them; they can consent again
      later.
    </p>
    <ul>
      ${p.users.map((u) => html`<li>${u.displayName ?? u.principalId}${u.upn ? ` (${u.upn})` : ''}</li>`)}
    </ul>
    ${p.reason ? html`<p>Reason: ${p.reason}</p>` : html``}
    <form method="post" action="${back}/revoke" class="inline-form">
      ${csrfField(p.viewer.csrfToken)}${hidden}<button type="submit" class="danger">Revoke consents</button>
    </form>
    <p><a href="${back}">Cancel</a></p>`;
  return layout({ title: `Revoke consents to ${p.app.displayName}?`, body, viewer: p.viewer, current: 'shadow-apps' });
}
