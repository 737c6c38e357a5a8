// The HTML of the approver's inbox (/approvals), of one item (/approvals/<grantId>, where approval emails land) and of
// the result of a bulk decision. Each item's checkbox belongs to the bulk form through the form= attribute (forms
// cannot nest), so selecting several and deciding them at once works without script; inbox.js only adds
// "Select all" and a live count.
import { csrfField, durationText, facts, notice, nothing, problem, timeElement } from '../pages/components.js';
import { html, layout, type Html, type Viewer } from '../pages/layout.js';
import { workflowLink, type TemporalUi } from '../pages/temporal-ui.js';
import type { EarlierGrant, InboxItem } from './approval-inbox.js';
import { stageProgress } from './approval-stages-views.js';

export const INBOX_PATH = '/approvals';
export const DECIDE_PATH = '/approvals/decide';
export const itemPath = (grantId: string): string => `${INBOX_PATH}/${encodeURIComponent(grantId)}`;

/** What the inbox says after every selected decision went through (fixed texts; only a validated count is shown). */
export const NOTICES = {
  approved: (n: number) =>
    n > 1 ? `Approved ${n} requests: Lantern is adding the access now.` : 'Approved: Lantern is adding the access now.',
  denied: (n: number) =>
    n > 1 ? `Denied ${n} requests: the requesters will be told.` : 'Denied: the requester will be told.',
} as const;
export type Notice = keyof typeof NOTICES;

export interface PageContext {
  viewer: Viewer;
  ui: TemporalUi;
}

const what = (item: InboxItem) => `${item.entitlementName} for ${item.forWhom}`;

function earlierGrants(earlier: EarlierGrant[]): Html {
  if (earlier.length === 0) return html`<p class="hint">No earlier grants of this access to this person.</p>`;
  return html`<ul class="earlier">
    ${earlier.map(
      (g) =>
        html`<li>
          ${timeElement(g.askedAt, { relative: true })}, ${durationText(g.durationSeconds)}:
          ${g.outcome}${g.endedAt ? html` (${timeElement(g.endedAt)})` : nothing}
        </li>`,
    )}
  </ul>`;
}

function details(item: InboxItem, ui: TemporalUi): Html {
  return html`${stageProgress(item.stage)}${facts([
      ['Requested by', item.requestedBy],
      ['For', item.forWhom],
      ['Access', html`${item.entitlementName} <span class="hint">(${item.kindText})</span>`],
      ['Resource', item.resourceName],
      [item.kind === 'extension' ? 'Extend by' : 'How long', durationText(item.durationSeconds)],
      [
        'Access ends now at',
        item.kind === 'extension' ? timeElement(item.currentExpiry, { relative: true }) : undefined,
      ],
      ['Justification', item.justification ?? '—'],
      ['Ticket', item.ticket ?? undefined],
      ['Asked', timeElement(item.askedAt, { relative: true })],
    ])}
    <h3>Earlier grants of this access to this person</h3>
    ${earlierGrants(item.earlier)}
    <p>${workflowLink(ui, item.row.workflow_id)}</p>`;
}

/** The per-item comment and Approve / Deny buttons (one decision, same route as the bulk one). */
function decisionForm(item: InboxItem, key: string, csrf: string | null): Html {
  const id = `comment-${key}`;
  return html`<form method="post" action="${DECIDE_PATH}" class="decide">
    ${csrfField(csrf)}<input type="hidden" name="grantIds" value="${item.row.workflow_id}" />
    <div class="field">
      <label for="${id}">Comment</label
      ><input type="text" id="${id}" name="comment" maxlength="2000" autocomplete="off" />
    </div>
    <p>
      <button type="submit" name="decision" value="approve" aria-label="Approve ${what(item)}">Approve</button>
      <button type="submit" name="decision" value="deny" class="secondary" aria-label="Deny ${what(item)}">Deny</button>
    </p>
  </form>`;
}

function heading(item: InboxItem, link: boolean): Html {
  const title = item.kind === 'extension' ? `Extension of ${item.entitlementName}` : item.entitlementName;
  const text = html`${title} <span class="hint">for ${item.forWhom}</span>`;
  return html`<h2>${link ? html`<a href="${itemPath(item.row.workflow_id)}">${text}</a>` : text}</h2>`;
}

