// The connector setup page: one rendering per onboarding stage, each saying what happened, what to do next and who
// can do it. Forms POST (no GET changes anything); the signed link travels as a hidden field, never in a log. The
// "Connected" page's sections live in connected-sections.ts.
import type { OnboardingStatus, Stage } from '../../workflows/onboarding/messages.js';
import { html, layout, raw, type Html } from '../pages/layout.js';
import { at, consentedBy, onward, renderFirstSync, renderSync } from './connected-sections.js';
import type { FirstSync } from './first-sync.js';
import type { SetupSigner } from './signer-cookie.js';

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
  firstSync?: FirstSync | null;
  /** The Global Administrator verified in this browser, if any: who consent will be recorded for. */
  signer?: SetupSigner | null;
  /** The application permissions the consent asks for, each with why. */
  permissions?: { permission: string; why: string }[];
  /** Where a connected owner goes on: Lantern's home (sign in) and the connector in the API. */
  links?: { home: string; api: string };
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

function actionForm(action: string, token: string, label: string, extra: Html = raw(''), secondary = false): Html {
  return html`<form method="post" action="${action}">
    <input type="hidden" name="token" value="${token}" />${extra}<button
      type="submit"
      ${secondary ? raw('class="secondary"') : raw('')}
    >
      ${label}
    </button>
  </form>`;
}

/** The tenant by name and verified domain (the GUID alone tells an owner nothing), with who chose it. */
function tenantCard(status: OnboardingStatus): Html {
  if (!status.tenantId) return raw('');
  const name = status.tenantName
    ? html`<strong id="tenant-name">${status.tenantName}</strong>${
          status.tenantDomain ? html` (<span id="tenant-domain">${status.tenantDomain}</span>)` : raw('')
        }<br />`
    : raw('');
  return html`<p>
    Tenant:
    ${name}<code>${status.tenantId}</code>${status.firstSignIn ? html` — chosen by ${status.firstSignIn.upn}` : raw('')}
  </p>`;
}

function permissionList(permissions: SetupPageInput['permissions']): Html {
  if (!permissions?.length) return raw('');
  return html`<p>Lantern asks for these application permissions:</p>
    <ul id="permissions">
      ${permissions.map(({ permission, why }) => html`<li><code>${permission}</code>: ${why}</li>`)}
    </ul>`;
}

function consentStep(input: SetupPageInput): Html {
  const { status, connectorPath, linkToken, signer } = input;
  if (!signer)
    return html`<div class="card">
      <p>
        Sign in as a Global Administrator of this tenant first: Lantern records which administrator granted consent.
      </p>
      ${actionForm(`${connectorPath}/sign-in`, linkToken, 'Sign in with Microsoft')}
    </div>`;
  const tenantName = status.tenantName ?? status.tenantId ?? 'this tenant';
  const confirm = html`<p>
    <label
      ><input type="checkbox" name="confirmTenant" value="yes" required /> This is the tenant Lantern should govern:
      ${tenantName}</label
    >
  </p>`;
  return html`<div class="card">
    <p>Signed in as <strong id="signer">${signer.upn}</strong> (Global Administrator).</p>
    ${permissionList(input.permissions)}
    <p>
      Microsoft will show the same permissions. Accept them <strong>on behalf of your organization</strong>. If you
      decline, nothing changes and you can try again.
    </p>
    ${actionForm(`${connectorPath}/consent`, linkToken, 'Grant admin consent', confirm)}
    <p>Not the right account or tenant?</p>
    ${actionForm(`${connectorPath}/sign-in`, linkToken, 'Sign in with another account', raw(''), true)}
  </div>`;
}

export function renderSetupPage(input: SetupPageInput): {
  title: string;
  page: string;
} {
  const { status, connectorPath, linkToken, sync } = input;
  const problem = status.problem ? html`<p class="problem" role="alert">${status.problem}</p>` : raw('');
  const tenant = tenantCard(status);
  const expires = html`<p>This setup expires at ${at(status.expiresAt)}.</p>`;
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
      body = html`${problem}${tenant}${consentStep(input)} ${expires}`;
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
      // Until the first sync has a result, the page refreshes itself to show it.
      refreshSeconds =
        (sync && sync.running > 0) || !input.firstSync || input.firstSync.status === 'running' ? 5 : undefined;
      body = html`<p class="ok" role="status">${status.displayName} is connected.</p>
        ${tenant}${consentedBy(status)}${renderFirstSync(input.firstSync)}${renderSync(sync)}${onward(input.links)}`;
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
