// The form that starts an onboarding: connector name, owner emails, permission set, sync interval. A refused form
// comes back with what was typed and, beside each field, what to fix.
import { csrfField, problem, selectField, textAreaField, textField } from '../pages/components.js';
import { html, layout, raw, type Viewer } from '../pages/layout.js';

export interface StartFormState {
  values: {
    displayName?: string | undefined;
    owners?: string | undefined;
    permissionSet?: string | undefined;
    includeSignInActivity?: string | undefined;
    syncIntervalMinutes?: string | undefined;
  };
  errors: Record<string, string>;
  problem?: string | undefined;
}

export function renderStartPage(viewer: Viewer, state: StartFormState): string {
  const v = state.values;
  const e = state.errors;
  const body = html`<p>
      Lantern emails each owner a setup link. An owner signs in with Microsoft, a Global Administrator of their tenant
      grants admin consent, the owner signs in again, and Lantern connects the tenant and starts its first sync.
    </p>
    <form method="post" action="/admin/onboardings/new" class="settings" novalidate>
      ${csrfField(viewer.csrfToken)}${problem(state.problem)}
      ${textField({
        id: 'onboarding-name',
        name: 'displayName',
        label: 'Connector name',
        error: e.displayName,
        value: v.displayName ?? '',
        attributes: { class: 'wide' },
      })}
      ${textAreaField({
        id: 'onboarding-owners',
        name: 'owners',
        label: 'Owner emails',
        hint: 'One or more email addresses, one per line or separated by commas (at most 20).',
        error: e.owners,
        value: v.owners ?? '',
        rows: 3,
      })}
      ${selectField({
        id: 'onboarding-permission-set',
        name: 'permissionSet',
        label: 'Permission set',
        error: e.permissionSet,
        value: v.permissionSet ?? 'readOnly',
        options: [
          ['readOnly', 'Read only: sync only'],
          ['readWrite', 'Read and write: also grants and revokes just-in-time access'],
        ],
      })}
      ${textField({
        id: 'onboarding-interval',
        name: 'syncIntervalMinutes',
        label: 'Sync interval (minutes)',
        hint: '5 to 10080; default 60.',
        error: e.syncIntervalMinutes,
        value: v.syncIntervalMinutes ?? '60',
        attributes: { inputmode: 'numeric' },
      })}
      <div class="field">
        <input
          type="checkbox"
          id="onboarding-sign-in"
          name="includeSignInActivity"
          ${raw(v.includeSignInActivity === 'on' ? ' checked' : '')}
        />
        <label for="onboarding-sign-in">Read sign-in activity (needs Entra ID P1/P2)</label>
      </div>
      <button type="submit">Start onboarding</button>
    </form>
    <p><a href="/admin/connectors">Back to connectors</a></p>`;
  return layout({ title: 'Start an onboarding', body, viewer, current: 'connectors' });
}
