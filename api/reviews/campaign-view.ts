// /admin/reviews/<id>: one campaign for its owner and the admins: what it reviews and how, its progress per reviewer,
// the owner's actions while they apply (close now, extend, apply removals), every item's apply result, and the
// evidence report with its SHA-256 (the digest also recorded in the audit log). Readers see all of it read-only.
import type { Campaign, ReviewerProgress } from '../../catalog/reviews/index.js';
import type { CampaignCounts } from '../../domain/reviews.js';
import {
  csrfField,
  durationText,
  facts,
  notice,
  postButton,
  problem,
  table,
  timeElement,
} from '../pages/components.js';
import { html, layout, raw, type Html, type Viewer } from '../pages/layout.js';
import { workflowLink, type TemporalUi } from '../pages/temporal-ui.js';
import {
  ADMIN_REVIEWS_PATH,
  CADENCE_WORDS,
  CAMPAIGN_NOTICES,
  campaignPath,
  campaignStatusLabel,
  DEFAULT_WORDS,
  grantWords,
  isMoving,
  REVIEWER_WORDS,
  RESULT_WORDS,
  type CampaignNotice,
} from './pages-parts.js';

export interface ProblemItem {
  id: string;
  principalName: string;
  principalUpn: string | null;
  entitlementKind: string;
  entitlementName: string;
  resourceName: string;
  applyResult: 'refused' | 'failed';
  applyMessage: string | null;
}

export interface CampaignPage {
  viewer: Viewer;
  ui: TemporalUi;
  campaign: Campaign;
  connectorName: string;
  ownerName: string;
  counts: CampaignCounts;
  reviewers: ReviewerProgress[];
  problems: ProblemItem[];
  /** Admins and the person who created it may act on it. */
  mayAct: boolean;
  done?: CampaignNotice | undefined;
  refusal?: string | undefined;
}

export const EXTEND_CHOICES = {
  '1d': ['1 day', 86_400],
  '3d': ['3 days', 3 * 86_400],
  '1w': ['1 week', 7 * 86_400],
  '2w': ['2 weeks', 14 * 86_400],
} as const;

export function renderCampaignPage(p: CampaignPage): string {
  const c = p.campaign;
  const body = html`<p><a href="${ADMIN_REVIEWS_PATH}">All access reviews</a></p>
    ${notice(p.done ? CAMPAIGN_NOTICES[p.done] : null)} ${problem(p.refusal)}
    <p>
      Status:
      ${campaignStatusLabel(c.status)}${isMoving(c.status) ? html` · <a href="${campaignPath(c.id)}">Refresh progress</a>` : raw('')}
    </p>
    ${problem(c.error)} ${definitionFacts(p)}
    <h2>Progress</h2>
    ${progress(p.counts)} ${p.mayAct ? actions(p) : raw('')}
    <h2>Reviewers</h2>
    ${reviewerTable(p.reviewers)} ${results(p)}
    <h2>Evidence report</h2>
    ${evidence(c)}
    <p>${workflowLink(p.ui, c.workflowId)}</p>`;
  return layout({ title: c.name, body, viewer: p.viewer, current: 'access-reviews' });
}

function definitionFacts(p: CampaignPage): Html {
  const c = p.campaign;
  const d = c.definition;
  return facts([
    ['Connector', p.connectorName],
    ['Created by', p.ownerName],
    ['Started', timeElement(c.startedAt)],
    ['Due', html`${timeElement(c.dueAt)} (${timeElement(c.dueAt, { relative: true })})`],
    ['Review period', durationText(d.durationSeconds)],
    ['Reviewers', REVIEWER_WORDS[d.reviewers.kind]],
    ['If no response', DEFAULT_WORDS[d.defaultDecision]],
    ['Apply', d.autoApply ? 'Automatically when the campaign closes' : 'When the owner applies the removals'],
    ['Repeat', d.recurrence ? CADENCE_WORDS[d.recurrence] : 'One time'],
    [
      'Sign-in activity',
      c.signInKnown === null ? 'Not read yet' : c.signInKnown ? 'Known' : 'Unknown (the tenant has no Entra ID P1/P2)',
    ],
  ]);
}

function progress(n: CampaignCounts): Html {
  return html`<p>
      <strong>${n.decided} of ${n.items} decided</strong> · keep ${n.keep} · remove ${n.remove} · ${n.reviewers}
      ${n.reviewers === 1 ? 'reviewer' : 'reviewers'}
    </p>
    <progress max="${Math.max(n.items, 1)}" value="${n.decided}" aria-label="Items decided">
      ${n.decided} of ${n.items}
    </progress>`;
}

