// What the Audit page shows: the filter (actor, action, subject, from/to in the viewer's time), the matching entries
// newest first with "Older entries" paging, and export links that keep the filter.
import type { AuditEntry } from '../../catalog/index.js';
import { nothing, selectField, table, textField, timeElement } from '../pages/components.js';
import { html, layout, type Html, type Viewer } from '../pages/layout.js';

/** The filter as typed (From / To are wall-clock times in `tz`). */
export interface AuditFilterForm {
  actor: string;
  action: string;
  subject: string;
  from: string;
  to: string;
  tz: string;
}

export interface AuditPageView {
  viewer: Viewer;
  form: AuditFilterForm;
  errors: Partial<Record<'from' | 'to', string>>;
  actions: string[];
  entries: AuditEntry[];
  /** Query strings (without "?") of the older page and of the exports; null when there is none. */
  olderQuery: string | null;
  newestQuery: string | null;
  exportQuery: string | null;
}

const DETAIL_CHARACTERS = 400;

function detailText(detail: unknown): string {
  const text = JSON.stringify(detail ?? {});
  return text.length > DETAIL_CHARACTERS ? `${text.slice(0, DETAIL_CHARACTERS)}…` : text;
}

function entryRow(entry: AuditEntry): Html {
  const filterBy = (name: string, value: string) => `/admin/audit?${new URLSearchParams({ [name]: value })}`;
  return html`<tr>
    <td>${timeElement(entry.at)}</td>
    <td><a href="${filterBy('actor', entry.actor)}">${entry.actor}</a></td>
    <td>${entry.action}</td>
    <td>${entry.subject ? html`<a href="${filterBy('subject', entry.subject)}">${entry.subject}</a>` : '—'}</td>
    <td><code>${detailText(entry.detail)}</code></td>
  </tr>`;
}

function textInput(id: keyof AuditFilterForm, label: string, value: string): Html {
  return textField({ id: `audit-${id}`, name: id, label, value, attributes: { maxlength: 500 } });
}

function timeInput(view: AuditPageView, id: 'from' | 'to', label: string): Html {
  const error = view.errors[id];
  return textField({ id: `audit-${id}`, name: id, label, error, value: view.form[id], type: 'datetime-local' });
}

function filterForm(view: AuditPageView): Html {
  const { form, actions } = view;
  const choices = form.action && !actions.includes(form.action) ? [form.action, ...actions] : actions;
  const zoneNote = form.tz
    ? `In the time zone ${form.tz}.`
    : 'Times are read as UTC (your time zone when scripts run).';
  return html`<form method="get" action="/admin/audit" class="audit-filter filters" aria-label="Filter the audit log">
    ${textInput('actor', 'Actor', form.actor)}
    ${selectField({
      id: 'audit-action',
      name: 'action',
      label: 'Action',
      value: form.action,
      options: [['', 'Any action'], ...choices.map((a): [string, string] => [a, a])],
    })}
    ${textInput('subject', 'Subject', form.subject)} ${timeInput(view, 'from', 'From')} ${timeInput(view, 'to', 'To')}
    <input type="hidden" name="tz" value="${form.tz}" />
    <p class="hint" data-zone-note>${zoneNote}</p>
    <button type="submit">Filter</button>
    <a href="/admin/audit">Clear</a>
  </form>`;
}

export function renderAuditPage(view: AuditPageView): string {
  const hasErrors = Object.keys(view.errors).length > 0;
  const exports = view.exportQuery
    ? html`<p class="exports">
        <a href="${`/api/v1/audit?format=jsonl&${view.exportQuery}`}" download>Export JSONL</a>
        <a href="${`/api/v1/audit?format=csv&${view.exportQuery}`}" download>Export CSV</a>
      </p>`
    : nothing;
  const paging = html`<nav aria-label="Audit pages" class="paging">
    ${view.newestQuery !== null ? html`<a href="/admin/audit?${view.newestQuery}">Newest entries</a>` : nothing}
    ${view.olderQuery !== null ? html`<a href="/admin/audit?${view.olderQuery}">Older entries</a>` : nothing}
  </nav>`;
  const body = html`${filterForm(view)}
  ${hasErrors ? html`<p class="problem" role="alert">Fix the marked time to filter the log.</p>` : nothing} ${exports}
  ${table({
    caption: 'Audit log, newest first',
    headers: ['Time', 'Actor', 'Action', 'Subject', 'Detail'],
    rows: view.entries.map(entryRow),
    empty: hasErrors ? 'No entries shown.' : 'No audit entries match this filter.',
  })}
  ${paging}`;
  return layout({ title: 'Audit', viewer: view.viewer, current: 'audit', body, scripts: ['audit-filter.js'] });
}
