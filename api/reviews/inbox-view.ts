// A reviewer's pages: /reviews (the campaigns with items for them) and /reviews/<campaignId> (their items, filtered,
// sorted, 50 a page). Every checkbox and every item's Keep / Remove button belongs to the one decision form through
// form="decide" (forms cannot nest), so one comment serves a single item or many, without script; inbox.js only
// adds "Select all on this page". A closed campaign shows the decisions and no controls.
import type { Campaign, ReviewItemView } from '../../catalog/reviews/index.js';
import { csrfField, notice, selectField, textField, timeElement } from '../pages/components.js';
import { html, layout, raw, type Html, type Viewer } from '../pages/layout.js';
import { campaignStatusLabel, grantWords, inboxPath, isOpen, savedNotice } from './pages-parts.js';

export interface MyCampaign {
  campaign: Campaign;
  undecided: number;
  assigned: number;
}

export function renderMyReviews(viewer: Viewer, mine: MyCampaign[]): string {
  const cards = mine.map(
    ({ campaign: c, undecided, assigned }) =>
      html`<li class="card">
        <h2><a href="${inboxPath(c.id)}">${c.name}</a></h2>
        <p>
          ${campaignStatusLabel(c.status)} · due ${timeElement(c.dueAt, { relative: true })} ·
          <strong>${undecided} to review</strong> of ${assigned}
        </p>
      </li>`,
  );
  const body = cards.length
    ? html`<p>
          Confirm whether people should keep their access. Undecided items get the campaign's default at the due date.
        </p>
        <ul class="cards">
          ${cards}
        </ul>`
    : html`<p>No access reviews for you right now.</p>`;
  return layout({ title: 'Reviews', body, viewer, current: 'reviews' });
}

export interface InboxFilter {
  show: 'undecided' | 'keep' | 'remove' | 'all';
  rec: 'any' | 'remove' | 'keep' | 'none';
  q: string;
  sort: 'principal' | 'resource' | 'lastSignIn' | 'recommendation';
}

export interface InboxPage {
  viewer: Viewer;
  campaign: Campaign;
  filter: InboxFilter;
  items: ReviewItemView[];
  total: number;
  nextCursor: string | null;
  /** Entra object id → display name, for "decided by". */
  names: Map<string, string>;
  saved?: number | undefined;
}

const REC_WORDS = { keep: 'Keep', remove: 'Remove', none: 'No recommendation' } as const;

export function renderInbox(p: InboxPage): string {
  const c = p.campaign;
  const open = isOpen(c);
  const due = open
    ? html`Due ${timeElement(c.dueAt, { relative: true })} (${timeElement(c.dueAt)}).`
    : html`${campaignStatusLabel(c.status)} This campaign is closed: decisions can no longer change.`;
  const body = html`${notice(p.saved ? savedNotice(p.saved) : null)}
    <p>${due}</p>
    ${filterForm(p)}
    <p aria-live="polite">${p.total === 1 ? '1 item matches' : `${p.total} items match`}.</p>
    ${open && p.items.length ? decideForm(p) : raw('')}
    ${
      p.items.length
        ? html`<ul class="inbox">
            ${p.items.map((item, i) => card(p, item, i, open))}
          </ul>`
        : html`<p>
            ${p.filter.show === 'undecided' && !p.filter.q ? 'Nothing left to decide. Choose Show: All to see your decisions.' : 'Nothing matches these filters.'}
          </p>`
    }
    ${p.nextCursor ? html`<nav class="paging" aria-label="More items"><a href="${pageUrl(p, p.nextCursor)}">Next page</a></nav>` : raw('')}
    <p><a href="/reviews">All my reviews</a></p>`;
  return layout({
    title: c.name,
    body,
    viewer: p.viewer,
    current: 'reviews',
    scripts: open ? ['inbox.js'] : [],
  });
}

function pageUrl(p: InboxPage, cursor: string): string {
  const f = p.filter;
  const query = new URLSearchParams({ show: f.show, rec: f.rec, q: f.q, sort: f.sort, cursor });
  return `${inboxPath(p.campaign.id)}?${query}`;
}

function filterForm(p: InboxPage): Html {
  const f = p.filter;
  return html`<form method="get" action="${inboxPath(p.campaign.id)}" class="filters" aria-label="Filter items">
    ${selectField({
      id: 'show',
      name: 'show',
      label: 'Show',
      value: f.show,
      options: [
        ['undecided', 'To decide'],
        ['keep', 'Kept'],
        ['remove', 'Removed'],
        ['all', 'All'],
      ],
    })}
    ${selectField({
      id: 'rec',
      name: 'rec',
      label: 'Recommendation',
      value: f.rec,
      options: [
        ['any', 'Any'],
        ['remove', 'Remove'],
        ['keep', 'Keep'],
        ['none', 'None'],
      ],
    })}
    ${textField({ id: 'q', name: 'q', label: 'Search', value: f.q, attributes: { maxlength: 200, autocomplete: 'off' } })}
    ${selectField({
      id: 'sort',
      name: 'sort',
      label: 'Sort',
      value: f.sort,
      options: [
        ['principal', 'Principal'],
        ['resource', 'Resource'],
        ['lastSignIn', 'Last sign-in'],
        ['recommendation', 'Recommendation'],
      ],
    })}
    <div class="field"><button type="submit">Apply filters</button></div>
  </form>`;
}

