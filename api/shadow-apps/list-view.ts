// /admin/shadow-apps: each connector's discovered apps with their triage state, filtered by state (and connector).
import type { DiscoveredAppItem } from '../../catalog/directory/reads/discovered-apps.js';
import { TRIAGE_STATES, type TriageState } from '../../catalog/shadow-apps/schema.js';
import { html, layout, type Html, type Viewer } from '../pages/layout.js';
import { selectField, table, timeElement } from '../pages/components.js';
import { appPath, publisherText, riskySummary, STATE_NAMES, stateLabel } from './page-parts.js';

export interface ConnectorApps {
  connector: { id: string; displayName: string };
  apps: DiscoveredAppItem[];
  more: boolean;
}

export interface ListPage {
  viewer: Viewer;
  sections: ConnectorApps[];
  connectors: { id: string; displayName: string }[];
  filter: { state?: TriageState | undefined; connector?: string | undefined };
}

export function renderShadowAppList(p: ListPage): string {
  const body = html`<p>
      Third-party apps people in your tenants consented to on their own. Triage each one: authorize it with an owner,
      ignore it, or revoke its consents.
    </p>
    ${filterForm(p)} ${p.sections.length === 0 ? html`<p>No connectors yet.</p>` : p.sections.map(section)}`;
  return layout({ title: 'Shadow apps', body, viewer: p.viewer, current: 'shadow-apps' });
}

function filterForm(p: ListPage): Html {
  return html`<form method="get" action="/admin/shadow-apps" class="filters" aria-label="Filter shadow apps">
    ${selectField({
      id: 'state',
      name: 'state',
      label: 'State',
      value: p.filter.state ?? '',
      options: [['', 'Any state'], ...TRIAGE_STATES.map((s): [string, string] => [s, STATE_NAMES[s]])],
    })}
    ${selectField({
      id: 'connector',
      name: 'connector',
      label: 'Connector',
      value: p.filter.connector ?? '',
      options: [['', 'All connectors'], ...p.connectors.map((c): [string, string] => [c.id, c.displayName])],
    })}
    <div class="field"><button type="submit">Filter</button></div>
  </form>`;
}

function section(s: ConnectorApps): Html {
  const rows = s.apps.map(
    (app) =>
      html`<tr>
        <th scope="row"><a href="${appPath(s.connector.id, app.appId)}">${app.displayName}</a></th>
        <td>${stateLabel(app.triage.state)}</td>
        <td>${publisherText(app)}</td>
        <td>${app.consentingUsers}</td>
        <td>${riskySummary(app)}</td>
        <td>${timeElement(app.lastUsedAt, { relative: true })}</td>
      </tr>`,
  );
  return html`<section aria-labelledby="c-${s.connector.id}">
    <h2 id="c-${s.connector.id}">${s.connector.displayName}</h2>
    ${table({
      caption: `Apps in ${s.connector.displayName}`,
      headers: ['App', 'State', 'Publisher', 'Consenting users', 'Risky scopes', 'Last used'],
      rows,
      empty: 'No apps match.',
    })}
    ${s.more ? html`<p class="muted">Showing the 100 most consented apps.</p>` : html``}
  </section>`;
}
