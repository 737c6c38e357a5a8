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
import { installPageHeaders, refuse, sendPage } from '../pages/page.js';
import { renderSetupPage } from './setup-page.js';
import { bindingHash, ensureBinding, readBinding, signInSecrets } from './browser-binding.js';
import { completeCallback } from './callback.js';
import { backToSetup } from './rejections.js';
import type { OnboardingDeps } from './deps.js';

const Params = Type.Object({ connectorId: Type.String({ minLength: 1, maxLength: 200 }) });
const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 4096 })) });
const TokenForm = Type.Object({ token: Type.String({ minLength: 1, maxLength: 4096 }) });
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
      const sync = status.stage === 'connected' ? await deps.syncStatus(connectorId).catch(() => null) : null;
      const rendered = renderSetupPage({
        status,
        connectorPath: setupLinkPath(connectorId),
        linkToken: request.query.token!,
        sync,
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
        const wanted =
          action === 'consent' ? ['awaiting_admin_consent'] : ['awaiting_first_login', 'awaiting_second_login'];
        if (!status || !wanted.includes(status.stage)) return reply.redirect(setupUrl, 303);
        const binding = ensureBinding(request, reply, secure);
        const stateId = randomBytes(16).toString('base64url');
        const state = deps.links.sign({
          id: stateId,
          subject: connectorId,
          actor: check.claims.actor,
          purpose: 'oauth-state',
          step: status.stage,
          browser: bindingHash(binding),
          expiresAtMs: Date.now() + deps.signInTtlSeconds * 1000,
        });
        const url =
          action === 'consent'
            ? deps.oauth.adminConsentUrl({ tenantId: status.tenantId!, state })
            : await deps.oauth.signInUrl({
                tenant: status.stage === 'awaiting_first_login' ? 'organizations' : status.tenantId!,
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
      const result = await completeCallback(deps, request.query, readBinding(request));
      return 'redirect' in result ? reply.redirect(result.redirect, 303) : refuse(reply, result);
    },
  );
};
