// /admin/reviews: every campaign, newest first, with its status, due date and progress; and the recurring series, each
// with "Stop" (a confirm step) for admins. Readers see the same without the buttons.
import type { Campaign, Series } from '../../catalog/reviews/index.js';
import { notice, postButton, table, timeElement } from '../pages/components.js';
import { html, layout, raw, type Html, type Viewer } from '../pages/layout.js';
import {
  ADMIN_REVIEWS_PATH,
  CADENCE_WORDS,
  campaignPath,
  campaignStatusLabel,
  NEW_CAMPAIGN_PATH,
  seriesStopPath,
} from './pages-parts.js';

export interface ReviewListPage {
  viewer: Viewer;
  campaigns: Campaign[];
  connectorNames: Map<string, string>;
  series: Series[];
  nextCursor: string | null;
  stopped?: boolean | undefined;
}

export const progressText = (c: Pick<Campaign, 'counts'>): string =>
  `${c.counts.decided ?? 0} of ${c.counts.items ?? 0} decided`;

export function renderReviewList(p: ReviewListPage): string {
  const admin = p.viewer.principal.roles.includes('admin');
  const connector = (id: string) => p.connectorNames.get(id) ?? id;
  const rows = p.campaigns.map(
    (c) =>
      html`<tr>
        <th scope="row"><a href="${campaignPath(c.id)}">${c.name}</a></th>
        <td>${connector(c.connectorId)}</td>
        <td>${campaignStatusLabel(c.status)}</td>
        <td>${timeElement(c.dueAt, { relative: true })}</td>
        <td>${progressText(c)}</td>
      </tr>`,
  );
  const more = p.nextCursor
    ? html`<nav class="paging" aria-label="More campaigns">
        <a href="${ADMIN_REVIEWS_PATH}?cursor=${encodeURIComponent(p.nextCursor)}">Older campaigns</a>
      </nav>`
    : raw('');
  const body = html`${notice(p.stopped ? 'Series stopped: no new campaigns will start from it.' : null)}
    <p>
      Campaigns ask reviewers to confirm who should keep access. At the due date, undecided items get the campaign's
      default decision, and Lantern removes what was denied.
    </p>
    ${admin ? html`<p><a class="button" href="${NEW_CAMPAIGN_PATH}">New campaign</a></p>` : raw('')}
    ${table({
      caption: 'Access review campaigns',
      headers: ['Name', 'Connector', 'Status', 'Due', 'Progress'],
      rows,
      empty: 'No campaigns yet.',
    })}
    ${more}
    <h2>Recurring</h2>
    ${seriesTable(p, admin, connector)}`;
  return layout({ title: 'Access reviews', body, viewer: p.viewer, current: 'access-reviews' });
}

function seriesTable(p: ReviewListPage, admin: boolean, connector: (id: string) => string): Html {
  const rows = p.series.map(
    (s) =>
      html`<tr>
        <th scope="row">${s.name}</th>
        <td>${connector(s.connectorId)}</td>
        <td>${CADENCE_WORDS[s.cadence]}</td>
        <td>${s.stoppedAt ? html`Stopped ${timeElement(s.stoppedAt)}` : 'Running'}</td>
        <td>
          ${
            admin && !s.stoppedAt
              ? postButton({
                  action: seriesStopPath(s.id),
                  label: 'Stop',
                  csrfToken: p.viewer.csrfToken,
                  tone: 'secondary',
                  ariaLabel: `Stop ${s.name}`,
                })
              : raw('')
          }
        </td>
      </tr>`,
  );
  return table({
    caption: 'Recurring campaigns',
    headers: ['Name', 'Connector', 'Repeats', 'State', 'Action'],
    rows,
    empty: 'No recurring campaigns.',
  });
}

/** The confirm step before a series stops: one button that posts again with confirmed=yes. */
export function renderStopConfirm(viewer: Viewer, s: Series): string {
  const body = html`<p>
      No new campaign will start from <strong>${s.name}</strong>. Campaigns already running go on to their due date.
    </p>
    ${postButton({
      action: seriesStopPath(s.id),
      label: 'Stop the series',
      csrfToken: viewer.csrfToken,
      fields: { confirmed: 'yes' },
      tone: 'danger',
    })}
    <p><a href="${ADMIN_REVIEWS_PATH}">Cancel</a></p>`;
  return layout({ title: `Stop ${s.name}?`, body, viewer, current: 'access-reviews' });
}
