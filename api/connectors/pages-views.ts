// The Connectors list and a connector's page: status labels, last and next sync, recent runs with their workflows in
// the Temporal UI, and the forms that act on a connector (Sync now, Pause / Resume with a note, Edit options, Delete).
import type { SyncRunItem } from '../../catalog/directory/reads/index.js';
import { layout, html, type Html, type Viewer } from '../pages/layout.js';
import {
  csrfField,
  durationText,
  facts,
  notice,
  postButton,
  problem,
  statusLabel,
  table,
  timeElement,
} from '../pages/components.js';
import { workflowLink, type TemporalUi } from '../pages/temporal-ui.js';
import { countsText, statusLabel as labelOf, type ConnectorState } from './pages-status.js';
import { optionsForm, type OptionsFormState } from './pages-forms.js';
import type { ProtectedAccount } from '../../catalog/access/protected-accounts.js';
import { protectedSection, type ProtectedForm } from './pages-protected.js';

export const LIST_NOTICES = {
  created: 'The connector was created and its first sync has started.',
  deleted: 'The connector was deleted, with its schedule and synced directory. The audit log keeps its history.',
} as const;

export const DETAIL_NOTICES = {
  created: 'The connector was created and its first sync has started.',
  'sync-started': 'A sync has started.',
  'sync-running': 'A sync was already running, so no second one was started.',
  paused: 'The sync schedule is paused.',
  resumed: 'The sync schedule runs again.',
  updated: 'The connector was changed.',
  protected: 'The account is protected: Lantern will not remove its access.',
  unprotected: 'The protection was removed.',
} as const;

const label = (state: ConnectorState): Html => {
  const { text, tone } = labelOf(state);
  return statusLabel(text, tone);
};

const seconds = (ms: number) => Math.max(1, Math.round(ms / 1000));

function lastSync(state: ConnectorState): Html {
  const run = state.latest;
  if (!run) return html`<span class="muted">Not synced yet</span>`;
  if (!run.finishedAt) return html`Started ${timeElement(run.startedAt, { relative: true })}`;
  return html`${countsText(run.counts)}<br /><span class="muted"
      >${durationText(seconds(run.finishedAt.getTime() - run.startedAt.getTime()))},
      ${timeElement(run.finishedAt, { relative: true })}</span
    >`;
}

/** A connector still being onboarded leads to its setup's progress. */
const setupLink = (state: ConnectorState): Html =>
  state.connector.status === 'onboarding'
    ? html`<br /><a href="/admin/onboardings/${encodeURIComponent(state.connector.id)}"
          >Setup progress<span class="visually-hidden"> of ${state.connector.displayName}</span></a
        >`
    : html``;

function nextRun(state: ConnectorState): Html {
  if (state.schedule === undefined) return html`<span class="muted">Unknown (Temporal did not answer)</span>`;
  if (!state.schedule || state.schedule.paused || !state.schedule.nextRunAt) return html`—`;
  return timeElement(state.schedule.nextRunAt, { relative: true });
}

export function renderConnectorList(
  viewer: Viewer,
  states: ConnectorState[],
  done: keyof typeof LIST_NOTICES | undefined,
): string {
  const isAdmin = viewer.principal.roles.includes('admin');
  const rows = states.map(
    (state) =>
      html`<tr>
        <th scope="row">
          <a href="/admin/connectors/${encodeURIComponent(state.connector.id)}">${state.connector.displayName}</a>
        </th>
        <td>${state.connector.tenantId ?? html`<span class="muted">Not known yet</span>`}</td>
        <td>${label(state)}${setupLink(state)}</td>
        <td>${lastSync(state)}</td>
        <td>${nextRun(state)}</td>
      </tr>`,
  );
  const actions = isAdmin
    ? html`<p class="actions">
        <a class="button" href="/admin/onboardings/new">Start an onboarding</a>
        <a class="button secondary" href="/admin/connectors/new">Create a connector directly</a>
      </p>`
    : html``;
  const body = html`${notice(done ? LIST_NOTICES[done] : null)}
    <p>Each connector governs one Entra tenant: Lantern syncs its directory on a schedule and grants access there.</p>
    ${actions}
    ${table({
      caption: 'Connectors',
      headers: ['Name', 'Tenant', 'Status', 'Last sync', 'Next run'],
      rows,
      empty: 'No connectors yet. Start an onboarding to connect a tenant.',
    })}`;
  return layout({ title: 'Connectors', body, viewer, current: 'connectors' });
}

export interface DetailView {
  viewer: Viewer;
  state: ConnectorState;
  runs: SyncRunItem[];
  ui: TemporalUi;
  /** An onboarding workflow exists for this connector (it was onboarded, not created directly). */
  onboarded: boolean;
  done?: keyof typeof DETAIL_NOTICES | undefined;
  /** The options form re-shown with what was typed and why it was refused. */
  options?: OptionsFormState | undefined;
  /** A refused button (pause note too long, Temporal down…). */
  refusal?: string | undefined;
  /** Accounts no removal may touch, and the Add form as typed after a refusal. */
  protectedAccounts?: ProtectedAccount[] | undefined;
  protectedForm?: ProtectedForm | undefined;
}

