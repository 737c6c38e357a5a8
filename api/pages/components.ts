// Small view components shared by every page, as functions returning escaped Html: times (shown in the viewer's zone
// by /assets/local-time.js), durations as people say them, status lines, fact lists, tables and the post-forms that
// carry the session's CSRF token. A page composes these; none of them reads a request.
import { describeDuration } from '../../lib/time-text.js';
import { html, raw, type Html } from './layout.js';

export const nothing: Html = raw('');

/** A time in UTC text until the script rewrites it in the viewer's zone; relative = "in 42 min" / "3 h ago", live. */
export function timeElement(at: Date | string | null | undefined, options: { relative?: boolean } = {}): Html {
  if (!at) return html`—`;
  const date = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) return html`—`;
  const iso = date.toISOString();
  const utc = `${iso.replace('T', ' ').slice(0, 16)} UTC`;
  return options.relative
    ? html`<time datetime="${iso}" data-relative>${utc}</time>`
    : html`<time datetime="${iso}">${utc}</time>`;
}

/** "2 hours", "1 hour 30 minutes", "3 days": how long, as people say it. */
export const durationText = (seconds: number | null | undefined): string =>
  seconds === null || seconds === undefined ? '—' : describeDuration(seconds);

/** The hidden field every form a signed-in person posts carries (api/http/auth.ts checks it). */
export const csrfField = (token: string | null | undefined): Html =>
  html`<input type="hidden" name="_csrf" value="${token ?? ''}" />`;

/** A status line screen readers announce: what was just done. */
export const notice = (text: string | null | undefined): Html =>
  text ? html`<p class="ok" role="status">${text}</p>` : nothing;

/** An alert: why something was refused or failed, and what to do. */
export const problem = (text: string | null | undefined): Html =>
  text ? html`<p class="problem" role="alert">${text}</p>` : nothing;

export type LabelTone = 'good' | 'warn' | 'bad' | 'busy' | 'plain';
/** A short coloured status label ("Connected on 3 Dec", "Sync failed: …"); the colour is never the only signal. */
export const statusLabel = (text: string, tone: LabelTone = 'plain'): Html =>
  html`<span class="label ${tone === 'plain' ? '' : tone}">${text}</span>`;

/** Name/value pairs (a <dl>); values may be Html. Pairs with an undefined value are left out. */
export function facts(pairs: [string, string | number | Html | null | undefined][]): Html {
  const rows = pairs
    .filter(([, value]) => value !== undefined)
    .map(
      ([name, value]) =>
        html`<dt>${name}</dt>
          <dd>${value === null ? '—' : value}</dd>`,
    );
  return html`<dl class="facts">${rows}</dl>`;
}

/** A table with a caption and column headers; an empty body says so in words instead. */
export function table(options: { caption: string; headers: string[]; rows: Html[]; empty: string }): Html {
  if (options.rows.length === 0) return html`<p>${options.empty}</p>`;
  return html`<table>
    <caption>
      ${options.caption}
    </caption>
    <thead>
      <tr>
        ${options.headers.map((h) => html`<th scope="col">${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${options.rows}
    </tbody>
  </table>`;
}

/** A one-button form that posts hidden fields (with the CSRF token): "Sync now", "Give back", "Resend"… */
export function postButton(options: {
  action: string;
  label: string;
  csrfToken: string | null | undefined;
  fields?: Record<string, string> | undefined;
  tone?: 'primary' | 'secondary' | 'danger' | undefined;
  /** Accessible name when the visible label is ambiguous in a list ("Give back" → "Give back Sales team"). */
  ariaLabel?: string | undefined;
}): Html {
  const hidden = Object.entries(options.fields ?? {}).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`,
  );
  const tone = options.tone && options.tone !== 'primary' ? html` class="${options.tone}"` : nothing;
  const aria = options.ariaLabel ? html` aria-label="${options.ariaLabel}"` : nothing;
  return html`<form method="post" action="${options.action}" class="inline-form">
    ${csrfField(options.csrfToken)}${hidden}<button type="submit" ${tone}${aria}>${options.label}</button>
  </form>`;
}

/** A labelled form field with its hint and, after a refused submit, the error that says what to fix. */
export function field(options: {
  id: string;
  label: string;
  control: Html;
  hint?: string;
  error?: string | undefined;
}): Html {
  const hint = options.hint ? html`<span class="hint" id="${options.id}-hint">${options.hint}</span>` : nothing;
  const error = options.error ? html`<span class="error" id="${options.id}-error">${options.error}</span>` : nothing;
  return html`<div class="field">
    <label for="${options.id}">${options.label}</label>${hint}${error}${options.control}
  </div>`;
}

/** aria-describedby for a field's control: its hint and error ids, when present. */
export function describedBy(id: string, hasHint: boolean, error: string | undefined): Html {
  const ids = [hasHint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids ? html` aria-describedby="${ids}"${raw(error ? ' aria-invalid="true"' : '')}` : nothing;
}

/** Extra attributes of a control (maxlength, autocomplete, required, class…): values escaped; `true` is bare. */
export type ControlAttributes = Record<string, string | number | true>;

/** What a field's control needs besides its own value: the id ties label, hint and error to it; name is what posts. */
interface ControlOptions {
  id: string;
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  attributes?: ControlAttributes | undefined;
}

/** The attributes every control ends with: the extras, then aria-describedby/aria-invalid matching hint and error. */
const controlAttributes = (options: ControlOptions): Html[] => [
  ...Object.entries(options.attributes ?? {}).map(([name, value]) =>
    value === true ? html` ${raw(name)}` : html` ${raw(name)}="${value}"`,
  ),
  describedBy(options.id, Boolean(options.hint), options.error),
];

const labelled = (options: ControlOptions, control: Html): Html =>
  field({ id: options.id, label: options.label, hint: options.hint, error: options.error, control });

/** A labelled one-line input (text by default) showing what was typed. */
export function textField(
  options: ControlOptions & { value: string; type?: 'text' | 'number' | 'datetime-local' },
): Html {
  const { id, name, value, type = 'text' } = options;
  return labelled(
    options,
    html`<input type="${type}" id="${id}" name="${name}" value="${value}" ${controlAttributes(options)} />`,
  );
}

/** A labelled textarea. Kept on one line: whitespace inside a textarea would become part of what the person typed. */
// prettier-ignore
export function textAreaField(options: ControlOptions & { value: string; rows: number }): Html {
  const { id, name, value, rows } = options;
  return labelled(options, html`<textarea id="${id}" name="${name}" rows="${rows}"${controlAttributes(options)}>${value}</textarea>`);
}

/** A labelled select of [value, label] options; the one whose value equals `value` is selected. */
export function selectField(
  options: ControlOptions & { value: string; options: [value: string, label: string][] },
): Html {
  const { id, name } = options;
  const choices = options.options.map(
    ([value, label]) =>
      html`<option value="${value}" ${raw(value === options.value ? ' selected' : '')}>${label}</option>`,
  );
  return labelled(
    options,
    html`<select id="${id}" name="${name}" ${controlAttributes(options)}>
      ${choices}
    </select>`,
  );
}
