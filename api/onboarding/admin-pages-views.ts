// The admin's view of an onboarding: the progress page that follows the owners through invited → signed in → consented → signed in again → connected, with
// reminders, expiry, the workflow in the Temporal UI, the first sync's counts, and Resend / Cancel / Restart.
import type { FirstSync } from './first-sync.js';
import type { OnboardingStatus, Stage } from '../../workflows/onboarding/messages.js';
import { onboardingWorkflowId } from '../../workflows/onboarding/messages.js';
import { csrfField, facts, notice, postButton, problem, statusLabel, timeElement } from '../pages/components.js';
import { html, layout, raw, type Html, type Viewer } from '../pages/layout.js';
import { workflowLink, type TemporalUi } from '../pages/temporal-ui.js';
import { countsText } from '../connectors/pages-status.js';

export const PROGRESS_NOTICES = {
  started: 'The onboarding has started: the owners are being emailed their setup link.',
  resent: 'The owners are being emailed their setup link again.',
  cancelled: 'The onboarding is being cancelled.',
  restarted: 'The onboarding has started again: the owners are being emailed a new setup link.',
} as const;

const FINAL: readonly Stage[] = ['connected', 'expired', 'cancelled'];

/** Nothing more will change on its own: the setup ended, and once connected, its first sync has finished. */
const settled = ({ status, firstSync }: Pick<ProgressView, 'status' | 'firstSync'>): boolean =>
  FINAL.includes(status.stage) &&
  (status.stage !== 'connected' || (firstSync !== null && firstSync.status !== 'running'));
const OWNER_STEPS: readonly Stage[] = [
  'notifying_owners',
  'awaiting_first_login',
  'awaiting_admin_consent',
  'awaiting_second_login',
];

export interface ProgressView {
  viewer: Viewer;
  status: OnboardingStatus;
  firstSync: FirstSync | null;
  ui: TemporalUi;
  done?: keyof typeof PROGRESS_NOTICES | undefined;
}

interface Step {
  label: string;
  done: boolean;
  by?: string | undefined;
}

function stepsOf(status: OnboardingStatus): Step[] {
  const reached = (stage: Stage) => {
    const order: Stage[] = [
      'notifying_owners',
      'awaiting_first_login',
      'awaiting_admin_consent',
      'awaiting_second_login',
      'verifying',
      'connected',
    ];
    return order.indexOf(status.stage) > order.indexOf(stage);
  };
  return [
    { label: 'Owners invited', done: reached('notifying_owners') || status.remindersSent > 0 },
    { label: 'An owner signed in', done: Boolean(status.firstSignIn), by: status.firstSignIn?.upn },
    { label: 'Admin consent granted', done: Boolean(status.consentedBy), by: status.consentedBy?.upn },
    { label: 'An owner signed in again', done: Boolean(status.secondSignIn), by: status.secondSignIn?.upn },
    { label: 'Connected', done: status.stage === 'connected' },
  ];
}

const STAGE_LABELS: Record<Stage, [string, 'good' | 'warn' | 'bad' | 'busy' | 'plain']> = {
  notifying_owners: ['Inviting the owners', 'busy'],
  awaiting_first_login: ['Waiting for an owner to sign in', 'warn'],
  awaiting_admin_consent: ['Waiting for admin consent', 'warn'],
  awaiting_second_login: ['Waiting for an owner to sign in again', 'warn'],
  verifying: ['Checking the granted permissions', 'busy'],
  connected: ['Connected', 'good'],
  expired: ['Expired', 'bad'],
  cancelled: ['Cancelled', 'plain'],
};