export function renderInbox(
  items: InboxItem[],
  { viewer, ui }: PageContext,
  done?: { which: Notice; count: number },
  /** The page shows at most this many first requests; when it is full, more may be waiting. */
  pageSize = Infinity,
): string {
  const csrf = viewer.csrfToken;
  const card = (item: InboxItem, index: number) =>
    html`<li class="card">
      <p class="select">
        <input type="checkbox" form="bulk" name="grantIds" value="${item.row.workflow_id}" id="select-${index}" />
        <label for="select-${index}">Select ${item.entitlementName} for ${item.forWhom}</label>
      </p>
      ${heading(item, true)} ${details(item, ui)} ${decisionForm(item, String(index), csrf)}
    </li>`;
  const bulk = html`<form id="bulk" method="post" action="${DECIDE_PATH}" class="bulk card">
    ${csrfField(csrf)}
    <h2>Decide several at once</h2>
    <p class="hint">Tick the requests below, then approve or deny them all with one comment.</p>
    <p class="hint" id="selected-count" aria-live="polite" data-noun="request" data-select-all="Select all"></p>
    <div class="field">
      <label for="bulk-comment">Comment for all selected</label
      ><input type="text" id="bulk-comment" name="comment" maxlength="2000" autocomplete="off" />
    </div>
    <p>
      <button type="submit" name="decision" value="approve">Approve selected</button>
      <button type="submit" name="decision" value="deny" class="secondary">Deny selected</button>
    </p>
  </form>`;
  const body = items.length
    ? html`<p>
          ${items.length === 1 ? '1 decision waits' : `${items.length} decisions wait`} for
          you${items.length >= pageSize ? ': the newest are shown, and more appear as you decide these' : ''}.
        </p>
        ${bulk}
        <ul class="inbox">
          ${items.map(card)}
        </ul>`
    : html`<p>Nothing awaits your decision.</p>`;
  return layout({
    title: 'Approvals',
    viewer,
    current: 'approvals',
    scripts: ['inbox.js'],
    body: html`${done ? notice(NOTICES[done.which](done.count)) : nothing}${body}`,
  });
}

/** One item, as an email link opens it: the same form when it can be decided, else what became of it. */
export function renderItem(
  item: InboxItem | null,
  closed: { what: string; outcome: string } | null,
  { viewer, ui }: PageContext,
  mayDecide: boolean,
): string {
  const back = html`<p><a href="${INBOX_PATH}">Back to Approvals</a></p>`;
  if (item) {
    const form = mayDecide
      ? decisionForm(item, 'item', viewer.csrfToken)
      : problem('You cannot decide this request: you asked for it, or it is for you.');
    return layout({
      title: item.kind === 'extension' ? 'Approve this extension?' : 'Approve this access request?',
      viewer,
      current: 'approvals',
      body: html`<div class="card item">${heading(item, false)} ${details(item, ui)} ${form}</div>
        ${back}`,
    });
  }
  return layout({
    title: 'Nothing left to decide',
    viewer,
    current: 'approvals',
    body: html`<div class="card item">
        <h2>${closed?.what ?? ''}</h2>
        <p role="status">${closed?.outcome ?? ''}</p>
      </div>
      ${back}`,
  });
}

export interface DecideOutcome {
  decided: { grantId: string; name: string }[];
  refused: { grantId: string; name: string; reason: string }[];
}

/** The result of a decision where something was refused: what went through, and what did not and why. */
export function renderDecideResult(outcome: DecideOutcome, verb: 'approve' | 'deny', viewer: Viewer): string {
  const past = verb === 'approve' ? 'Approved' : 'Denied';
  const done = outcome.decided.length;
  const count = outcome.refused.length;
  const notDone = `${count === 1 ? '1 was' : `${count} were`} not ${verb === 'approve' ? 'approved' : 'denied'}:`;
  return layout({
    title: done ? `${past} ${done}, ${outcome.refused.length} refused` : 'Nothing was changed',
    viewer,
    current: 'approvals',
    body: html`${
        done
          ? html`<p class="ok" role="status">${past} ${done === 1 ? '1 request' : `${done} requests`}:</p>
              <ul>
                ${outcome.decided.map((d) => html`<li>${d.name}</li>`)}
              </ul>`
          : nothing
      }
      <p class="problem" role="alert">${notDone}</p>
      <ul>
        ${outcome.refused.map((r) => html`<li><a href="${itemPath(r.grantId)}">${r.name}</a>: ${r.reason}</li>`)}
      </ul>
      <p><a href="${INBOX_PATH}">Back to Approvals</a></p>`,
  });
}
