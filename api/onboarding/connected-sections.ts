// The "Connected" page's sections: who consented, the first sync's result, the schedule and where to go next. Times
// are <time> elements in UTC that /assets/local-time.js rewrites into the viewer's time zone.
import type { OnboardingStatus } from '../../workflows/onboarding/messages.js';
import { html, raw, type Html } from '../pages/layout.js';
import { timeElement } from '../pages/components.js';
import type { FirstSync } from './first-sync.js';
import type { SetupPageInput, SyncSummary } from './setup-page.js';

/** A time the viewer's browser shows in local time; text that is not a time is shown as it is. */
export function at(iso: string): Html {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? html`${iso}` : timeElement(date);
}

export function consentedBy(status: OnboardingStatus): Html {
  return status.consentedBy
    ? html`<p>Admin consent granted by <span id="consented-by">${status.consentedBy.upn}</span>.</p>`
    : raw('');
}

/** Labels of the counts a sync reports, in the order an owner reads them. */
const COUNT_LABELS: [key: string, label: string][] = [
  ['users', 'users'],
  ['principals', 'principals'],
  ['groups', 'groups'],
  ['applications', 'applications'],
  ['roles', 'directory roles'],
  ['entitlements', 'entitlements'],
  ['grants', 'grants'],
];

export function renderFirstSync(first: FirstSync | null | undefined): Html {
  if (!first) return raw('');
  const counts = COUNT_LABELS.filter(([key]) => typeof first.counts[key] === 'number').map(
    ([key, label]) => html`<li><strong>${String(first.counts[key])}</strong> ${label}</li>`,
  );
  const outcome =
    first.status === 'running'
      ? html`<p>Running since ${at(first.startedAt)}.</p>`
      : first.status === 'failed'
        ? html`<p class="problem">
            Failed at ${at(first.finishedAt ?? first.startedAt)}: ${first.error ?? 'unknown error'}. The next scheduled
            sync tries again.
          </p>`
        : html`<p>Finished at ${at(first.finishedAt ?? first.startedAt)} (started ${at(first.startedAt)}).</p>`;
  return html`<div class="card" id="first-sync" data-status="${first.status}">
    <h2>First sync</h2>
    ${outcome}${
      counts.length
        ? html`<ul>
            ${counts}
          </ul>`
        : raw('')
    }
  </div>`;
}

export function renderSync(sync: SyncSummary | null | undefined): Html {
  if (!sync) return html`<p>The sync schedule is being created.</p>`;
  const state =
    sync.running > 0
      ? html`A sync is running`
      : sync.lastRunAt
        ? html`Last sync started ${at(sync.lastRunAt)}`
        : html`Waiting for the first sync`;
  return html`<div class="card">
    <h2>Sync schedule</h2>
    <p id="sync-status">${state}.</p>
    ${sync.nextRunAt ? html`<p>Next scheduled sync: ${at(sync.nextRunAt)}</p>` : raw('')}
  </div>`;
}

export function onward(links: SetupPageInput['links']): Html {
  if (!links) return raw('');
  return html`<div class="card">
    <h2>What next</h2>
    <p><a class="button" href="${links.home}">Sign in to Lantern</a></p>
    <p>
      People of this tenant can now sign in with Microsoft to request access. Administrators see the connector at
      <a href="${links.api}"><code>${links.api}</code></a> (with an admin token) and its sync schedule in the Temporal
      UI.
    </p>
  </div>`;
}
