// The admin Connectors pages: the list with status labels, a connector's page with its runs and actions, creating a
// connector directly, and deleting one after a confirm step. Every action goes through the same service functions as
// /api/v1/connectors (same rules, same audit rows); a reader sees the pages but cannot post.
import formBody from '@fastify/formbody';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { getConnector, listConnectorRecords, type ConnectorRecord } from '../../catalog/connectors.js';
import { listSyncRuns } from '../../catalog/directory/reads/index.js';
import type { AppDeps } from '../deps.js';
import { requirePage } from '../http/auth.js';
import { ApiError, apiErrors } from '../http/errors.js';
import { isTemporalOutage } from '../http/temporal-outage.js';
import { installPageHeaders, refuse, sendPage, viewerOf } from '../pages/page.js';
import type { Viewer } from '../pages/layout.js';
import { temporalUiOf } from '../pages/temporal-ui.js';
import {
  changeConnector,
  createConnector,
  removeConnector,
  requestSync,
  setPaused,
  type ConnectorCall,
} from './service.js';
import type { ConnectorState } from './pages-status.js';
import { syncRunSummaries } from '../../catalog/directory/reads/sync-run-summaries.js';
import { DETAIL_NOTICES, LIST_NOTICES, renderConnectorDetail, renderConnectorList } from './pages-views.js';
import { renderCreatePage } from './pages-create.js';
import { listProtectedAccounts } from '../../catalog/access/protected-accounts.js';
import { protectedAccountPageRoutes, type ProtectedForm } from './pages-protected.js';
import { renderDeleteConfirm, renderDeleteRefused, type LiveGrant } from './pages-delete-views.js';
import {
  checkCreate,
  checkUpdate,
  ConnectorForm,
  createBodyOf,
  emptyCreateState,
  fieldErrorsOfRefusal,
  updateBodyOf,
  type OptionsFormState,
} from './pages-forms.js';

const PAGE = requirePage('admin');
const LIST_LIMIT = 500;
const RECENT_RUNS = 10;

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });
const noticeQuery = (keys: string[]) =>
  Type.Object({ done: Type.Optional(Type.Union(keys.map((key) => Type.Literal(key)))) });
