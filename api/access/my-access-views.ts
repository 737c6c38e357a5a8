// The HTML of My access: Active (time left, live; Give back; Extend within the policy), Pending (the stage in words,
// refreshed by live-stage.js; each approval stage with who decided and when; Withdraw) and Ended (why). Every item links to its workflow in the Temporal UI.
import { csrfField, notice, nothing, postButton, statusLabel, timeElement } from '../pages/components.js';
import { html, layout, type Html, type Viewer } from '../pages/layout.js';
import { workflowLink, type TemporalUi } from '../pages/temporal-ui.js';
import { stageProgress } from './approval-stages-views.js';
import { ENDED_SHOWN, type AccessItem } from './my-access-model.js';

/** What the page says after a form redirected back to it; fixed texts, so nothing from the URL is reflected. */
export const MY_ACCESS_NOTICES = {
  requested: 'Requested: you will find it below while it is decided and added.',
  returned: 'Given back: Lantern is removing the access now.',
  withdrawn: 'Withdrawn: the request will not be decided.',
  extended: 'Extended: the new end time is below.',
  'extension-pending': 'Extension asked for: it waits for approval; the access stays until then.',
  'extension-queued': 'Extension noted: it applies as soon as the access is active.',
} as const;
export type MyAccessNotice = keyof typeof MY_ACCESS_NOTICES;

function extendForm(item: AccessItem, index: number, csrf: string | null): Html {
  if (item.extendChoices.length === 0) return nothing;
  const id = `extend-${index}`;
  const options = item.extendChoices.map((c) => html`<option value="${String(c.seconds)}">${c.label}</option>`);
  return html`<form method="post" action="/access/extend" class="inline-form extend-form">
    ${csrfField(csrf)}<input type="hidden" name="grantId" value="${item.row.workflow_id}" />
    <label for="${id}">Extend by</label>
    <select id="${id}" name="durationSeconds">
      ${options}
    </select>
    <button type="submit" class="secondary" aria-label="Extend ${item.name}">Extend</button>
    ${item.extensionNeedsApproval ? html`<span class="hint">Needs approval again.</span>` : nothing}
  </form>`;
}

function card(item: AccessItem, index: number, viewer: Viewer, ui: TemporalUi): Html {
  const { row } = item;
  const csrf = viewer.csrfToken;
  const heading = html`<h3>${item.name}</h3>
    ${item.resourceName ? html`<p class="hint">Resource: ${item.resourceName}</p>` : nothing}
    ${row.break_glass ? html`<p>${statusLabel('Break-glass', 'warn')} Self-approved in an emergency; a review follows.</p>` : nothing}
    ${
      row.removal_refused
        ? html`<p class="problem">Lantern did not remove this access: ${row.removal_refused}</p>`
        : nothing
    }`;
  const starts =
    row.start_at && (row.stage === 'scheduled' || row.stage === 'pending_approval')
      ? html`<p>Starts at ${timeElement(row.start_at)}</p>`
      : nothing;
  const link = html`<p>${workflowLink(ui, row.workflow_id)}</p>`;
  if (item.section === 'active') {
    const giveBack =
      row.stage === 'active'
        ? postButton({
            action: '/access/give-back',
            label: 'Give back',
            csrfToken: csrf,
            fields: { grantId: row.workflow_id },
            tone: 'danger',
            ariaLabel: `Give back ${item.name}`,
          })
        : nothing;
    return html`<li class="card">
      ${heading}
      <p>
        ${row.stage === 'active' ? html`Time left: ${timeElement(row.expires_at, { relative: true })}` : item.stageText}
      </p>
      <div class="actions">${giveBack}${row.stage === 'active' ? extendForm(item, index, csrf) : nothing}</div>
      ${link}
    </li>`;
  }
  if (item.section === 'pending')
    return html`<li class="card">
      ${heading}
      <p data-stage-for="${row.workflow_id}" aria-live="polite">${item.stageText}</p>
      ${stageProgress(item.stages)} ${starts}
      ${postButton({
        action: '/access/give-back',
        label: 'Withdraw',
        csrfToken: csrf,
        fields: { grantId: row.workflow_id },
        tone: 'secondary',
        ariaLabel: `Withdraw request for ${item.name}`,
      })}
      ${link}
    </li>`;
  return html`<li class="card">
    ${heading}
    <p>${item.stageText} <span class="hint">(${timeElement(row.updated_at)})</span></p>
    ${link}
  </li>`;
}

function section(title: string, empty: string, items: Html[]): Html {
  const id = `${title.toLowerCase()}-heading`;
  return html`<section aria-labelledby="${id}">
    <h2 id="${id}">${title}</h2>
    ${
      items.length
        ? html`<ul class="cards">
            ${items}
          </ul>`
        : html`<p>${empty}</p>`
    }
  </section>`;
}

export function renderMyAccess(viewer: Viewer, items: AccessItem[], ui: TemporalUi, done?: MyAccessNotice): string {
  const cards = (which: AccessItem['section']) =>
    items.flatMap((item, index) => (item.section === which ? [card(item, index, viewer, ui)] : []));
  const body = html`${notice(done ? MY_ACCESS_NOTICES[done] : null)}
    <p><a href="/request">Request access</a></p>
    ${section('Active', 'You hold no access through Lantern right now.', cards('active'))}
    ${section('Pending', 'Nothing is waiting.', cards('pending'))}
    ${section('Ended', 'Nothing has ended yet.', cards('ended'))}
    ${
      cards('ended').length >= ENDED_SHOWN
        ? html`<p class="muted">Showing the ${ENDED_SHOWN} that ended most recently.</p>`
        : nothing
    }`;
  return layout({ title: 'My access', body, viewer, current: 'my-access', scripts: ['live-stage.js'] });
}
