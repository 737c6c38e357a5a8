// /admin/reviews/new: the campaign definition as a form. A refused form comes back with what was typed and, beside each
// field, what to fix (the service's message). Labels are what a person reads; the service's names stay in the names.
import { csrfField, describedBy, field, problem, selectField, textAreaField, textField } from '../pages/components.js';
import { html, layout, raw, type Html, type Viewer } from '../pages/layout.js';
import { UNITS, type CampaignForm, type FormField } from './pages-form.js';
import { ADMIN_REVIEWS_PATH, CADENCE_WORDS, DEFAULT_WORDS, NEW_CAMPAIGN_PATH, REVIEWER_WORDS } from './pages-parts.js';

export interface NewCampaignPage {
  viewer: Viewer;
  form: CampaignForm;
  connectors: { id: string; displayName: string }[];
}

const KIND_LABELS: [string, string][] = [
  ['groupMembers', 'Group memberships'],
  ['groupOwners', 'Group ownerships'],
  ['appRoleAssignments', 'App role assignments'],
  ['appOwners', 'App ownerships'],
  ['directoryRoles', 'Directory roles'],
];

export function renderNewCampaign(p: NewCampaignPage): string {
  const f = p.form;
  const e = f.errors;
  const body = html`<p><a href="${ADMIN_REVIEWS_PATH}">All access reviews</a></p>
    ${p.connectors.length === 0 ? problem('No connector is connected yet: connect a tenant first.') : raw('')}
    <form method="post" action="${NEW_CAMPAIGN_PATH}" class="card policy-form" novalidate>
      ${csrfField(p.viewer.csrfToken)} ${problem(e.form)}
      ${textField({ id: 'name', name: 'name', label: 'Name', value: f.name, error: e.name, attributes: { maxlength: 200, required: true, autocomplete: 'off' } })}
      ${selectField({
        id: 'connectorId',
        name: 'connectorId',
        label: 'Connector',
        value: f.connectorId,
        error: e.connectorId,
        options: p.connectors.map((c): [string, string] => [c.id, c.displayName]),
      })}
      <fieldset${describedBy('kinds', false, e.kinds)}>
        <legend>What to review</legend>
        ${e.kinds ? html`<span class="error" id="kinds-error">${e.kinds}</span>` : raw('')}
        ${KIND_LABELS.map(([value, label]) => checkbox(`kind-${value}`, 'kinds', value, label, f.kinds.includes(value)))}
      </fieldset>
      ${textAreaField({ id: 'resourceIds', name: 'resourceIds', label: 'Only these resources (optional)', hint: 'Object ids of groups, applications or directory roles, one per line. Empty: every resource.', value: f.resourceIds, error: e.resourceIds, rows: 3 })}
      ${choose('principals', 'Principals', f, [
        ['all', 'Everyone'],
        ['guests', 'Guests only'],
        ['members', 'Members only'],
      ])}
      ${choose('assignment', 'Assignment', f, [
        ['all', 'Direct and through groups'],
        ['direct', 'Direct only'],
        ['viaGroup', 'Through groups only'],
      ])}
      ${checkbox('privilegedOnly', 'privilegedOnly', 'on', 'Privileged roles only', f.privilegedOnly)}
      ${textField({ id: 'noSignInDays', name: 'noSignInDays', label: 'Only principals without sign-in for (days, optional)', type: 'number', value: f.noSignInDays, error: e.noSignInDays, attributes: { min: 1, inputmode: 'numeric' } })}
      ${choose('reviewerKind', 'Reviewers', f, Object.entries(REVIEWER_WORDS))}
      ${textAreaField({ id: 'named', name: 'named', label: 'Named reviewers (UPNs, one per line)', hint: 'For "Named people or groups": people by UPN, groups by name or object id.', value: f.named, error: e.named, rows: 3 })}
      ${textAreaField({ id: 'fallback', name: 'fallback', label: 'Fallback reviewers (UPNs, one per line)', hint: 'They review every item the chosen reviewers leave without anybody.', value: f.fallback, error: e.fallback, rows: 2, attributes: { required: true } })}
      ${periodField(f)}
      ${checkbox('reminders', 'reminders', 'on', 'Send reminders', f.reminders, 'Weekly, then 3 days, 1 day and 6 hours before the due date.')}
      ${choose('defaultDecision', 'If a reviewer does not respond', f, Object.entries(DEFAULT_WORDS))}
      ${checkbox('autoApply', 'autoApply', 'on', 'Apply removals automatically when the campaign closes', f.autoApply)}
      ${textField({ id: 'inactiveDays', name: 'inactiveDays', label: 'Recommend removal after (days without sign-in)', type: 'number', value: f.inactiveDays, error: e.inactiveDays, attributes: { min: 1, inputmode: 'numeric' } })}
      ${choose('repeat', 'Repeat', f, [['once', 'One time'], ...Object.entries(CADENCE_WORDS)])}
      <button type="submit">Start campaign</button>
    </form>`;
  return layout({ title: 'New access review', body, viewer: p.viewer, current: 'access-reviews' });
}

function choose(id: FormField & keyof CampaignForm, label: string, f: CampaignForm, options: [string, string][]): Html {
  return selectField({ id, name: id, label, value: String(f[id]), error: f.errors[id], options });
}

function checkbox(id: string, name: string, value: string, label: string, checked: boolean, hint?: string): Html {
  const hinted = hint ? html` aria-describedby="${id}-hint"` : raw('');
  return html`<div class="check">
      <input type="checkbox" id="${id}" name="${name}" value="${value}" ${raw(checked ? ' checked' : '')}${hinted} />
      <label for="${id}">${label}</label>
    </div>
    ${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : raw('')}`;
}

function periodField(f: CampaignForm): Html {
  const error = f.errors.period;
  return field({
    id: 'period',
    label: 'Review period',
    hint: 'How long reviewers have, from the start to the due date.',
    error,
    control: html`<span class="duration-input"
      ><input
        type="number"
        id="period"
        name="period"
        min="1"
        inputmode="numeric"
        value="${f.period}"
        ${describedBy('period', true, error)}
      />
      <select name="unit" id="unit" aria-label="Review period unit">
        ${Object.keys(UNITS).map((u) => html`<option value="${u}" ${raw(u === f.unit ? ' selected' : '')}>${u}</option>`)}
      </select></span
    >`,
  });
}