function actions(p: CampaignPage): Html {
  const c = p.campaign;
  const csrf = csrfField(p.viewer.csrfToken);
  const path = campaignPath(c.id);
  if (c.status === 'awaiting_apply')
    return html`<form method="post" action="${path}/apply" class="card">
      ${csrf}
      <p>Reviewers are done. Nothing is removed until you apply the removals.</p>
      <button type="submit" class="danger">Apply removals</button>
    </form>`;
  if (c.status !== 'in_review') return raw('');
  return html`<div class="card actions">
    <form method="post" action="${path}/close" class="inline-form">
      ${csrf}<button type="submit" class="secondary">Close now</button>
    </form>
    <form method="post" action="${path}/extend" class="inline-form">
      ${csrf}
      <label for="extend-by">Extend by</label>
      <select id="extend-by" name="by">
        ${Object.entries(EXTEND_CHOICES).map(([value, [label]]) => html`<option value="${value}">${label}</option>`)}
      </select>
      <button type="submit" class="secondary">Extend</button>
    </form>
  </div>`;
}

function reviewerTable(reviewers: ReviewerProgress[]): Html {
  return table({
    caption: 'Progress per reviewer',
    headers: ['Reviewer', 'UPN', 'Items', 'Decided'],
    rows: reviewers.map(
      (r) =>
        html`<tr>
          <th scope="row">${r.name}</th>
          <td>${r.upn ?? '—'}</td>
          <td>${r.items}</td>
          <td>${r.decided}</td>
        </tr>`,
    ),
    empty: 'No reviewers yet: the campaign is being staged.',
  });
}

function results(p: CampaignPage): Html {
  const c = p.campaign;
  if (!['applying', 'completed', 'failed'].includes(c.status)) return raw('');
  const n = p.counts;
  const rows: [string, number][] = [
    [RESULT_WORDS.removed, n.removed],
    [RESULT_WORDS.already_gone, n.alreadyGone],
    [RESULT_WORDS.kept, c.status === 'completed' ? n.keep : 0],
    [RESULT_WORDS.not_applicable, n.notApplicable],
    [RESULT_WORDS.refused, n.refused],
    [RESULT_WORDS.failed, n.failed],
  ];
  const listed = p.problems.map(
    (i) =>
      html`<li>
        ${i.principalName}${i.principalUpn ? ` (${i.principalUpn})` : ''} — ${grantWords(i)}:
        ${RESULT_WORDS[i.applyResult]}${i.applyMessage ? html`: ${i.applyMessage}` : raw('')}
      </li>`,
  );
  return html`<h2>Results</h2>
    ${table({
      caption: 'Apply result of every item',
      headers: ['Result', 'Items'],
      rows: rows.map(
        ([label, count]) =>
          html`<tr>
            <th scope="row">${label}</th>
            <td>${count}</td>
          </tr>`,
      ),
      empty: '',
    })}
    ${
      listed.length
        ? html`<h3>Refused or failed</h3>
            <ul>
              ${listed}
            </ul>`
        : raw('')
    }`;
}

function evidence(c: Campaign): Html {
  const path = campaignPath(c.id);
  const digest = (hex: string | undefined) => (hex ? html` · SHA-256: <code class="digest">${hex}</code>` : raw(''));
  const done = c.status === 'completed';
  return html`<p>Every item with its reviewer, decision, time, comment, recommendation and apply result.</p>
    <ul>
      <li><a href="${path}/report.csv" download>Download CSV</a>${done ? digest(c.reportSha256.csv) : raw('')}</li>
      <li><a href="${path}/report.json" download>Download JSON</a>${done ? digest(c.reportSha256.json) : raw('')}</li>
    </ul>
    ${done ? html`<p class="hint">The SHA-256 of each file is also recorded in the audit log.</p>` : html`<p class="hint">The report is final, and its SHA-256 recorded, once the campaign completes.</p>`}`;
}

/** The confirm step before closing early: undecided items get the default decision now. */
export function renderCloseConfirm(viewer: Viewer, c: Campaign, undecided: number): string {
  const body = html`<p>
      Reviewers can no longer decide. ${undecided === 1 ? '1 undecided item gets' : `${undecided} undecided items get`}
      the default decision: ${DEFAULT_WORDS[c.definition.defaultDecision].toLowerCase()}.
    </p>
    ${postButton({
      action: `${campaignPath(c.id)}/close`,
      label: 'Close the campaign',
      csrfToken: viewer.csrfToken,
      fields: { confirmed: 'yes' },
      tone: 'danger',
    })}
    <p><a href="${campaignPath(c.id)}">Cancel</a></p>`;
  return layout({ title: `Close ${c.name} now?`, body, viewer, current: 'access-reviews' });
}