export function renderConnectorDetail(view: DetailView): string {
  const { viewer, state, ui } = view;
  const { connector, schedule } = state;
  const o = connector.options;
  const isAdmin = viewer.principal.roles.includes('admin');
  const path = `/admin/connectors/${encodeURIComponent(connector.id)}`;
  const body = html`${notice(view.done ? DETAIL_NOTICES[view.done] : null)}${problem(view.refusal)}
    <p>${label(state)}</p>
    ${facts([
      ['Tenant', connector.tenantId ?? 'Not known yet'],
      ['Connector id', html`<code>${connector.id}</code>`],
      ['Permission set', o.permissionSet === 'readWrite' ? 'Read and write (grants access)' : 'Read only (sync only)'],
      ['Provisioning', o.provisioning === 'pim' ? 'PIM active assignments' : 'Direct Graph writes'],
      ['Sync interval', durationText(o.syncIntervalMinutes * 60)],
      ['Sign-in activity', o.includeSignInActivity ? 'Read' : 'Not read'],
      ['On-premises synced groups', o.skipOnPremisesSyncedGroups ? 'Skipped' : 'Synced'],
      ['Apps nobody is assigned to', o.skipAppsWithoutAssignments ? 'Skipped' : 'Synced'],
      ['Cloud', cloudText(o.cloud)],
      ['Next run', nextRunFact(state)],
      ['Schedule note', schedule?.note ?? undefined],
      [
        'Onboarding',
        view.onboarded
          ? html`<a href="/admin/onboardings/${encodeURIComponent(connector.id)}">Setup progress</a>`
          : undefined,
      ],
    ])}
    ${runningSyncs(state, ui)} ${isAdmin ? actionForms(path, view) : html``}
    <h2>Recent syncs</h2>
    ${table({
      caption: 'The last sync runs, newest first',
      headers: ['Started', 'Kind', 'Result', 'Found', 'Duration', 'Workflow'],
      rows: view.runs.map((run) => runRow(run, ui)),
      empty: 'No sync has run yet.',
    })}
    ${
      isAdmin
        ? html`<h2>Edit options</h2>
            ${optionsForm(path, viewer.csrfToken, connector, view.options)}`
        : html``
    }
    ${isAdmin ? protectedSection(connector.id, viewer.csrfToken, view.protectedAccounts ?? [], view.protectedForm) : html``}
    ${
      isAdmin
        ? html`<h2>Delete</h2>
            <p>
              Deleting ends its schedule and running syncs and removes its synced directory. It is refused while access
              granted through it is live.
            </p>
            <p><a class="button secondary" href="${path}/delete">Delete this connector…</a></p>`
        : html``
    }
    <p><a href="/admin/connectors">Back to connectors</a></p>`;
  return layout({ title: connector.displayName, body, viewer, current: 'connectors' });
}

function nextRunFact(state: ConnectorState): Html {
  if (state.schedule === undefined) return html`Unknown: Temporal did not answer`;
  if (state.schedule === null) return html`No sync schedule yet`;
  if (state.schedule.paused) return html`Paused`;
  return timeElement(state.schedule.nextRunAt, { relative: true });
}

function runningSyncs(state: ConnectorState, ui: TemporalUi): Html {
  const running = state.schedule?.running ?? [];
  if (running.length === 0) return html``;
  return html`<p>
    A sync is running:
    ${running.map((run) => html`${workflowLink(ui, run.workflowId, 'Open the running sync in Temporal')} `)}
  </p>`;
}

function actionForms(path: string, view: DetailView): Html {
  const token = view.viewer.csrfToken;
  const paused = view.state.schedule?.paused ?? false;
  return html`<h2>Actions</h2>
    <div class="actions">${postButton({ action: `${path}/sync`, label: 'Sync now', csrfToken: token })}</div>
    <form method="post" action="${path}/${paused ? 'resume' : 'pause'}" class="card">
      ${csrfField(token)}
      <div class="field">
        <label for="schedule-note">Note</label>
        <span class="hint" id="schedule-note-hint"
          >Why, for the audit log and the Temporal UI (optional, at most 500 characters)</span
        >
        <input
          type="text"
          id="schedule-note"
          name="note"
          maxlength="500"
          class="wide"
          aria-describedby="schedule-note-hint"
        />
      </div>
      <button type="submit" ${paused ? html`` : html` class="secondary"`}>${paused ? 'Resume' : 'Pause'}</button>
    </form>`;
}

function runRow(run: SyncRunItem, ui: TemporalUi): Html {
  const result =
    run.status === 'failed'
      ? html`<span class="label bad">Failed</span> ${run.error ?? ''}`
      : run.status === 'running'
        ? html`<span class="label busy">Running</span>`
        : html`<span class="label good">Succeeded</span>`;
  return html`<tr>
    <td>${timeElement(run.startedAt, { relative: true })}</td>
    <td>${run.mode === 'full' ? 'Full' : 'Delta'}</td>
    <td>${result}</td>
    <td>${countsText(run.counts)}</td>
    <td>${run.durationMs === null ? '—' : durationText(seconds(run.durationMs))}</td>
    <td>${run.workflowId ? workflowLink(ui, run.workflowId) : '—'}</td>
  </tr>`;
}

function cloudText(cloud: ConnectorState['connector']['options']['cloud']): string {
  if (cloud === null) return 'Server default';
  if (typeof cloud === 'string') return cloud;
  return `Custom (${cloud.graphBaseUrl})`;
}
