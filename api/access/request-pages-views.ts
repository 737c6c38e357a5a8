// The HTML of Request access: the search page (a GET form that works without script; typeahead.js adds suggestions as
// the person types) and an entitlement's page with what it grants, its owners, its policy and the request form.
import type { EntitlementHit } from '../../catalog/access/entitlement-search.js';
import { csrfField, facts, nothing, problem, selectField, textAreaField, textField } from '../pages/components.js';
import { html, layout, type Html, type Viewer } from '../pages/layout.js';
import { kindText, notRequestableReason } from './request-pages-model.js';

export const entitlementHref = (hit: Pick<EntitlementHit, 'connectorId' | 'entitlementId'>): string =>
  `/request/${encodeURIComponent(hit.connectorId)}/${encodeURIComponent(hit.entitlementId)}`;

function hitItem(hit: EntitlementHit): Html {
  const reason = notRequestableReason(hit);
  return html`<li class="card">
    <a href="${entitlementHref(hit)}">${hit.displayName}</a>
    <p class="hint">${kindText(hit)} · ${hit.connectorName}</p>
    ${reason ? html`<p class="not-requestable">${reason}</p>` : nothing}
  </li>`;
}

export function renderSearchPage(viewer: Viewer, query: string, hits: EntitlementHit[]): string {
  const results = !query
    ? html`<p>Type part of a group, app or role name, or a kind such as "owner" or "app role".</p>`
    : hits.length
      ? html`<h2 id="results-heading">Results for “${query}”</h2>
          <ul class="cards" aria-labelledby="results-heading">
            ${hits.map(hitItem)}
          </ul>`
      : html`<p role="status">Nothing matches “${query}”. Try a shorter or different word.</p>`;
  const body = html`<form method="get" action="/request" class="search-form" role="search">
      <div class="field typeahead">
        <label for="q">Search entitlements</label>
        <span class="hint" id="q-hint">Groups, apps and directory roles of your organisation, by name or kind.</span>
        <input
          type="search"
          id="q"
          name="q"
          value="${query}"
          maxlength="100"
          autocomplete="off"
          aria-describedby="q-hint"
          data-typeahead="/request/search"
        />
      </div>
      <button type="submit">Search</button>
    </form>
    ${results}`;
  return layout({ title: 'Request access', body, viewer, current: 'request', scripts: ['typeahead.js'] });
}

/** What a person typed into the request form, and what to fix in it after a refused submit. */
export interface RequestForm {
  durationSeconds: number;
  justification: string;
  ticket: string;
  errors: { durationSeconds?: string; justification?: string; ticket?: string; form?: string };
}

export interface EntitlementPage {
  hit: EntitlementHit & { description: string | null };
  owners: string[];
  policy:
    | null
    | undefined
    | {
        maxDurationSeconds: number;
        approval: string;
        approvers: string[];
        allowGuests: boolean;
      };
  durations: { seconds: number; label: string }[];
  form: RequestForm;
}

function requestForm(page: EntitlementPage, csrf: string | null): Html {
  const { form, durations } = page;
  const e = form.errors;
  return html`<h2>Request it</h2>
    ${problem(e.form)}
    <form method="post" action="${entitlementHref(page.hit)}" novalidate>
      ${csrfField(csrf)}
      ${selectField({
        id: 'durationSeconds',
        name: 'durationSeconds',
        label: 'Duration',
        error: e.durationSeconds,
        value: String(form.durationSeconds),
        options: durations.map((d): [string, string] => [String(d.seconds), d.label]),
      })}
      ${textAreaField({
        id: 'justification',
        name: 'justification',
        label: 'Justification',
        hint: 'Why you need it; the approvers read this.',
        error: e.justification,
        value: form.justification,
        rows: 3,
        attributes: { maxlength: 2000, required: true },
      })}
      ${textField({
        id: 'ticket',
        name: 'ticket',
        label: 'Ticket',
        hint: 'Optional: a change or incident number.',
        error: e.ticket,
        value: form.ticket,
        attributes: { maxlength: 200, autocomplete: 'off' },
      })}
      <button type="submit">Request access</button>
    </form>`;
}

export function renderEntitlementPage(viewer: Viewer, page: EntitlementPage): string {
  const { hit, policy } = page;
  const reason = notRequestableReason(hit);
  const approval = policy
    ? policy.approvers.length
      ? html`${policy.approval}
          <ul>
            ${policy.approvers.map((a) => html`<li>${a}</li>`)}
          </ul>`
      : policy.approval
    : null;
  const body = html`<p><a href="/request">Back to search</a></p>
    ${facts([
      ['Grants', kindText(hit)],
      ['Resource', hit.resourceName],
      ['Description', hit.description ?? undefined],
      ['Organisation', hit.connectorName],
      ['Owners', page.owners.length ? page.owners.join(', ') : 'None named in Entra'],
    ])}
    <h2>Policy</h2>
    ${
      policy
        ? facts([
            ['Longest duration', page.durations.at(-1)?.label ?? '—'],
            ['Approval', approval],
            ['Guests', policy.allowGuests ? 'Guests may receive it' : 'Guests may not receive it'],
          ])
        : html`<p>No access policy covers it yet: an admin must set one before anyone can request it.</p>`
    }
    ${
      reason
        ? html`<p class="problem" role="note">${reason}</p>`
        : policy
          ? requestForm(page, viewer.csrfToken)
          : nothing
    }`;
  return layout({ title: hit.displayName, body, viewer, current: 'request' });
}