/** The part of the page the live script (onboarding-progress.js) replaces while the setup moves on. */
export function progressSection(view: ProgressView): Html {
  const { status, firstSync } = view;
  const final = FINAL.includes(status.stage);
  const [stageText, tone] = STAGE_LABELS[status.stage];
  const steps = stepsOf(status);
  const current = steps.findIndex((step) => !step.done);
  const items = steps.map(
    (step, index) =>
      html`<li${raw(index === current && !final ? ' aria-current="step"' : '')}>
        <span class="${step.done ? 'done' : 'muted'}">${step.done ? '✓ ' : ''}${step.label}</span>${step.by ? html` <span class="muted">(${step.by})</span>` : html``}
      </li>`,
  );
  const sync = firstSync
    ? html`<h2>First sync</h2>
        ${facts([
          [
            'Result',
            firstSync.status === 'failed'
              ? `Failed: ${firstSync.error ?? 'no reason recorded'}`
              : firstSync.status === 'running'
                ? 'Running'
                : 'Succeeded',
          ],
          ['Found', countsText(firstSync.counts)],
          ['Started', timeElement(firstSync.startedAt, { relative: true })],
          ['Finished', firstSync.finishedAt ? timeElement(firstSync.finishedAt, { relative: true }) : 'Still running'],
        ])}`
    : html``;
  return html`<section
    id="onboarding-progress"
    aria-labelledby="progress-heading"
    data-final="${settled(view) ? 'true' : 'false'}"
  >
    <h2 id="progress-heading">Progress</h2>
    <p>${statusLabel(stageText, tone)}</p>
    ${problem(status.problem)}
    <ol class="steps">
      ${items}
    </ol>
    ${facts([
      ['Owners', status.owners.join(', ')],
      [
        'Tenant',
        status.tenantId
          ? `${status.tenantName ?? status.tenantDomain ?? ''} ${status.tenantId}`.trim()
          : 'Not known yet',
      ],
      ['Reminders sent', status.remindersSent],
      ['Expires', final ? undefined : timeElement(status.expiresAt, { relative: true })],
      ['Missing permissions', status.missingPermissions.length > 0 ? status.missingPermissions.join(', ') : undefined],
    ])}
    ${sync}
  </section>`;
}

export function renderProgressPage(view: ProgressView): string {
  const { viewer, status } = view;
  const path = `/admin/onboardings/${encodeURIComponent(status.connectorId)}`;
  const token = viewer.csrfToken;
  const isAdmin = viewer.principal.roles.includes('admin');
  const inProgress = !FINAL.includes(status.stage);
  const buttons: Html[] = [];
  if (isAdmin && OWNER_STEPS.includes(status.stage))
    buttons.push(
      postButton({ action: `${path}/resend`, label: 'Resend', csrfToken: token, ariaLabel: 'Resend the setup link' }),
    );
  if (isAdmin && !inProgress && status.stage !== 'connected')
    buttons.push(postButton({ action: `${path}/restart`, label: 'Restart', csrfToken: token }));
  const cancel =
    isAdmin && inProgress
      ? html`<h2>Cancel this onboarding</h2>
          <form method="post" action="${path}/cancel" class="card">
            ${csrfField(token)}
            <div class="field">
              <label for="cancel-reason">Reason</label>
              <span class="hint" id="cancel-reason-hint"
                >Optional; the owners' links stop working (at most 500 characters)</span
              >
              <input
                type="text"
                id="cancel-reason"
                name="reason"
                maxlength="500"
                class="wide"
                aria-describedby="cancel-reason-hint"
              />
            </div>
            <button type="submit" class="danger">Cancel</button>
          </form>`
      : html``;
  const body = html`${notice(view.done ? PROGRESS_NOTICES[view.done] : null)} ${progressSection(view)}
    <p class="actions">
      ${workflowLink(view.ui, onboardingWorkflowId(status.connectorId), 'Open the onboarding in Temporal')}
      <a href="/admin/connectors/${encodeURIComponent(status.connectorId)}">Connector page</a>
    </p>
    ${buttons.length > 0 ? html`<div class="actions">${buttons}</div>` : html``} ${cancel}
    <p><a href="/admin/connectors">Back to connectors</a></p>`;
  return layout({
    title: `Onboarding ${status.displayName}`,
    body,
    viewer,
    current: 'connectors',
    scripts: settled(view) ? [] : ['onboarding-progress.js'],
  });
}
