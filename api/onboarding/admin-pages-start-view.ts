// The form that starts an onboarding: connector name, owner emails, permission set, sync interval. A refused form
// comes back with what was typed and, beside each field, what to fix.
import { csrfField, describedBy, field, problem } from '../pages/components.js';
import { html, layout, raw, type Html, type Viewer } from '../pages/layout.js';

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
  const selected = (value: string) => raw((v.permissionSet ?? 'readOnly') === value ? ' selected' : '');
  const body = html`<p>
      Lantern emails each owner a setup link. An owner signs in with Microsoft, a Global Administrator of their tenant
      grants admin consent, the owner signs in again, and Lantern connects the tenant and starts its first sync.
    </p>
    <form method="post" action="/admin/onboardings/new" class="settings" novalidate>
      ${csrfField(viewer.csrfToken)}${problem(state.problem)}
      ${field({
        id: 'onboarding-name',
        label: 'Connector name',
        error: e.displayName,
        control: html`<input
          type="text"
          id="onboarding-name"
          name="displayName"
          value="${v.displayName ?? ''}"
          class="wide"
          ${describedBy('onboarding-name', false, e.displayName)}
        />`,
      })}
      ${field({
        id: 'onboarding-owners',
        label: 'Owner emails',
        hint: 'One or more email addresses, one per line or separated by commas (at most 20).',
        error: e.owners,
        control: ownersArea(v.owners, e.owners),
      })}
      ${field({
        id: 'onboarding-permission-set',
        label: 'Permission set',
        error: e.permissionSet,
        control: html`<select
          id="onboarding-permission-set"
          name="permissionSet"
          ${describedBy('onboarding-permission-set', false, e.permissionSet)}
        >
          <option value="readOnly" ${selected('readOnly')}>Read only: sync only</option>
          <option value="readWrite" ${selected('readWrite')}>
            Read and write: also grants and revokes just-in-time access
          </option>
        </select>`,
      })}
      ${field({
        id: 'onboarding-interval',
        label: 'Sync interval (minutes)',
        hint: '5 to 10080; default 60.',
        error: e.syncIntervalMinutes,
        control: html`<input
          type="text"
          inputmode="numeric"
          id="onboarding-interval"
          name="syncIntervalMinutes"
          value="${v.syncIntervalMinutes ?? '60'}"
          ${describedBy('onboarding-interval', true, e.syncIntervalMinutes)}
        />`,
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

/** Kept on one line: whitespace inside a textarea would become part of what the person typed. */
// prettier-ignore
const ownersArea = (value: string | undefined, error: string | undefined): Html =>
  html`<textarea id="onboarding-owners" name="owners" rows="3"${describedBy('onboarding-owners', true, error)}>${value ?? ''}</textarea>`;
