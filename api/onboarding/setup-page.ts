// The connector setup page: one rendering per onboarding stage, each saying what happened, what to do next and who
// can do it. Forms POST (no GET changes anything); the signed link travels as a hidden field, never in a log.
import { readableTime } from '../../lib/time-text.js';
import type { OnboardingStatus, Stage } from '../../workflows/onboarding/messages.js';
import { html, layout, raw, type Html } from '../pages/layout.js';

export interface SyncSummary {
  scheduleId: string;
  running: number;
  lastRunAt: string | null;
  nextRunAt: string | null;
}

export interface SetupPageInput {
  status: OnboardingStatus;
  connectorPath: string;
  linkToken: string;
  sync?: SyncSummary | null;
}

const STEPS: { stage: Stage; label: string }[] = [
  { stage: 'awaiting_first_login', label: 'Sign in with Microsoft (Global Administrator)' },
  { stage: 'awaiting_admin_consent', label: 'Grant admin consent to Lantern' },
  { stage: 'awaiting_second_login', label: 'Sign in again so Lantern can check its permissions' },
  { stage: 'connected', label: 'Connected: the first sync starts' },
];
const ORDER: Stage[] = [
  'notifying_owners',
  'awaiting_first_login',
  'awaiting_admin_consent',
  'awaiting_second_login',
  'verifying',
  'connected',
];

function stepList(stage: Stage): Html {
  const at = ORDER.indexOf(stage === 'verifying' ? 'awaiting_second_login' : stage);
  return html`<ol class="steps">
    ${STEPS.map((step) => {
      const index = ORDER.indexOf(step.stage);
      if (index === at) return html`<li aria-current="step">${step.label}</li>`;
      return index < at ? html`<li class="done">${step.label} — done</li>` : html`<li>${step.label}</li>`;
    })}
  </ol>`;
}

function actionForm(action: string, token: string, label: string): Html {
  return html`<form method="post" action="${action}">
    <input type="hidden" name="token" value="${token}" /><button type="submit">${label}</button>
  </form>`;
}

export function renderSetupPage({ status, connectorPath, linkToken, sync }: SetupPageInput): {
  title: string;
  page: string;
} {
  const problem = status.problem ? html`<p class="problem" role="alert">${status.problem}</p>` : raw('');
  const tenant = status.tenantId
    ? html`<p>
        Tenant:
        <code>${status.tenantId}</code>${status.firstSignIn ? html` (chosen by ${status.firstSignIn.upn})` : raw('')}
      </p>`
    : raw('');
  const expires = html`<p>This setup expires at ${readableTime(status.expiresAt)}.</p>`;
  let title: string;
  let body: Html;
  let refreshSeconds: number | undefined;
  switch (status.stage) {
    case 'notifying_owners':
    case 'awaiting_first_login':
      title = 'Step 1 of 3: sign in with Microsoft';
      body = html`${problem}
        <div class="card">
          <p>
            Sign in with a work account that holds the <strong>Global Administrator</strong> role in the tenant you want
            Lantern to govern. Lantern checks the role; it does not keep your sign-in.
          </p>
          ${actionForm(`${connectorPath}/sign-in`, linkToken, 'Sign in with Microsoft')}
        </div>
        ${expires}`;
      break;
    case 'awaiting_admin_consent':
      title = 'Step 2 of 3: grant admin consent';
      body = html`${problem}${tenant}
        <div class="card">
          <p>
            Microsoft will show the application permissions Lantern asks for. Accept them
            <strong>on behalf of your organization</strong>. If you decline, nothing changes and you can try again.
          </p>
          ${actionForm(`${connectorPath}/consent`, linkToken, 'Grant admin consent')}
        </div>
        ${expires}`;
      break;
    case 'awaiting_second_login':
      title = 'Step 3 of 3: sign in again';
      body = html`${problem}${
          status.missingPermissions.length
            ? html`<div class="card">
                <p>Lantern's token for the tenant still lacks:</p>
                <ul>
                  ${status.missingPermissions.map((p) => html`<li><code>${p}</code></li>`)}
                </ul>
                <p>
                  Consent can take a few minutes to reach Microsoft's token service. Wait a minute, then sign in again;
                  if it persists, grant consent again.
                </p>
              </div>`
            : raw('')
        }${tenant}
        <div class="card">
          <p>
            Sign in once more with a Global Administrator account of the same tenant. Lantern then checks that every
            permission it needs was granted.
          </p>
          ${actionForm(`${connectorPath}/sign-in`, linkToken, 'Sign in with Microsoft again')}
        </div>
        ${expires}`;
      break;
    case 'verifying':
      title = "Checking Lantern's permissions";
      refreshSeconds = 2;
      body = html`${tenant}
        <p role="status">
          Lantern is checking its permissions in the tenant. This page refreshes by itself; you can also
          <a href="">refresh it</a>.
        </p>`;
      break;
    case 'connected':
      title = 'Connected';
      refreshSeconds = sync && sync.running > 0 ? 5 : undefined;
      body = html`<p class="ok" role="status">
          ${status.displayName} is
          connected${status.tenantId ? html` to tenant <code>${status.tenantId}</code>` : raw('')}.
        </p>
        ${renderSync(sync)}`;
      break;
    case 'expired':
      title = 'This setup has expired';
      body = html`<p class="problem">
        The setup was not finished in time. Ask a Lantern administrator to restart it; you will get a new email.
      </p>`;
      break;
    case 'cancelled':
      title = 'This setup was cancelled';
      body = html`<p>A Lantern administrator cancelled this setup. Nothing more is needed from you.</p>`;
      break;
  }
  return {
    title,
    page: layout({
      title,
      refreshSeconds,
      body: html`<p>Connector: <strong>${status.displayName}</strong></p>
        ${stepList(status.stage)}${body}`,
    }),
  };
}

function renderSync(sync: SyncSummary | null | undefined): Html {
  if (!sync) return html`<p>The sync schedule is being created.</p>`;
  const state =
    sync.running > 0
      ? 'First sync running'
      : sync.lastRunAt
        ? `Last sync started ${sync.lastRunAt}`
        : 'Waiting for the first sync';
  return html`<div class="card">
    <h2>Sync</h2>
    <p id="sync-status">${state}.</p>
    ${sync.nextRunAt ? html`<p>Next scheduled sync: ${sync.nextRunAt}</p>` : raw('')}
  </div>`;
}