function decideForm(p: InboxPage): Html {
  return html`<form id="decide" method="post" action="${inboxPath(p.campaign.id)}/decide" class="bulk card">
    ${csrfField(p.viewer.csrfToken)}
    <h2>Decide</h2>
    <p class="hint">
      Tick items below and keep or remove them all, or use an item's own Keep or Remove button. The comment goes with
      either.
    </p>
    <p
      class="hint"
      id="selected-count"
      aria-live="polite"
      data-noun="item"
      data-select-all="Select all on this page"
    ></p>
    <div class="field">
      <label for="comment">Comment</label><textarea id="comment" name="comment" rows="2" maxlength="2000"></textarea>
    </div>
    <p>
      <button type="submit" name="decision" value="keep">Keep selected</button>
      <button type="submit" name="decision" value="remove" class="danger">Remove selected</button>
    </p>
  </form>`;
}

function who(p: InboxPage, item: ReviewItemView): string {
  if (item.decisionSource === 'default') return 'the campaign default';
  if (!item.decidedBy) return 'someone';
  if (item.decidedBy === p.viewer.principal.subject) return 'you';
  return p.names.get(item.decidedBy) ?? item.decidedBy;
}

function lastSignIn(p: InboxPage, item: ReviewItemView): Html {
  if (item.lastSignInAt) return timeElement(item.lastSignInAt, { relative: true });
  return html`${p.campaign.signInKnown === false ? 'Unknown' : 'Never'}`;
}

/** Via a group (decided on the group) and immutable in Entra (a remove cannot be applied): said up front. */
function notes(item: ReviewItemView): Html {
  const via = item.viaGroupId
    ? html`<p class="hint">
        Through the group ${item.viaGroupName ?? item.viaGroupId}: decided on that group, not here.
      </p>`
    : raw('');
  const why = (item.applicabilityReason ?? '').replace(/^Cannot be applied in Entra:?\s*/i, '');
  const immutable =
    item.applicability === 'immutable'
      ? html`<p class="hint"><strong>Cannot be applied in Entra</strong>${why ? `: ${why}` : ''}</p>`
      : raw('');
  return html`${via}${immutable}`;
}

function decisionLine(p: InboxPage, item: ReviewItemView): Html {
  if (!item.decision) return html`<p class="decision">Not decided yet.</p>`;
  return html`<p class="decision">
    <strong>Decision: ${item.decision === 'keep' ? 'Keep' : 'Remove'}</strong>, by ${who(p, item)}
    ${timeElement(item.decidedAt, { relative: true })}${item.comment ? html` — “${item.comment}”` : raw('')}
  </p>`;
}

/** The item's checkbox and its own Keep / Remove buttons, all part of the one decision form (form="decide"). */
function controls(item: ReviewItemView, index: number, what: string): { select: Html; buttons: Html } {
  return {
    select: html`<p class="select">
      <input type="checkbox" form="decide" name="itemIds" value="${item.id}" id="select-${index}" />
      <label for="select-${index}">Select ${what}</label>
    </p>`,
    buttons: html`<p>
      <button type="submit" form="decide" name="only" value="keep:${item.id}" aria-label="Keep ${what}">Keep</button>
      <button
        type="submit"
        form="decide"
        name="only"
        value="remove:${item.id}"
        class="danger"
        aria-label="Remove ${what}"
      >
        Remove
      </button>
    </p>`,
  };
}

function card(p: InboxPage, item: ReviewItemView, index: number, open: boolean): Html {
  const principal = item.principalName;
  const upn = item.principalUpn ? html` <span class="hint">${item.principalUpn}</span>` : raw('');
  const tags = [
    item.userType === 'Guest' ? html` <span class="label warn">Guest</span>` : raw(''),
    item.accountEnabled ? raw('') : html` <span class="label bad">Disabled</span>`,
  ];
  const decidable = open && item.applicability !== 'via_group';
  const own = decidable
    ? controls(item, index, `${principal} — ${grantWords(item)}`)
    : { select: raw(''), buttons: raw('') };
  return html`<li class="card">
    ${own.select}
    <h2>${principal}${upn}${tags}</h2>
    <p>${grantWords(item)}</p>
    ${notes(item)}
    <p>Last sign-in: ${lastSignIn(p, item)}</p>
    <p>Recommendation: <strong>${REC_WORDS[item.recommendation]}</strong> — ${item.recommendationReason}</p>
    ${decisionLine(p, item)} ${own.buttons}
  </li>`;
}
