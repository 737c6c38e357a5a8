// Admin pages of onboarding: start one (/admin/onboardings/new) and follow it (/admin/onboardings/<connectorId>) with
// Resend, Cancel and Restart. They act through the same functions and schema as /api/v1/onboardings.
import formBody from '@fastify/formbody';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ErrorObject } from 'ajv';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.js';
import { requirePage } from '../http/auth.js';
import { apiErrors } from '../http/errors.js';
import { compileBodyValidator } from '../http/input-rules.js';
import { installPageHeaders, refuse, sendPage, viewerOf } from '../pages/page.js';
import type { Viewer } from '../pages/layout.js';
import { temporalUiOf } from '../pages/temporal-ui.js';
import { refusalOf } from '../connectors/pages.js';
import {
  cancelOnboarding,
  CreateBody,
  restartOnboarding,
  resendOnboarding,
  startOnboarding,
  type CreateOnboardingBody,
} from './admin-routes.js';
import type { OnboardingDeps } from './deps.js';
import { firstSyncOf } from './first-sync.js';
import { PROGRESS_NOTICES, renderProgressPage } from './admin-pages-views.js';
import { renderStartPage, type StartFormState } from './admin-pages-start-view.js';

const PAGE = requirePage('admin');
const Csrf = Type.Optional(Type.String({ maxLength: 200 }));
const Text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const StartForm = Type.Object(
  {
    _csrf: Csrf,
    displayName: Text(1000),
    owners: Text(20_000),
    permissionSet: Text(50),
    includeSignInActivity: Text(10),
    syncIntervalMinutes: Text(50),
  },
  { additionalProperties: false },
);
const Params = Type.Object({ connectorId: Type.String({ minLength: 1, maxLength: 200 }) });
const CancelForm = Type.Object({ _csrf: Csrf, reason: Text(2000) }, { additionalProperties: false });
const CsrfOnly = Type.Object({ _csrf: Csrf }, { additionalProperties: false });
const Done = Type.Object({
  done: Type.Optional(Type.Union(Object.keys(PROGRESS_NOTICES).map((key) => Type.Literal(key)))),
});

const checkStart = compileBodyValidator(CreateBody as unknown as Record<string, unknown>);

/** What each field's rule is, in words, for when the API's schema refuses it. */
const FIELD_RULES: Record<string, string> = {
  displayName: 'Give the connector a name of 1 to 200 characters.',
  owners: 'Enter 1 to 20 email addresses, such as owner@contoso.com.',
  permissionSet: 'Choose read only or read and write.',
  syncIntervalMinutes: 'Enter a whole number of minutes from 5 to 10080.',
};

/** The form as the JSON API's body: owners split on commas and new lines, the interval as a number when it is one. */
function bodyOf(form: StartFormState['values']) {
  const interval = (form.syncIntervalMinutes ?? '').trim();
  return {
    displayName: form.displayName ?? '',
    owners: (form.owners ?? '')
      .split(/[\s,;]+/)
      .map((owner) => owner.trim())
      .filter(Boolean),
    ...(form.permissionSet ? { permissionSet: form.permissionSet } : {}),
    includeSignInActivity: form.includeSignInActivity === 'on',
    ...(interval ? { syncIntervalMinutes: /^\d{1,9}$/.test(interval) ? Number(interval) : interval } : {}),
  };
}

function fieldErrors(errors: ErrorObject[] | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const error of errors ?? []) {
    const name = error.instancePath.split('/').filter(Boolean)[0] ?? 'form';
    out[name] ??= FIELD_RULES[name] ?? `This value ${error.message ?? 'is not accepted'}.`;
  }
  return out;
}

