// Deleting a connector from its page: a confirm step first, and the API's refusal while access granted through the
// connector is still live, shown as a page that lists that access.
import { postButton, table } from '../pages/components.js';
import { html, layout, type Viewer } from '../pages/layout.js';
import type { ConnectorState } from './pages-status.js';

export function renderDeleteConfirm(viewer: Viewer, state: ConnectorState): string {
  const path = `/admin/connectors/${encodeURIComponent(state.connector.id)}`;
  const body = html`<p class="problem">
      Delete ${state.connector.displayName}? Its sync schedule and running syncs end, and its synced directory is
      removed. The audit log keeps its history. This cannot be undone.
    </p>
    <div class="actions">
      ${postButton({ action: `${path}/delete`, label: 'Delete connector', csrfToken: viewer.csrfToken, tone: 'danger' })}
      <a class="button secondary" href="${path}">Keep it</a>
    </div>`;
  return layout({ title: `Delete ${state.connector.displayName}`, body, viewer, current: 'connectors' });
}

export interface LiveGrant {
  grantId: string;
  entitlementId: string;
  principalUpn: string | null;
  stage: string;
}

/** The API refuses to delete while Lantern-granted access is live: say so in words and list what is still live. */
export function renderDeleteRefused(viewer: Viewer, state: ConnectorState, live: LiveGrant[]): string {
  const path = `/admin/connectors/${encodeURIComponent(state.connector.id)}`;
  const rows = live.map(
    (grant) =>
      html`<tr>
        <td>${grant.entitlementId}</td>
        <td>${grant.principalUpn ?? '—'}</td>
        <td>${grant.stage.replace(/_/g, ' ')}</td>
      </tr>`,
  );
  const body = html`<p class="problem" role="alert">
      ${state.connector.displayName} was not deleted: access granted through it is still live. Revoke those grants, wait
      until they have ended, then delete the connector, so nothing stays in Entra that no workflow would remove.
    </p>
    ${table({ caption: 'Live access grants', headers: ['Entitlement', 'Person', 'Stage'], rows, empty: '' })}
    <p><a class="button secondary" href="${path}">Back to the connector</a></p>`;
  return layout({ title: 'Not deleted', body, viewer, current: 'connectors' });
}
