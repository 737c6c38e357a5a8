// /admin/shadow-apps/<connector>/<app>: what the app may do, who consented, the triage form, the revoke form (all or
// chosen users) and past revocations with each user's result. Readers see everything but the forms.
import type { DiscoveredAppItem } from '../../catalog/directory/reads/discovered-apps.js';
import type { ConsentingUser } from '../../catalog/shadow-apps/reads.js';
import type { Revocation, RevocationItem } from '../../catalog/shadow-apps/revocations.js';
import { html, layout, type Html, type Viewer } from '../pages/layout.js';
import {
  csrfField,
  facts,
  notice,
  problem,
  statusLabel,
  table,
  textAreaField,
  textField,
  timeElement,
} from '../pages/components.js';
import { workflowLink, type TemporalUi } from '../pages/temporal-ui.js';
import { appPath, publisherText, scopeList, SHADOW_NOTICES, stateLabel, type ShadowNotice } from './page-parts.js';

export interface TriageForm {
  state: string;
  owner: string;
  note: string;
  errors: { state?: string; owner?: string; note?: string; form?: string };
}
export interface RevokeForm {
  scope: string;
  userIds: string[];
  reason: string;
  errors: { users?: string; reason?: string; form?: string };
}

export interface AppPage {
  viewer: Viewer;
  connector: { id: string; displayName: string };
  app: DiscoveredAppItem;
  owner: { displayName: string; upn: string | null } | null;
  users: ConsentingUser[];
  revocations: { revocation: Revocation; items: RevocationItem[] }[];
  ui: TemporalUi;
  done?: ShadowNotice | undefined;
  triage?: TriageForm | undefined;
  revoke?: RevokeForm | undefined;
}

export function renderAppPage(p: AppPage): string {
  const admin = p.viewer.principal.roles.includes('admin');
  const running = p.revocations.some((r) => r.revocation.status === 'running');
  const body = html`<p><a href="/admin/shadow-apps">All shadow apps</a> · ${p.connector.displayName}</p>
    ${notice(p.done ? SHADOW_NOTICES[p.done] : null)} ${summary(p)}
    <h2>Scopes</h2>
    ${scopeList(p.app)}
    <h2>Consenting users</h2>
    ${usersTable(p.users)} ${admin ? triageForm(p) : html``} ${admin ? revokeForm(p) : html``}
    <h2 id="revocations">Revocations</h2>
    ${p.revocations.length === 0 ? html`<p>None yet.</p>` : p.revocations.map((r) => revocationCard(p.ui, r))}`;
  return layout({
    title: p.app.displayName,
    body,
    viewer: p.viewer,
    current: 'shadow-apps',
    // A revocation in progress: the page follows it without a script.
    refreshSeconds: running ? 3 : undefined,
  });
}

function summary(p: AppPage): Html {
  const t = p.app.triage;
  const owner = p.owner ? `${p.owner.displayName}${p.owner.upn ? ` (${p.owner.upn})` : ''}` : undefined;
  return facts([
    ['State', stateLabel(t.state)],
    ['Owner', owner],
    ['Note', t.note || undefined],
    [
      'Decided',
      t.decidedAt ? html`${timeElement(t.decidedAt, { relative: true })} by ${t.decidedBy ?? ''}` : undefined,
    ],
    ['Publisher', publisherText(p.app)],
    ['App id', html`<code>${p.app.appId}</code>`],
    ['Consenting users', p.app.consentingUsers],
    ['Last used', timeElement(p.app.lastUsedAt, { relative: true })],
    ['First seen', timeElement(p.app.firstSeenAt)],
  ]);
}

function usersTable(users: ConsentingUser[]): Html {
  return table({
    caption: 'People who consented to this app',
    headers: ['Name', 'User principal name', 'Scopes'],
    rows: users.map(
      (u) =>
        html`<tr>
          <th scope="row">${u.displayName ?? u.principalId}</th>
          <td>${u.upn ?? '—'}</td>
          <td>${u.scopes.join(', ')}</td>
        </tr>`,
    ),
    empty: 'Nobody has a consent to this app any more.',
  });
}

