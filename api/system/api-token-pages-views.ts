// What the API tokens pages show: the tokens (never their secret), the create form, the new token once, and the
// confirmation before revoking one.
import type { ApiTokenRecord } from '../../catalog/people/api-tokens.js';
import type { ConnectorRecord } from '../../catalog/connectors.js';
import {
  csrfField,
  notice,
  nothing,
  postButton,
  selectField,
  statusLabel,
  table,
  textField,
  timeElement,
} from '../pages/components.js';
import { html, layout, type Html, type Viewer } from '../pages/layout.js';
import { MAX_API_TOKEN_DAYS } from './api-tokens.js';

export const TOKEN_NOTICES = { revoked: 'The API token was revoked: it no longer works.' } as const;

export type TokenFormField = 'name' | 'role' | 'connectorId' | 'expiresInDays';
export type TokenForm = Record<TokenFormField, string>;
export const EMPTY_TOKEN_FORM: TokenForm = { name: '', role: 'reader', connectorId: '', expiresInDays: '90' };

export interface TokenListView {
  viewer: Viewer;
  tokens: ApiTokenRecord[];
  connectors: ConnectorRecord[];
  mayCreate: boolean;
  form: TokenForm;
  errors?: Partial<Record<TokenFormField, string>> | undefined;
  done?: keyof typeof TOKEN_NOTICES | undefined;
  /** The token just created: shown this once. */
  created?: { record: ApiTokenRecord; token: string } | undefined;
}

function tokenState(token: ApiTokenRecord, now: Date): Html {
  if (token.revokedAt) return statusLabel('Revoked', 'bad');
  if (token.expiresAt <= now) return statusLabel('Expired', 'warn');
  return statusLabel('Active', 'good');
}

function tokenRow(token: ApiTokenRecord, view: TokenListView, now: Date): Html {
  const live = !token.revokedAt && token.expiresAt > now;
  const revoke =
    live && view.mayCreate
      ? html`<a href="/admin/api-tokens/${token.id}/revoke" aria-label="Revoke ${token.name}">Revoke</a>`
      : nothing;
  return html`<tr>
    <th scope="row">${token.name}</th>
    <td>${token.role === 'reader' ? 'Reader (read-only)' : 'Admin'}</td>
    <td>${token.connectorId ?? 'Every connector'}</td>
    <td>${timeElement(token.createdAt)}<br /><span class="hint">by ${token.createdBy}</span></td>
    <td>${timeElement(token.expiresAt, { relative: true })}</td>
    <td>${token.lastUsedAt ? timeElement(token.lastUsedAt, { relative: true }) : 'Never'}</td>
    <td>${tokenState(token, now)}</td>
    <td>${revoke}</td>
  </tr>`;
}

function createForm(view: TokenListView): Html {
  const { form, errors = {} } = view;
  return html`<h2>Create a token</h2>
    <form method="post" action="/admin/api-tokens" novalidate class="token-form">
      ${csrfField(view.viewer.csrfToken)}
      ${textField({
        id: 'token-name',
        name: 'name',
        label: 'Name',
        hint: 'What the token is for, e.g. "Nightly access report".',
        error: errors.name,
        value: form.name,
        attributes: { maxlength: 100 },
      })}
      ${selectField({
        id: 'token-role',
        name: 'role',
        label: 'Role',
        error: errors.role,
        value: form.role,
        options: [
          ['reader', 'Reader (read-only)'],
          ['admin', 'Admin'],
        ],
      })}
      ${selectField({
        id: 'token-connectorId',
        name: 'connectorId',
        label: 'Connector',
        error: errors.connectorId,
        value: form.connectorId,
        options: [
          ['', 'Every connector'],
          ...view.connectors.map((c): [string, string] => [c.id, `${c.displayName} (${c.id})`]),
        ],
      })}
      ${textField({
        id: 'token-expiresInDays',
        name: 'expiresInDays',
        label: 'Expires in (days)',
        hint: `1 to ${MAX_API_TOKEN_DAYS} days.`,
        error: errors.expiresInDays,
        value: form.expiresInDays,
        type: 'number',
        attributes: { min: 1, max: MAX_API_TOKEN_DAYS },
      })}
      <button type="submit">Create token</button>
    </form>`;
}

function createdToken(created: NonNullable<TokenListView['created']>): Html {
  return html`<section class="card created-token" aria-labelledby="created-token-title">
    <h2 id="created-token-title">Token "${created.record.name}" created</h2>
    <p class="problem" role="alert">Copy this token now: Lantern keeps only its digest and will never show it again.</p>
    <label for="created-token">Token</label>
    <input type="text" id="created-token" class="wide" readonly value="${created.token}" />
    <p class="hint">Send it as <code>Authorization: Bearer …</code>.</p>
  </section>`;
}

export function renderTokenList(view: TokenListView): string {
  const now = new Date();
  const hasErrors = Object.keys(view.errors ?? {}).length > 0;
  const body = html`${notice(view.done ? TOKEN_NOTICES[view.done] : null)}
  ${view.created ? createdToken(view.created) : nothing}
  ${hasErrors ? html`<p class="problem" role="alert">No token was created: fix the field marked below.</p>` : nothing}
  ${table({
    caption: 'API tokens, newest first',
    headers: ['Name', 'Role', 'Connector scope', 'Created', 'Expires', 'Last used', 'State', 'Change'],
    rows: view.tokens.map((token) => tokenRow(token, view, now)),
    empty: 'No API tokens yet.',
  })}
  ${view.mayCreate ? createForm(view) : html`<p role="status">You can read this list; only an admin can create or revoke tokens.</p>`}`;
  return layout({ title: 'API tokens', viewer: view.viewer, current: 'api-tokens', body });
}

export function renderRevokeConfirm(viewer: Viewer, token: ApiTokenRecord): string {
  const body = html`<p>
      Revoke the token <strong>${token.name}</strong> (${token.role}, ${token.connectorId ?? 'every connector'})?
      Anything using it stops working at once. This cannot be undone.
    </p>
    <p>
      ${postButton({
        action: `/admin/api-tokens/${token.id}/revoke`,
        label: 'Revoke token',
        csrfToken: viewer.csrfToken,
        tone: 'danger',
      })}
      <a href="/admin/api-tokens">Keep it</a>
    </p>`;
  return layout({ title: 'Revoke API token', viewer, current: 'api-tokens', body });
}