export const onboardingAdminPageRoutes: FastifyPluginAsyncTypebox<{
  deps: AppDeps;
  onboarding: OnboardingDeps | undefined;
}> = async (app, { deps, onboarding }) => {
  await app.register(formBody);
  installPageHeaders(app);
  const ui = temporalUiOf(deps.config);
  const actor = (request: FastifyRequest) => request.principal?.id ?? 'unknown';
  const pathOf = (id: string) => `/admin/onboardings/${encodeURIComponent(id)}`;

  app.get('/admin/onboardings/new', { config: PAGE, schema: { hide: true } }, async (request, reply) =>
    sendPage(reply, 200, renderStartPage(viewerOf(request) as Viewer, { values: {}, errors: {} })),
  );

  app.post(
    '/admin/onboardings/new',
    { config: PAGE, schema: { hide: true, body: StartForm } },
    async (request, reply) => {
      const viewer = viewerOf(request) as Viewer;
      const values = request.body;
      const body = bodyOf(values);
      if (!checkStart(body))
        return sendPage(
          reply,
          400,
          renderStartPage(viewer, {
            values,
            errors: fieldErrors(checkStart.errors),
            problem: 'Some fields need fixing.',
          }),
        );
      try {
        const started = await startOnboarding(deps, onboarding, actor(request), body as CreateOnboardingBody);
        return reply.redirect(`${pathOf(started.connectorId)}?done=started`, 303);
      } catch (error) {
        const { status, message } = refusalOf(error);
        return sendPage(reply, status, renderStartPage(viewer, { values, errors: {}, problem: message }));
      }
    },
  );

  app.get(
    '/admin/onboardings/:connectorId',
    { config: PAGE, schema: { hide: true, params: Params, querystring: Done } },
    async (request, reply) => {
      const { connectorId } = request.params;
      const status = await onboarding?.temporal.status(connectorId);
      if (!status) return notFound(reply, connectorId);
      const firstSync = status.stage === 'connected' ? await firstSyncOf(deps.catalog.db, connectorId) : null;
      const done = request.query.done as keyof typeof PROGRESS_NOTICES | undefined;
      return sendPage(
        reply,
        200,
        renderProgressPage({ viewer: viewerOf(request) as Viewer, status, firstSync, ui, done }),
      );
    },
  );

  const act = (
    name: 'resend' | 'cancel' | 'restart',
    run: (request: FastifyRequest<{ Params: { connectorId: string }; Body: { reason?: string } }>) => Promise<unknown>,
    done: keyof typeof PROGRESS_NOTICES,
  ) =>
    app.post(
      `/admin/onboardings/:connectorId/${name}`,
      { config: PAGE, schema: { hide: true, params: Params, body: name === 'cancel' ? CancelForm : CsrfOnly } },
      async (request, reply) => {
        const { connectorId } = request.params as { connectorId: string };
        try {
          await run(request as FastifyRequest<{ Params: { connectorId: string }; Body: { reason?: string } }>);
          return reply.redirect(`${pathOf(connectorId)}?done=${done}`, 303);
        } catch (error) {
          const { status, message } = refusalOf(error);
          return refuse(reply, {
            status,
            title: `Not done: ${name}`,
            message,
            next: { href: pathOf(connectorId), label: 'Back to the onboarding' },
          });
        }
      },
    );

  act('resend', (request) => resendOnboarding(onboarding, request.params.connectorId, actor(request)), 'resent');
  act(
    'cancel',
    async (request) => {
      const reason = request.body.reason?.trim();
      if (reason && reason.length > 500) throw apiErrors.invalid('The reason can be at most 500 characters.');
      await cancelOnboarding(onboarding, request.params.connectorId, actor(request), reason || undefined);
    },
    'cancelled',
  );
  act(
    'restart',
    (request) => restartOnboarding(deps, onboarding, actor(request), request.params.connectorId),
    'restarted',
  );
};

function notFound(reply: FastifyReply, connectorId: string): FastifyReply {
  return refuse(reply, {
    status: 404,
    title: 'No such onboarding',
    message: `Connector ${connectorId} has no onboarding. It may have been created directly, or deleted.`,
    next: { href: '/admin/connectors', label: 'Back to connectors' },
  });
}