const NoteForm = Type.Object(
  { _csrf: Type.Optional(Type.String({ maxLength: 200 })), note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
const CsrfOnly = Type.Object(
  { _csrf: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);

/** What a refused action says on its page: the API's own 4xx message, or that Temporal is not answering. */
export function refusalOf(error: unknown): { status: number; message: string } {
  const known = isTemporalOutage(error) ? apiErrors.temporalUnavailable() : error;
  // ApiError messages are written for the caller (5xx ones too: "not configured", "Temporal is not answering").
  if (known instanceof ApiError) return { status: known.statusCode, message: known.message };
  throw error;
}

export const connectorPageRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  await app.register(formBody);
  installPageHeaders(app);
  const ui = temporalUiOf(deps.config);
  const call = (request: FastifyRequest): ConnectorCall => ({
    deps,
    actor: request.principal?.id ?? 'unknown',
    requestId: request.id,
    log: request.log,
  });

  const stateOf = async (connectors: ConnectorRecord[], log: FastifyRequest['log']): Promise<ConnectorState[]> => {
    const runs = await syncRunSummaries(
      deps.catalog.db,
      connectors.map((c) => c.id),
    );
    return Promise.all(
      connectors.map(async (connector) => ({
        connector,
        ...runs.get(connector.id)!,
        schedule: await scheduleOf(deps, connector, log),
      })),
    );
  };

  const detail = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    extra: {
      status?: number;
      done?: keyof typeof DETAIL_NOTICES;
      options?: OptionsFormState;
      refusal?: string;
      protectedForm?: ProtectedForm;
    } = {},
  ) => {
    const connector = await getConnector(deps.catalog.db, id);
    if (!connector) return notFound(reply, id);
    const [[state], runs, onboarded, protectedAccounts] = await Promise.all([
      stateOf([connector], request.log),
      listSyncRuns(deps.catalog.db, { connectorId: id, limit: RECENT_RUNS }),
      hasOnboarding(deps, connector),
      listProtectedAccounts(deps.catalog.db, id),
    ]);
    return sendPage(
      reply,
      extra.status ?? 200,
      renderConnectorDetail({
        viewer: viewerOf(request) as Viewer,
        state: state!,
        runs: runs.items,
        ui,
        onboarded,
        protectedAccounts,
        ...extra,
      }),
    );
  };

  await app.register(protectedAccountPageRoutes, { deps, show: detail });

  app.get(
    '/admin/connectors',
    { config: PAGE, schema: { hide: true, querystring: noticeQuery(Object.keys(LIST_NOTICES)) } },
    async (request, reply) => {
      const page = await listConnectorRecords(deps.catalog.db, { limit: LIST_LIMIT });
      const states = await stateOf(page.items, request.log);
      const done = request.query.done as keyof typeof LIST_NOTICES | undefined;
      return sendPage(reply, 200, renderConnectorList(viewerOf(request) as Viewer, states, done));
    },
  );

  app.get('/admin/connectors/new', { config: PAGE, schema: { hide: true } }, async (request, reply) =>
    sendPage(reply, 200, renderCreatePage(viewerOf(request) as Viewer, emptyCreateState())),
  );

  app.post(
    '/admin/connectors/new',
    { config: PAGE, schema: { hide: true, body: ConnectorForm } },
    async (request, reply) => {
      const viewer = viewerOf(request) as Viewer;
      const checked = checkCreate(createBodyOf(request.body));
      if (!checked.ok)
        return sendPage(
          reply,
          400,
          renderCreatePage(viewer, {
            values: request.body,
            errors: checked.errors,
            problem: 'Some fields need fixing.',
          }),
        );
      try {
        const { connector } = await createConnector(call(request), checked.body);
        return reply.redirect(`/admin/connectors/${encodeURIComponent(connector.id)}?done=created`, 303);
      } catch (error) {
        const { status, message } = refusalOf(error);
        const errors = status === 400 ? fieldErrorsOfRefusal(message) : {};
        const problem = Object.keys(errors).length > 0 ? 'Some fields need fixing.' : message;
        return sendPage(reply, status, renderCreatePage(viewer, { values: request.body, errors, problem }));
      }
    },
  );

  app.get(
    '/admin/connectors/:id',
    { config: PAGE, schema: { hide: true, params: Id, querystring: noticeQuery(Object.keys(DETAIL_NOTICES)) } },
    async (request, reply) =>
      detail(request, reply, request.params.id, {
        done: request.query.done as keyof typeof DETAIL_NOTICES | undefined,
      }),
  );

  app.post(
    '/admin/connectors/:id/sync',
    { config: PAGE, schema: { hide: true, params: Id, body: CsrfOnly } },
    async (request, reply) => {
      const { id } = request.params;
      try {
        const outcome = await requestSync(call(request), id);
        return reply.redirect(`${pathOf(id)}?done=${outcome.started ? 'sync-started' : 'sync-running'}`, 303);
      } catch (error) {
        return refused(reply, error, id, 'Sync not started');
      }
    },
  );

  for (const [action, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    app.post(
      `/admin/connectors/:id/${action}`,
      { config: PAGE, schema: { hide: true, params: Id, body: NoteForm } },
      async (request, reply) => {
        const { id } = request.params;
        const note = request.body.note?.trim() || undefined;
        if (note && note.length > 500)
          return detail(request, reply, id, {
            status: 400,
            refusal: 'The note can be at most 500 characters. Shorten it and try again.',
          });
        try {
          await setPaused(call(request), id, paused, note);
          return reply.redirect(`${pathOf(id)}?done=${paused ? 'paused' : 'resumed'}`, 303);
        } catch (error) {
          return refused(reply, error, id, paused ? 'Not paused' : 'Not resumed');
        }
      },
    );
  }

  app.post(
    '/admin/connectors/:id/options',
    { config: PAGE, schema: { hide: true, params: Id, body: ConnectorForm } },
    async (request, reply) => {
      const { id } = request.params;
      const checked = checkUpdate(updateBodyOf(request.body));
      if (!checked.ok)
        return detail(request, reply, id, {
          status: 400,
          options: {
            values: request.body,
            errors: checked.errors,
            problem: 'Some options need fixing. Nothing was changed.',
          },
        });
      try {
        await changeConnector(call(request), id, checked.body);
        return reply.redirect(`${pathOf(id)}?done=updated`, 303);
      } catch (error) {
        const { status, message } = refusalOf(error);
        if (status === 404) return notFound(reply, id);
        const errors = status === 400 ? fieldErrorsOfRefusal(message) : {};
        return detail(request, reply, id, { status, options: { values: request.body, errors, problem: message } });
      }
    },
  );

  app.get(
    '/admin/connectors/:id/delete',
    { config: PAGE, schema: { hide: true, params: Id } },
    async (request, reply) => {
      const connector = await getConnector(deps.catalog.db, request.params.id);
      if (!connector) return notFound(reply, request.params.id);
      const [state] = await stateOf([connector], request.log);
      return sendPage(reply, 200, renderDeleteConfirm(viewerOf(request) as Viewer, state!));
    },
  );

  app.post(
    '/admin/connectors/:id/delete',
    { config: PAGE, schema: { hide: true, params: Id, body: CsrfOnly } },
    async (request, reply) => {
      try {
        await removeConnector(call(request), request.params.id);
        return reply.redirect('/admin/connectors?done=deleted', 303);
      } catch (error) {
        const live = error instanceof ApiError ? (error.details?.liveGrants as LiveGrant[] | undefined) : undefined;
        const connector = live && (await getConnector(deps.catalog.db, request.params.id));
        if (live && connector) {
          const [state] = await stateOf([connector], request.log);
          return sendPage(reply, 409, renderDeleteRefused(viewerOf(request) as Viewer, state!, live));
        }
        return refused(reply, error, request.params.id, 'Not deleted');
      }
    },
  );
};

const pathOf = (id: string) => `/admin/connectors/${encodeURIComponent(id)}`;

function notFound(reply: FastifyReply, id: string): FastifyReply {
  return refuse(reply, {
    status: 404,
    title: 'No such connector',
    message: `There is no connector ${id}. It may have been deleted.`,
    next: { href: '/admin/connectors', label: 'Back to connectors' },
  });
}

function refused(reply: FastifyReply, error: unknown, id: string, title: string): FastifyReply {
  const { status, message } = refusalOf(error);
  if (status === 404) return notFound(reply, id);
  return refuse(reply, { status, title, message, next: { href: pathOf(id), label: 'Back to the connector' } });
}

/** undefined when Temporal did not answer: the list still shows, saying the schedule is unknown. */
async function scheduleOf(deps: AppDeps, connector: ConnectorRecord, log: FastifyRequest['log']) {
  const ops = deps.temporal?.connectors;
  if (!ops || !connector.tenantId) return null;
  try {
    return await ops.describe(connector.id);
  } catch (error) {
    log.warn({ err: error, connectorId: connector.id }, 'describing the sync schedule failed');
    return undefined;
  }
}

async function hasOnboarding(deps: AppDeps, connector: ConnectorRecord): Promise<boolean> {
  if (connector.status === 'onboarding') return true;
  try {
    return Boolean(await deps.onboarding?.temporal.status(connector.id));
  } catch {
    return false;
  }
}
