// Server-rendered pages of the sign-in experience: one small layout, readable on a phone, working without
// JavaScript, with field names Microsoft's pages use (loginfmt, passwd) so browser automation scripts carry over.

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:"Segoe UI",system-ui,sans-serif;background:#f2f2f2;margin:0;color:#1b1b1b}
main{background:#fff;max-width:440px;margin:2rem auto;padding:2rem 2.5rem;box-shadow:0 2px 6px rgba(0,0,0,.2)}
@media(max-width:480px){main{margin:0;padding:1.5rem;box-shadow:none}}
h1{font-size:1.5rem;font-weight:600;margin:0 0 1rem}label{display:block;margin:.75rem 0 .25rem}
input[type=email],input[type=password],input[type=text]{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:1px solid #666}
button{background:#0067b8;color:#fff;border:0;padding:.5rem 1.5rem;font-size:1rem;margin:1rem .5rem 0 0;min-height:2.5rem}
button.secondary{background:#ccc;color:#1b1b1b}.error{color:#e81123}.small{font-size:.8rem;color:#555}ul{padding-left:1.2rem}
</style></head>
<body><main>
<p class="small">Lantern Entra simulator</p>
${body}
</main></body></html>`;
}

const hidden = (name: string, value: string): string =>
  `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;

export interface SignInPageInput {
  action: string;
  flowId: string;
  loginHint?: string;
  error?: string;
  /** prompt=select_account with an SSO session: offer to continue as this account, or sign in as another. */
  signedInAs?: string;
}

export function signInPage(input: SignInPageInput): string {
  const error = input.error ? `<p class="error" role="alert" id="passwordError">${escapeHtml(input.error)}</p>` : '';
  // Below the sign-in form, so the first form stays the sign-in form for scripts that fill loginfmt/passwd.
  const picker = input.signedInAs
    ? `<h2>Or continue as the signed-in account</h2>
<form method="post" action="${escapeHtml(input.action)}">
${hidden('ctx', input.flowId)}${hidden('useSession', '1')}
<button type="submit" id="continueAsSignedIn">Continue as ${escapeHtml(input.signedInAs)}</button>
</form>`
    : '';
  return layout(
    'Sign in to your account',
    `<h1>${input.signedInAs ? 'Pick an account' : 'Sign in'}</h1>
${error}<form method="post" action="${escapeHtml(input.action)}">
${hidden('ctx', input.flowId)}
<label for="i0116">Email, phone, or Skype</label>
<input type="email" id="i0116" name="loginfmt" autocomplete="username" required value="${escapeHtml(input.loginHint ?? '')}">
<label for="i0118">Password</label>
<input type="password" id="i0118" name="passwd" autocomplete="current-password" required>
<button type="submit" id="idSIButton9">Sign in</button>
</form>${picker}`,
  );
}

export interface ConsentPageInput {
  action: string;
  flowId: string;
  appName: string;
  publisherDomain: string;
  signedInAs: string;
  applicationPermissions: string[];
  delegatedPermissions: string[];
  /** Admin consent: "Accept for your organization"; user consent by an admin may tick "on behalf of". */
  forOrganization: boolean;
  offerOnBehalfOf: boolean;
}

export function consentPage(input: ConsentPageInput): string {
  const list = (items: string[]): string => `<ul>${items.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>`;
  const app = input.applicationPermissions.length
    ? `<h2>Application permissions</h2>${list(input.applicationPermissions)}`
    : '';
  const delegated = input.delegatedPermissions.length
    ? `<h2>Delegated permissions</h2>${list(input.delegatedPermissions)}`
    : '';
  const onBehalf = input.offerOnBehalfOf
    ? '<p><input type="checkbox" id="onBehalf" name="onBehalfOfOrganization" value="true"> <label for="onBehalf" style="display:inline">Consent on behalf of your organization</label></p>'
    : '';
  return layout(
    'Permissions requested',
    `<h1>Permissions requested${input.forOrganization ? '<br><small>Accept for your organization</small>' : ''}</h1>
<p class="small">Signed in as ${escapeHtml(input.signedInAs)}</p>
<p><strong>${escapeHtml(input.appName)}</strong><br><span class="small">${escapeHtml(input.publisherDomain)}</span></p>
<p>This app would like to:</p>${app}${delegated}
<form method="post" action="${escapeHtml(input.action)}">
${hidden('ctx', input.flowId)}${onBehalf}
<button type="submit" name="decision" value="accept" id="idSIButton9">Accept</button>
<button type="submit" name="decision" value="cancel" class="secondary" id="idBtn_Back">Cancel</button>
</form>`,
  );
}

/** After GET …/oauth2/v2.0/logout; Entra redirects on its own, the simulator shows a link (see README). */
export function signedOutPage(returnUrl?: string): string {
  const back = returnUrl
    ? `<p><a id="returnToApp" href="${escapeHtml(returnUrl)}">Return to the application</a></p>`
    : '';
  return layout(
    'Sign out',
    `<h1>You signed out of your account</h1>
<p>It's a good idea to close all browser windows.</p>${back}`,
  );
}

export function errorPage(code: string, message: string, returnUrl?: string): string {
  const back = returnUrl ? `<p><a href="${escapeHtml(returnUrl)}">Return to the application</a></p>` : '';
  return layout(
    'Sign in to your account',
    `<h1>Sorry, but we’re having trouble signing you in.</h1>
<p class="error" role="alert">${escapeHtml(code)}: ${escapeHtml(message)}</p>${back}`,
  );
}

export function needAdminApprovalPage(appName: string, returnUrl: string): string {
  return layout(
    'Need admin approval',
    `<h1>Need admin approval</h1>
<p><strong>${escapeHtml(appName)}</strong> needs permission to access resources in your organization that only an admin can grant.
Please ask an admin to grant permission to this app before you can use it.</p>
<p class="error" role="alert">AADSTS90094: The grant requires admin permission.</p>
<p><a href="${escapeHtml(returnUrl)}">Return to the application without granting consent</a></p>`,
  );
}

/** response_mode=form_post: the script submits at once; the button does it without JavaScript. */
export function formPostPage(redirectUri: string, params: Record<string, string>): string {
  const fields = Object.entries(params)
    .map(([k, v]) => hidden(k, v))
    .join('\n');
  return layout(
    'Working...',
    `<form method="post" action="${escapeHtml(redirectUri)}">
${fields}
<noscript><p>Script is disabled. Click Submit to continue.</p></noscript>
<button type="submit">Submit</button></form>
<script>document.forms[0].submit()</script>`,
  );
}
