// The owners' side of onboarding: the setup page an emailed link opens, the POSTs that start a Microsoft sign-in or
// admin consent, and the OAuth callback that turns a verified sign-in into an update of the onboarding workflow.
// GETs never change anything except the callback, which only completes a round trip this browser started by POST
// (its state is signed, single use, bound to this browser's cookie and to the step).
import { randomBytes } from 'node:crypto';
import formBody from '@fastify/formbody';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { getConnector } from '../../catalog/connectors.js';
import type { CatalogSchema } from '../../catalog/schema.js';
import { ONBOARDING_CALLBACK_PATH } from '../../entra/oauth.js';
import { setupLinkPath } from '../../lib/links/setup.js';
import { publicAccess } from '../http/auth.js';
import { installPageHeaders, refuse, sendPage, type Refusal } from '../pages/page.js';
import { renderSetupPage } from './setup-page.js';
import { explainedPermissions } from '../../entra/permission-sets.js';
import { bindingHash, ensureBinding, readBinding, signInSecrets } from './browser-binding.js';
import { firstSyncOf } from './first-sync.js';
import { readSigner, setSignerCookie, signerCookieValue } from './signer-cookie.js';
import { completeCallback } from './callback.js';
import { backToSetup } from './rejections.js';
import type { OnboardingDeps } from './deps.js';

