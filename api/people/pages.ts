// The pages people see around signing in: home (anonymous or signed in), signed out, and the refusals the auth hook
// shows on page routes (401 with a sign-in link, 403, a stale form). Times render in UTC and are rewritten into the
// viewer's local time by /assets/local-time.js (a file, since the pages allow no inline script).
import type { FastifyReply } from 'fastify';
import type { PageRefusal, Principal, Role } from '../http/auth.js';
import { html, layout, raw, type Html } from '../pages/layout.js';
import { refuse } from '../pages/page.js';

export const LOCAL_TIME_SCRIPT_PATH = '/assets/local-time.js';

const ROLE_NAMES: Record<Role, string> = {
  admin: 'Admin',
  reader: 'Reader (admin, read-only)',
  approver: 'Approver',
  requester: 'Requester',
};

const localTimeScript = html`<script src="${LOCAL_TIME_SCRIPT_PATH}" defer></script>`;

/** A `<time>` showing UTC until the script rewrites it in the viewer's time zone. */
export const timeElement = (at: Date): Html =>
  html`<time datetime="${at.toISOString()}">${at.toISOString().replace('T', ' ').slice(0, 16)} UTC</time>`;

export function renderAnonymousHome(options: { signInAvailable: boolean; signInPath: string }): string {
  const action = options.signInAvailable
    ? html`<p><a class="button" href="${options.signInPath}">Sign in with Microsoft</a></p>`
    : html`<p class="problem" role="alert">
        Sign-in is not available: this Lantern has no Entra app registration configured. Ask a Lantern administrator.
      </p>`;
  return layout({
    title: 'Lantern',
    body: html`<p>Lantern gives people just-in-time access to groups, apps and roles in Microsoft Entra ID.</p>
      <p>Sign in with your work account to request access, or to decide the requests waiting for you.</p>
      ${action}`,
  });
}

export function renderPersonHome(options: { principal: Principal; expiresAt: Date; csrfToken: string }): string {
  const { principal } = options;
  const roles = principal.roles.map((role) => ROLE_NAMES[role]).join(', ');
  const links: Html[] = [];
  if (principal.roles.includes('requester')) links.push(html`<li><a href="/my-requests">My requests</a></li>`);
  if (principal.roles.includes('approver')) links.push(html`<li><a href="/approvals">Approvals</a></li>`);
  if (principal.roles.includes('admin') || principal.roles.includes('reader'))
    links.push(html`<li><a href="/admin">Admin: connectors</a></li>`);
  const onward =
    links.length > 0
      ? html`<nav aria-label="Lantern">
          <ul>
            ${links}
          </ul>
        </nav>`
      : html`<p class="problem" role="status">
          You are signed in, but Lantern gives your account no role yet. Ask a Lantern administrator if you need one.
        </p>`;
  return layout({
    title: `Welcome, ${principal.displayName ?? principal.upn ?? 'signed-in person'}`,
    body: html`<style>
        dt {
          font-weight: 600;
        }
        dd {
          margin: 0 0 0.5rem 0;
          overflow-wrap: anywhere;
        }
      </style>
      <div class="card">
        <dl>
          <dt>Name</dt>
          <dd>${principal.displayName ?? ''}</dd>
          <dt>Account</dt>
          <dd>${principal.upn ?? ''}</dd>
          <dt>Tenant</dt>
          <dd><code>${principal.tenantId ?? ''}</code></dd>
          <dt>Roles</dt>
          <dd>${roles || 'none'}</dd>
          <dt>Session ends</dt>
          <dd>${timeElement(options.expiresAt)}</dd>
        </dl>
      </div>
      ${onward}
      <form method="post" action="/sign-out">
        <input type="hidden" name="_csrf" value="${options.csrfToken}" />
        <button type="submit" class="secondary">Sign out</button>
      </form>
      ${localTimeScript}`,
  });
}

export function renderSignedOut(microsoftSignOutUrl: string | null): string {
  const microsoft = microsoftSignOutUrl
    ? html`<p>
        Your Microsoft account may still be signed in on this browser.
        <a href="${microsoftSignOutUrl}">Sign out of Microsoft too</a>
      </p>`
    : raw('');
  return layout({
    title: 'Signed out',
    body: html`<p class="ok" role="status">You are signed out of Lantern.</p>
      ${microsoft}
      <p><a class="button" href="/">Back to Lantern</a></p>`,
  });
}

export const refusePage: PageRefusal = (reply: FastifyReply, refusal) => {
  if (refusal.status === 401) {
    return refuse(reply, {
      status: 401,
      title: 'Sign in to continue',
      message: 'This page is for signed-in people. Sign in with your work account to see it.',
      next: { href: refusal.signInPath ?? '/sign-in', label: 'Sign in with Microsoft' },
    });
  }
  if (refusal.csrf) {
    return refuse(reply, {
      status: 403,
      title: 'This form has expired',
      message:
        'The form was not sent from this sign-in session (it may be stale). Nothing was changed: open the page again.',
      next: { href: '/', label: 'Back to Lantern' },
    });
  }
  return refuse(reply, {
    status: 403,
    title: 'You do not have access to this page',
    message: 'Your account does not hold the role this page needs. Ask a Lantern administrator if you need it.',
    next: { href: '/', label: 'Back to Lantern' },
  });
};

export const LOCAL_TIME_SCRIPT = `// Rewrites <time datetime> elements into the viewer's local date and time.
document.querySelectorAll('time[datetime]').forEach(function (el) {
  var at = new Date(el.getAttribute('datetime'));
  if (!isNaN(at.getTime())) el.textContent = at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
});
`;
