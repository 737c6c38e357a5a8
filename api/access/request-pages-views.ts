// The HTML of Request access: the search page (a GET form that works without script; typeahead.js adds suggestions as
// the person types) and an entitlement's page with what it grants, its owners, its policy and the request form.
import type { EntitlementHit } from '../../catalog/access/entitlement-search.js';
import type { BreakGlassRule } from '../../domain/access-policy.js';
import {
  csrfField,
  durationText,
  facts,
  nothing,
  problem,
  selectField,
  textAreaField,
  textField,
} from '../pages/components.js';
import { html, layout, raw, type Html, type Viewer } from '../pages/layout.js';
import { kindText, notRequestableReason } from './request-pages-model.js';
import type { StageInWords } from './request-pages-policy.js';

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
  /** As typed: a wall-clock time (datetime-local) in `tz`, or empty for at once. */
  startAt: string;
  /** The viewer's IANA time zone as viewer-zone.js posted it; empty = UTC. */
  tz: string;
  breakGlass: boolean;
  errors: {
    durationSeconds?: string;
    justification?: string;
    ticket?: string;
    startAt?: string;
    breakGlass?: string;
    form?: string;
  };
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
        approvers: StageInWords[];
        allowGuests: boolean;
        /** Who may request it, in words; null = everyone in the tenant. */
        eligibility: string | null;
        breakGlass: BreakGlassRule | null;
      };
  /** Why the viewer may not request it (eligibility, the rule named); null when they may. */
  notEligible: string | null;
  durations: { seconds: number; label: string }[];
  form: RequestForm;
}

/** The optional start time: the viewer's wall clock, with the zone viewer-zone.js fills in (UTC without script). */
function startAtField(form: RequestForm): Html {
  return html`${textField({
      id: 'startAt',
      name: 'startAt',
      label: 'Start at',
      hint: 'Optional: when the access should begin (approval may come before). Empty = as soon as approved.',
      error: form.errors.startAt,
      value: form.startAt,
      type: 'datetime-local',
    })}
    <input type="hidden" name="tz" value="${form.tz}" data-viewer-zone />
    <p class="hint" data-zone-note>
      ${form.tz ? `In the time zone ${form.tz}.` : 'Read as UTC (your time zone when scripts run).'}
    </p>`;
}

function breakGlassField(form: RequestForm, rule: BreakGlassRule): Html {
  const error = form.errors.breakGlass;
  return html`<fieldset class="break-glass">
    <legend>Break-glass (emergency access)</legend>
    <div class="check">
      <input
        type="checkbox"
        id="breakGlass"
        name="breakGlass"
        value="on"
        aria-describedby="breakGlass-hint${error ? ' breakGlass-error' : ''}"
        ${raw(form.breakGlass ? ' checked' : '')}
      />
      <label for="breakGlass">Use break-glass: get it now, without waiting for approval</label>
    </div>
    <p class="hint" id="breakGlass-hint">
      For at most ${durationText(rule.maxDurationSeconds)}. The justification is your reason (at least 10 characters);
      approvers and admins are told at once, and a review follows. No start time with break-glass.
    </p>
    ${error ? html`<p class="error" id="breakGlass-error">${error}</p>` : nothing}
  </fieldset>`;
}

function requestForm(page: EntitlementPage, csrf: string | null): Html {
  const { form, durations } = page;
  const e = form.errors;
  // Without a break-glass field on the page, its refusal is about the form as a whole.
  return html`<h2>Request it</h2>
    ${problem(e.form ?? (page.policy?.breakGlass ? undefined : e.breakGlass))}
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
      ${startAtField(form)} ${page.policy?.breakGlass ? breakGlassField(form, page.policy.breakGlass) : nothing}
      <button type="submit">Request access</button>
    </form>`;
}

function approvalFact(policy: NonNullable<EntitlementPage['policy']>): Html {
  if (policy.approvers.length === 0) return html`${policy.approval}`;
  const single = policy.approvers.length === 1;
  return html`${policy.approval}
    <ul>
      ${policy.approvers.flatMap((stage) =>
        single
          ? stage.approvers.map((a) => html`<li>${a}</li>`)
          : [html`<li>${stage.title}: ${stage.approvers.join('; ') || 'nobody'}</li>`],
      )}
    </ul>`;
}

export function renderEntitlementPage(viewer: Viewer, page: EntitlementPage): string {
  const { hit, policy } = page;
  const reason = notRequestableReason(hit) ?? page.notEligible;
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
            ['Approval', approvalFact(policy)],
            ['Who may request', policy.eligibility ? `Only ${policy.eligibility}` : undefined],
            [
              'Break-glass',
              policy.breakGlass
                ? `Allowed, for at most ${durationText(policy.breakGlass.maxDurationSeconds)}`
                : undefined,
            ],
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
  return layout({ title: hit.displayName, body, viewer, current: 'request', scripts: ['viewer-zone.js'] });
}