const Params = Type.Object({ connectorId: Type.String({ minLength: 1, maxLength: 200 }) });
const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 4096 })) });
const TokenForm = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 4096 }),
  /** The consent form's "this is the right tenant" checkbox. */
  confirmTenant: Type.Optional(Type.Literal('yes')),
});
const CallbackQuery = Type.Object(
  {
    code: Type.Optional(Type.String()),
    state: Type.Optional(Type.String()),
    error: Type.Optional(Type.String()),
    error_description: Type.Optional(Type.String()),
    admin_consent: Type.Optional(Type.String()),
    tenant: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

export const onboardingPageRoutes: FastifyPluginAsyncTypebox<{
  deps: OnboardingDeps;
  db: Kysely<CatalogSchema>;
}> = async (app, { deps, db }) => {
  await app.register(formBody);
  const secure = deps.publicUrl.startsWith('https://');
  // Sign-in and consent forms are redirected on to Microsoft.
  installPageHeaders(app, { formTargets: ['https:'] });
  const badLink = (reply: FastifyReply, reason: string) =>
    refuse(
      reply,
      reason === 'expired'
        ? {
            status: 410,
            title: 'This link has expired',
            message: 'Setup links work for a limited time. Ask a Lantern administrator to resend the invitation.',
          }
        : {
            status: 403,
            title: 'This link is not valid',
            message:
              'The link is incomplete or was not issued for this connector. Open the link from your most recent Lantern email.',
          },
    );
  // A deleted connector's links stay validly signed until they expire: its row is what says the setup is over.
  const deleted = async (reply: FastifyReply, connectorId: string) => {
    if (await getConnector(db, connectorId)) return false;
    await refuse(reply, {
      status: 410,
      title: 'This connector was deleted',
      message:
        'A Lantern administrator deleted this connector, so its setup has ended and this link no longer works. Nothing more is needed from you.',
    });
    return true;
  };

  app.get(
    '/onboarding/:connectorId',
    { config: publicAccess, schema: { hide: true, params: Params, querystring: TokenQuery } },
    async (request, reply) => {
      const { connectorId } = request.params;
      const check = deps.links.verify(request.query.token ?? '', { purpose: 'setup', subject: connectorId });
      if (!check.ok) return badLink(reply, check.reason);
      if (await deleted(reply, connectorId)) return reply;
      const status = await deps.temporal.status(connectorId);
      if (!status)
        return refuse(reply, {
          status: 404,
          title: 'No setup in progress',
          message: 'This connector has no setup. Ask a Lantern administrator.',
        });
      const connected = status.stage === 'connected';
      const [sync, firstSync, connector] = await Promise.all([
        connected ? deps.syncStatus(connectorId).catch(() => null) : null,
        connected ? firstSyncOf(db, connectorId) : null,
        getConnector(db, connectorId),
      ]);
      const rendered = renderSetupPage({
        status,
        connectorPath: setupLinkPath(connectorId),
        linkToken: request.query.token!,
        sync,
        firstSync,
        signer: readSigner(request, deps.links, connectorId, readBinding(request), status.tenantId),
        permissions: connector ? explainedPermissions(connector.options) : [],
        links: { home: `${deps.publicUrl}/`, api: `${deps.publicUrl}/api/v1/connectors/${connectorId}` },
      });
      return sendPage(reply, 200, rendered.page);
    },
  );

  for (const action of ['sign-in', 'consent'] as const) {
    app.post(
      `/onboarding/:connectorId/${action}`,
      { config: publicAccess, schema: { hide: true, params: Params, body: TokenForm } },
      async (request, reply) => {
        const { connectorId } = request.params;
        const check = deps.links.verify(request.body.token, { purpose: 'setup', subject: connectorId });
        if (!check.ok) return badLink(reply, check.reason);
        if (await deleted(reply, connectorId)) return reply;
        const setupUrl = `${setupLinkPath(connectorId)}?token=${encodeURIComponent(request.body.token)}`;
        if (!deps.oauth) {
          return refuse(reply, {
            status: 503,
            title: 'Sign-in is not available',
            message: 'Lantern has no Entra app registration configured. Ask a Lantern administrator.',
            next: backToSetup(setupUrl),
          });
        }
        const status = await deps.temporal.status(connectorId);
        // While the invitations still go out, the first sign-in is already the current step (as the workflow says).
        const stage = status?.stage === 'notifying_owners' ? 'awaiting_first_login' : status?.stage;
        // A sign-in at the consent step says who is about to consent (see callback.ts).
        const wanted =
          action === 'consent'
            ? ['awaiting_admin_consent']
            : ['awaiting_first_login', 'awaiting_admin_consent', 'awaiting_second_login'];
        if (!status || !stage || !wanted.includes(stage)) return reply.redirect(setupUrl, 303);
        if (action === 'consent') {
          const refusal = consentRefusal(
            request.body.confirmTenant,
            readSigner(request, deps.links, connectorId, readBinding(request), status.tenantId),
          );
          if (refusal) return refuse(reply, { ...refusal, next: backToSetup(setupUrl) });
        }
        const binding = ensureBinding(request, reply, secure);
        const stateId = randomBytes(16).toString('base64url');
        const state = deps.links.sign({
          id: stateId,
          subject: connectorId,
          actor: check.claims.actor,
          purpose: 'oauth-state',
          step: stage,
          browser: bindingHash(binding),
          expiresAtMs: Date.now() + deps.signInTtlSeconds * 1000,
        });
        const permissionSet = (await getConnector(db, connectorId))?.options.permissionSet ?? 'readOnly';
        const url =
          action === 'consent'
            ? deps.oauth.adminConsentUrl({ tenantId: status.tenantId!, state, permissionSet })
            : await deps.oauth.signInUrl({
                tenant: stage === 'awaiting_first_login' ? 'organizations' : status.tenantId!,
                state,
                secrets: signInSecrets(deps.links, binding, stateId),
              });
        return reply.redirect(url, 303);
      },
    );
  }

  app.get(
    ONBOARDING_CALLBACK_PATH,
    { config: publicAccess, schema: { hide: true, querystring: CallbackQuery } },
    async (request, reply) => {
      const binding = readBinding(request);
      const result = await completeCallback(deps, request.query, binding, {
        db,
        signerFor: (connectorId) => readSigner(request, deps.links, connectorId, binding),
      });
      if (!('redirect' in result)) return refuse(reply, result);
      if (result.signer && binding)
        setSignerCookie(reply, signerCookieValue(deps.links, result.connectorId, binding, result.signer), secure);
      return reply.redirect(result.redirect, 303);
    },
  );
};

/** Consent needs the owner's confirmation that this is the right tenant and a Global Administrator signed in here. */
function consentRefusal(confirmed: 'yes' | undefined, signer: unknown): Omit<Refusal, 'next'> | null {
  if (!signer)
    return {
      status: 400,
      title: 'Sign in before granting consent',
      message: 'Sign in as a Global Administrator of the tenant in this browser first, then grant consent.',
    };
  if (confirmed !== 'yes')
    return {
      status: 400,
      title: 'Confirm the tenant first',
      message:
        'Tick "This is the tenant Lantern should govern" after checking its name and domain, then grant consent.',
    };
  return null;
}
