// The pages people see around signing in: home (anonymous or signed in), signed out, and the refusals the auth hook
// shows on page routes (401 with a sign-in link, 403, a stale form).
import type { FastifyReply } from 'fastify';
import type { PageRefusal, Principal, Role } from '../http/auth.js';
import { facts, timeElement } from '../pages/components.js';
import { html, layout, NAV_ITEMS, raw } from '../pages/layout.js';
import { refuse } from '../pages/page.js';

const ROLE_NAMES: Record<Role, string> = {
  admin: 'Admin',
  reader: 'Reader (admin, read-only)',
  approver: 'Approver',
  requester: 'Requester',
};

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
  const sections = NAV_ITEMS.filter((item) => item.roles.some((role) => principal.roles.includes(role)));
  const onward =
    sections.length > 0
      ? html`<h2>Where to go</h2>
          <ul>
            ${sections.map((item) => html`<li><a href="${item.href}">${item.label}</a></li>`)}
          </ul>`
      : html`<p class="problem" role="status">
          You are signed in, but Lantern gives your account no role yet. Ask a Lantern administrator if you need one.
        </p>`;
  return layout({
    title: `Welcome, ${principal.displayName ?? principal.upn ?? 'signed-in person'}`,
    viewer: { principal, csrfToken: options.csrfToken },
    narrow: true,
    body: html`<div class="card">
        ${facts([
          ['Name', principal.displayName ?? ''],
          ['Account', principal.upn ?? ''],
          ['Tenant', html`<code>${principal.tenantId ?? ''}</code>`],
          ['Roles', roles || 'none'],
          ['Session ends', timeElement(options.expiresAt, { relative: true })],
        ])}
      </div>
      ${onward}`,
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