function triageForm(p: AppPage): Html {
  const f = p.triage ?? {
    state: p.app.triage.state === 'revoked' ? 'new' : p.app.triage.state,
    owner: p.owner?.upn ?? '',
    note: p.app.triage.note,
    errors: {},
  };
  const choice = (value: string, label: string) =>
    html`<div class="check">
      <input
        type="radio"
        id="state-${value}"
        name="state"
        value="${value}"
        ${f.state === value ? html` checked` : html``}
      />
      <label for="state-${value}">${label}</label>
    </div>`;
  return html`<h2 id="triage">Triage</h2>
    <form method="post" action="${appPath(p.connector.id, p.app.appId)}/triage" class="card">
      ${csrfField(p.viewer.csrfToken)} ${problem(f.errors.form)}
      <fieldset>
        <legend>Decision</legend>
        ${f.errors.state ? html`<span class="error" id="state-error">${f.errors.state}</span>` : html``}
        ${choice('authorized', 'Authorize (sanctioned, with an owner)')} ${choice('ignored', 'Ignore')}
        ${choice('new', 'Undecided (new)')}
      </fieldset>
      ${textField({
        id: 'owner',
        name: 'owner',
        label: 'Owner',
        hint: 'For an authorized app: the user principal name of the person who answers for it.',
        error: f.errors.owner,
        value: f.owner,
        attributes: { autocomplete: 'off' },
      })}
      ${textAreaField({ id: 'note', name: 'note', label: 'Note', error: f.errors.note, value: f.note, rows: 3 })}
      <button type="submit">Save triage</button>
    </form>`;
}

function revokeForm(p: AppPage): Html {
  if (p.users.length === 0) return html``;
  const f = p.revoke ?? { scope: 'all', userIds: [], reason: '', errors: {} };
  const chosen = new Set(f.userIds);
  const boxes = p.users.map(
    (u, i) =>
      html`<div class="check">
        <input
          type="checkbox"
          id="user-${i}"
          name="userIds"
          value="${u.principalId}"
          ${chosen.has(u.principalId) ? html` checked` : html``}
        />
        <label for="user-${i}">${u.displayName ?? u.principalId}${u.upn ? ` (${u.upn})` : ''}</label>
      </div>`,
  );
  const scope = (value: string, label: string) =>
    html`<div class="check">
      <input
        type="radio"
        id="scope-${value}"
        name="scope"
        value="${value}"
        ${f.scope === value ? html` checked` : html``}
      />
      <label for="scope-${value}">${label}</label>
    </div>`;
  return html`<h2 id="revoke">Revoke consents</h2>
    <form method="post" action="${appPath(p.connector.id, p.app.appId)}/revoke" class="card">
      ${csrfField(p.viewer.csrfToken)} ${problem(f.errors.form)}
      <p>
        Lantern deletes the consents in the tenant through Microsoft Graph. Tokens already issued work until they
        expire.
      </p>
      <fieldset>
        <legend>Whose consents</legend>
        ${scope('all', p.users.length === 1 ? 'The one consenting user' : `All ${p.users.length} consenting users`)}
        ${scope('chosen', 'Only the users I choose below')}
      </fieldset>
      <fieldset>
        <legend>Users to revoke</legend>
        ${f.errors.users ? html`<span class="error" id="users-error">${f.errors.users}</span>` : html``} ${boxes}
      </fieldset>
      ${textAreaField({ id: 'reason', name: 'reason', label: 'Reason', error: f.errors.reason, value: f.reason, rows: 2 })}
      <button type="submit" class="danger">Review revocation</button>
    </form>`;
}

const REVOCATION_TONES = { running: 'busy', succeeded: 'good', failed: 'bad' } as const;
const RESULT_WORDS = {
  pending: 'Pending',
  removed: 'Removed',
  already_gone: 'Already gone',
  failed: 'Failed',
} as const;

function revocationCard(ui: TemporalUi, { revocation: r, items }: AppPage['revocations'][number]): Html {
  const c = r.counts;
  const label = statusLabel(
    r.status === 'running' ? 'Running' : r.status === 'succeeded' ? 'Succeeded' : 'Failed',
    REVOCATION_TONES[r.status],
  );
  const rows = items.map(
    (i) =>
      html`<tr>
        <th scope="row">${i.displayName ?? i.principalId ?? '—'}</th>
        <td>${i.upn ?? '—'}</td>
        <td>${RESULT_WORDS[i.result]}${i.message ? html`: ${i.message}` : html``}</td>
      </tr>`,
  );
  return html`<section class="card revocation" aria-label="Revocation started ${r.startedAt}">
    <p>
      ${label} ${r.userIds ? `${r.userIds.length} chosen user(s)` : 'All users'} · started
      ${timeElement(r.startedAt, { relative: true })} by ${r.requestedBy} · ${workflowLink(ui, r.workflowId)}
    </p>
    <p>Removed ${c.removed}, already gone ${c.already_gone}, failed ${c.failed} of ${c.total}.</p>
    ${r.reason ? html`<p>Reason: ${r.reason}</p>` : html``} ${problem(r.error)}
    ${table({ caption: 'Result per consent', headers: ['User', 'User principal name', 'Result'], rows, empty: 'No consents planned yet.' })}
  </section>`;
}
