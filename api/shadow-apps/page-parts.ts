// Pieces the shadow-app pages share: triage state in words, scopes with the risky ones flagged in words (not colour
// only), the publisher line, and the fixed texts of the notices after a form succeeded.
import type { DiscoveredAppItem } from '../../catalog/directory/reads/discovered-apps.js';
import type { TriageState } from '../../catalog/shadow-apps/schema.js';
import { html, type Html } from '../pages/layout.js';
import { statusLabel, type LabelTone } from '../pages/components.js';

export const STATE_NAMES: Record<TriageState, string> = {
  new: 'New',
  authorized: 'Authorized',
  ignored: 'Ignored',
  revoked: 'Revoked',
};
const STATE_TONES: Record<TriageState, LabelTone> = {
  new: 'warn',
  authorized: 'good',
  ignored: 'plain',
  revoked: 'bad',
};

export const SHADOW_NOTICES = {
  triaged: 'Triage saved.',
  'revoke-started': 'Revocation started. Its results appear below as each consent is removed.',
} as const;
export type ShadowNotice = keyof typeof SHADOW_NOTICES;

export const stateLabel = (state: TriageState): Html => statusLabel(STATE_NAMES[state], STATE_TONES[state]);

export const appPath = (connectorId: string, appId: string): string =>
  `/admin/shadow-apps/${encodeURIComponent(connectorId)}/${encodeURIComponent(appId)}`;

/** Every scope, risky ones marked with a class and the word "risky" (for screen readers and colour-blind eyes). */
export function scopeList(app: Pick<DiscoveredAppItem, 'scopes' | 'riskyScopes'>): Html {
  if (app.scopes.length === 0) return html`<p>No delegated scopes.</p>`;
  const risky = new Set(app.riskyScopes);
  return html`<ul class="scopes">
    ${app.scopes.map((s) =>
      risky.has(s) ? html`<li class="risky">${s} <span>(risky)</span></li>` : html`<li>${s}</li>`,
    )}
  </ul>`;
}

/** "3 risky: Mail.ReadWrite, …" for a table cell, or "None". */
export function riskySummary(app: Pick<DiscoveredAppItem, 'riskyScopes'>): Html {
  if (app.riskyScopes.length === 0) return html`None`;
  return html`<span class="risky">${app.riskyScopes.length} risky:</span> ${app.riskyScopes.join(', ')}`;
}

export function publisherText(app: Pick<DiscoveredAppItem, 'publisher' | 'verifiedPublisher'>): Html {
  return app.verifiedPublisher
    ? html`${app.publisher ?? ''} ${statusLabel('Verified publisher', 'good')}`
    : html`${app.publisher ?? 'Unknown publisher'} ${statusLabel('Unverified', 'warn')}`;
}
