// The Protected accounts section of a connector's admin page: the accounts no removal may touch (grant expiry, revoke,
// reviews, the reconciler refuse and say so), an Add form (object id, UPN or display name, and the reason) and Remove
// after a confirm step. Every change goes through the catalog functions the JSON API uses, so it is audited the same.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalsNamed } from '../../catalog/access/policy-names.js';
import {
  addProtectedAccount,
  listProtectedAccounts,
  removeProtectedAccount,
  type ProtectedAccount,
} from '../../catalog/access/protected-accounts.js';
import { getConnector } from '../../catalog/connectors.js';
import type { AppDeps } from '../deps.js';
import { requirePage } from '../http/auth.js';
import { csrfField, postButton, table, textField, timeElement } from '../pages/components.js';
import { html, layout, type Html, type Viewer } from '../pages/layout.js';
import { refuse, sendPage, viewerOf } from '../pages/page.js';

const PAGE = requirePage('admin');
const Csrf = Type.Optional(Type.String({ maxLength: 200 }));
const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });
const AccountParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 200 }),
  principalId: Type.String({ minLength: 1, maxLength: 200 }),
});
const AddForm = Type.Object(
  { principal: Type.String({ maxLength: 400 }), reason: Type.String({ maxLength: 2000 }), _csrf: Csrf },
  { additionalProperties: false },
);
const MAX_REASON = 500;

/** The Add form as typed, with what to fix, when it was refused. */
export interface ProtectedForm {
  principal: string;
  reason: string;
  errors: { principal?: string; reason?: string };
}

const pathOf = (id: string) => `/admin/connectors/${encodeURIComponent(id)}`;
const accountPath = (connectorId: string, principalId: string) =>
  `${pathOf(connectorId)}/protected-accounts/${encodeURIComponent(principalId)}`;
const who = (account: ProtectedAccount) =>
  account.displayName && account.upn ? `${account.displayName} (${account.upn})` : (account.upn ?? account.principalId);

export function protectedSection(
  connectorId: string,
  csrf: string | null,
  accounts: ProtectedAccount[],
  form?: ProtectedForm,
): Html {
  const rows = accounts.map(
    (account) =>
      html`<tr>
        <th scope="row">${who(account)}<br /><code>${account.principalId}</code></th>
        <td>${account.reason}</td>
        <td>${account.addedBy}<br />${timeElement(account.addedAt)}</td>
        <td>
          <a
            href="${accountPath(connectorId, account.principalId)}/remove"
            aria-label="Remove protection of ${who(account)}"
            >Remove…</a
          >
        </td>
      </tr>`,
  );
  return html`<h2 id="protected-accounts">Protected accounts</h2>
    <p>
      Lantern never removes these accounts' access: expiry, revoke, reviews and the reconciler leave it in Entra and
      record the refusal. Use it for break-glass and service accounts.
    </p>
    ${table({
      caption: 'Protected accounts',
      headers: ['Account', 'Reason', 'Added', 'Change'],
      rows,
      empty: 'No protected accounts.',
    })}
    <form method="post" action="${pathOf(connectorId)}/protected-accounts" class="card settings">
      ${csrfField(csrf)}
      <h3>Protect an account</h3>
      ${textField({
        id: 'protected-principal',
        name: 'principal',
        label: 'Account',
        hint: "Its object id, UPN or display name, as in this connector's catalog.",
        error: form?.errors.principal,
        value: form?.principal ?? '',
        attributes: { maxlength: 400, autocomplete: 'off', class: 'wide' },
      })}
      ${textField({
        id: 'protected-reason',
        name: 'reason',
        label: 'Reason',
        hint: `Why no removal may touch it (for the audit log; at most ${MAX_REASON} characters).`,
        error: form?.errors.reason,
        value: form?.reason ?? '',
        attributes: { maxlength: MAX_REASON, class: 'wide' },
      })}
      <button type="submit">Protect</button>
    </form>`;
}

function renderRemoveConfirm(viewer: Viewer, connectorId: string, account: ProtectedAccount): string {
  const body = html`<p class="problem">
      Remove the protection of ${who(account)}? From then on expiry, revoke, reviews and the reconciler may remove its
      access again.
    </p>
    <p>Reason it was protected: ${account.reason}</p>
    <div class="actions">
      ${postButton({
        action: `${accountPath(connectorId, account.principalId)}/remove`,
        label: 'Remove protection',
        csrfToken: viewer.csrfToken,
        tone: 'danger',
      })}
      <a class="button secondary" href="${pathOf(connectorId)}#protected-accounts">Keep it</a>
    </div>`;
  return layout({ title: 'Remove protection', body, viewer, current: 'connectors' });
}

/** Re-shows the connector's page with the Add form as typed (the detail renderer of pages.ts). */
export type ShowDetail = (
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  extra: { status: number; protectedForm: ProtectedForm },
) => Promise<FastifyReply>;

export const protectedAccountPageRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps; show: ShowDetail }> = async (
  app,
  { deps, show },
) => {
  const db = deps.catalog.db;
  const actorOf = (request: FastifyRequest) => ({ id: request.principal?.id ?? 'unknown', requestId: request.id });
  const missing = (reply: FastifyReply, id: string) =>
    refuse(reply, {
      status: 404,
      title: 'Not found',
      message: `Connector ${id} has no such protected account.`,
      next: { href: '/admin/connectors', label: 'Back to connectors' },
    });

  app.post(
    '/admin/connectors/:id/protected-accounts',
    { config: PAGE, schema: { hide: true, params: Params, body: AddForm } },
    async (request, reply) => {
      const { id } = request.params;
      if (!(await getConnector(db, id))) return missing(reply, id);
      const typed = { principal: request.body.principal.trim(), reason: request.body.reason.trim() };
      const errors: ProtectedForm['errors'] = {};
      const found = typed.principal ? await principalsNamed(db, id, typed.principal) : [];
      if (!typed.principal) errors.principal = 'Name the account: its object id, UPN or display name.';
      else if (found.length === 0) errors.principal = `No account in this connector's catalog is "${typed.principal}".`;
      else if (found.length > 1)
        errors.principal = `"${typed.principal}" names ${found.length} accounts: give the UPN.`;
      if (!typed.reason) errors.reason = 'Say why no removal may touch it.';
      else if (typed.reason.length > MAX_REASON) errors.reason = `Keep the reason to ${MAX_REASON} characters.`;
      if (Object.keys(errors).length)
        return show(request, reply, id, { status: 400, protectedForm: { ...typed, errors } });
      await addProtectedAccount(db, id, found[0]!.id, typed.reason, actorOf(request));
      return reply.redirect(`${pathOf(id)}?done=protected#protected-accounts`, 303);
    },
  );

  app.get(
    '/admin/connectors/:id/protected-accounts/:principalId/remove',
    { config: PAGE, schema: { hide: true, params: AccountParams } },
    async (request, reply) => {
      const { id, principalId } = request.params;
      const account = (await listProtectedAccounts(db, id)).find((a) => a.principalId === principalId);
      if (!account) return missing(reply, id);
      return sendPage(reply, 200, renderRemoveConfirm(viewerOf(request)!, id, account));
    },
  );

  app.post(
    '/admin/connectors/:id/protected-accounts/:principalId/remove',
    {
      config: PAGE,
      schema: {
        hide: true,
        params: AccountParams,
        body: Type.Object({ _csrf: Csrf }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const { id, principalId } = request.params;
      if (!(await removeProtectedAccount(db, id, principalId, actorOf(request)))) return missing(reply, id);
      return reply.redirect(`${pathOf(id)}?done=unprotected#protected-accounts`, 303);
    },
  );
};
