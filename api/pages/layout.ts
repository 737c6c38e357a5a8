// The one layout of Lantern's server-rendered pages: readable on a phone (viewport, fluid width, large targets),
// accessible (lang, landmarks, a skip link, headings, focus outlines, contrast) and working without JavaScript. Styles
// and scripts are files under /assets (assets.ts), so the Content-Security-Policy allows no inline code at all.
// A signed-in viewer gets the site navigation for their roles and a sign-out form.
import { escapeHtml, html, raw, type Html } from '../../lib/html.js';
import type { Principal, Role } from '../http/auth.js';

export { escapeHtml, html, raw, type Html } from '../../lib/html.js';

export const STYLESHEET_PATH = '/assets/lantern.css';
export const LOCAL_TIME_SCRIPT_PATH = '/assets/local-time.js';

/** Who is looking at the page: their roles choose the navigation; the token goes into every form they can post. */
export interface Viewer {
  principal: Principal;
  csrfToken: string | null;
}

interface NavItem {
  key: string;
  href: string;
  label: string;
  roles: Role[];
}

/** The site's sections, in the order they are shown; each is offered to the roles that may open it. */
export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'my-access', href: '/access', label: 'My access', roles: ['requester'] },
  { key: 'request', href: '/request', label: 'Request access', roles: ['requester'] },
  { key: 'approvals', href: '/approvals', label: 'Approvals', roles: ['approver'] },
  { key: 'reviews', href: '/reviews', label: 'Reviews', roles: ['requester', 'approver'] },
  { key: 'connectors', href: '/admin/connectors', label: 'Connectors', roles: ['admin', 'reader'] },
  { key: 'policies', href: '/admin/policies', label: 'Policies', roles: ['admin', 'reader'] },
  { key: 'shadow-apps', href: '/admin/shadow-apps', label: 'Shadow apps', roles: ['admin', 'reader'] },
  { key: 'access-reviews', href: '/admin/reviews', label: 'Access reviews', roles: ['admin', 'reader'] },
  { key: 'audit', href: '/admin/audit', label: 'Audit', roles: ['admin', 'reader'] },
  { key: 'api-tokens', href: '/admin/api-tokens', label: 'API tokens', roles: ['admin', 'reader'] },
];

export type NavKey = (typeof NAV_ITEMS)[number]['key'];

export interface LayoutOptions {
  title: string;
  body: Html;
  /** The signed-in person: adds the navigation and sign-out. Absent on public pages (links, refusals, sign-in). */
  viewer?: Viewer | null | undefined;
  /** Which navigation entry this page is (marked aria-current). */
  current?: NavKey | undefined;
  /** Extra scripts from /assets (file names), loaded deferred after local-time.js. */
  scripts?: string[] | undefined;
  refreshSeconds?: number | undefined;
  /** Narrow column for short pages (messages, sign-in); default: narrow unless a viewer is signed in. */
  narrow?: boolean | undefined;
  status?: number;
}

function siteHeader(viewer: Viewer | null | undefined, current: NavKey | undefined): Html {
  if (!viewer) return html`<header class="site"><a class="brand" href="/">Lantern</a></header>`;
  const { principal } = viewer;
  const items = NAV_ITEMS.filter((item) => item.roles.some((role) => principal.roles.includes(role))).map(
    (item) =>
      html`<li>
        <a href="${item.href}" ${raw(item.key === current ? ' aria-current="page"' : '')}>${item.label}</a>
      </li>`,
  );
  const who = principal.displayName ?? principal.upn ?? principal.id;
  const signOut =
    principal.kind === 'session'
      ? html`<form method="post" action="/sign-out">
          <input type="hidden" name="_csrf" value="${viewer.csrfToken ?? ''}" />
          <span class="who">${who}</span> <button type="submit">Sign out</button>
        </form>`
      : html`<span class="who">${who}</span>`;
  return html`<header class="site">
    <a class="brand" href="/">Lantern</a>
    <nav aria-label="Lantern">
      <ul>
        ${items}
      </ul>
    </nav>
    ${signOut}
  </header>`;
}

export function layout(options: LayoutOptions): string {
  const refresh = options.refreshSeconds ? `<meta http-equiv="refresh" content="${options.refreshSeconds}">` : '';
  const narrow = options.narrow ?? !options.viewer;
  const scripts = [LOCAL_TIME_SCRIPT_PATH, ...(options.scripts ?? []).map((name) => `/assets/${name}`)]
    .map((src) => `<script src="${escapeHtml(src)}" defer></script>`)
    .join('');
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex">${refresh}<title>${escapeHtml(options.title)} · Lantern</title>` +
    `<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="${STYLESHEET_PATH}">${scripts}</head><body><a class="skip" href="#main">Skip to content</a>` +
    `${siteHeader(options.viewer, options.current).html}<main id="main"${narrow ? ' class="narrow"' : ''}><h1>${escapeHtml(options.title)}</h1>${options.body.html}</main></body></html>`
  );
}
