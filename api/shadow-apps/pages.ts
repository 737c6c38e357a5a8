// The Shadow apps pages (admins act, readers look): the list per connector filtered by state, and one app's page with
// its triage and revoke forms. Forms go through the same service functions as the JSON API (api/shadow-apps/service.ts).
import formBody from '@fastify/formbody';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { getConnector, listConnectorRecords } from '../../catalog/connectors.js';
import { listDiscoveredApps } from '../../catalog/directory/reads/discovered-apps.js';
import type { CatalogDb } from '../../catalog/directory/writes/sql.js';
import { consentingUsers, getDiscoveredApp, userIdByUpnOrId, userName } from '../../catalog/shadow-apps/reads.js';
import { listRevocations, revocationItems, type RevocationItem } from '../../catalog/shadow-apps/revocations.js';
import { TRIAGE_STATES } from '../../catalog/shadow-apps/schema.js';
import type { AppDeps } from '../deps.js';
import { requirePage } from '../http/auth.js';
import { ApiError } from '../http/errors.js';
import { installPageHeaders, refuse, sendPage, viewerOf } from '../pages/page.js';
import { temporalUiOf } from '../pages/temporal-ui.js';
import { renderAppPage, type RevokeForm, type TriageForm } from './app-view.js';
import { renderRevokeConfirm } from './confirm-view.js';
import { renderShadowAppList } from './list-view.js';
import { appPath, SHADOW_NOTICES } from './page-parts.js';
import { startRevocation, triage } from './service.js';

const ADMIN_PAGE = requirePage('admin');
const MAX_CONNECTORS = 200;
const APPS_PER_CONNECTOR = 100;
const Id = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.:~-]{0,199}$' });
const AppParams = Type.Object({ connectorId: Id, appId: Id });
const ListQuery = Type.Object(
  {
    state: Type.Optional(Type.Union([Type.Literal(''), ...TRIAGE_STATES.map((s) => Type.Literal(s))])),
    connector: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
const AppQuery = Type.Object(
  { done: Type.Optional(Type.Union(Object.keys(SHADOW_NOTICES).map((k) => Type.Literal(k)))) },
  { additionalProperties: false },
);
const Text = Type.String({ maxLength: 5000 });
const TriageBody = Type.Object({
  _csrf: Type.Optional(Text),
  state: Type.Optional(Text),
  owner: Type.Optional(Text),
  note: Type.Optional(Text),
});
const RevokeBody = Type.Object({
  _csrf: Type.Optional(Text),
  scope: Type.Optional(Text),
  reason: Type.Optional(Text),
  confirmed: Type.Optional(Text),
  userIds: Type.Optional(Type.Union([Id, Type.Array(Id, { maxItems: 10_000 })])),
});

export const shadowAppPageRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  await app.register(formBody);
  installPageHeaders(app);
  const db = deps.catalog.db;
  const ui = temporalUiOf(deps.config);
  const actorOf = (request: FastifyRequest) => ({ id: request.principal?.id ?? 'unknown', requestId: request.id });

  app.get(
    '/admin/shadow-apps',
    { config: ADMIN_PAGE, schema: { hide: true, querystring: ListQuery } },
    async (request, reply) => {
      const state = request.query.state || undefined;
      const only = request.query.connector || undefined;
      const { items } = await listConnectorRecords(db, { limit: MAX_CONNECTORS });
      const shown = items.filter((c) => !only || c.id === only);
      const sections = await Promise.all(
        shown.map(async (c) => {
          const page = await listDiscoveredApps(db, { connectorId: c.id, state, limit: APPS_PER_CONNECTOR });
          return {
            connector: { id: c.id, displayName: c.displayName },
            apps: page.items,
            more: page.nextCursor !== null,
          };
        }),
      );
      const connectors = items.map((c) => ({ id: c.id, displayName: c.displayName }));
      return sendPage(
        reply,
        200,
        renderShadowAppList({ viewer: viewerOf(request)!, sections, connectors, filter: { state, connector: only } }),
      );
    },
  );

  const showApp = async (
    request: FastifyRequest,
    reply: FastifyReply,
    params: { connectorId: string; appId: string },
    extra: { status?: number; done?: keyof typeof SHADOW_NOTICES; triage?: TriageForm; revoke?: RevokeForm } = {},
  ) => {
    const model = await appModel(db, params);
    if (!model) return notFound(reply);
    return sendPage(reply, extra.status ?? 200, renderAppPage({ viewer: viewerOf(request)!, ui, ...model, ...extra }));
  };

  app.get(
    '/admin/shadow-apps/:connectorId/:appId',
    { config: ADMIN_PAGE, schema: { hide: true, params: AppParams, querystring: AppQuery } },
    async (request, reply) =>
      showApp(request, reply, request.params, { done: request.query.done as keyof typeof SHADOW_NOTICES | undefined }),
  );

  app.post(
    '/admin/shadow-apps/:connectorId/:appId/triage',
    { config: ADMIN_PAGE, schema: { hide: true, params: AppParams, body: TriageBody } },
    async (request, reply) => {
      const { connectorId, appId } = request.params;
      const form: TriageForm = {
        state: request.body.state ?? '',
        owner: (request.body.owner ?? '').trim(),
        note: request.body.note ?? '',
        errors: {},
      };
      if (!['new', 'authorized', 'ignored'].includes(form.state)) form.errors.state = 'Choose a decision.';
      const ownerId = form.state === 'authorized' ? await userIdByUpnOrId(db, connectorId, form.owner) : null;
      if (form.state === 'authorized' && !ownerId)
        form.errors.owner = form.owner ? 'No user with that name in this tenant.' : 'An authorized app needs an owner.';
      if (Object.keys(form.errors).length > 0)
        return showApp(request, reply, request.params, { status: 400, triage: form });
      try {
        const state = form.state as 'new' | 'authorized' | 'ignored';
        await triage(db, connectorId, appId, { state, ownerId, note: form.note }, actorOf(request));
      } catch (error) {
        if (!(error instanceof ApiError) || error.statusCode !== 400) throw error;
        return showApp(request, reply, request.params, {
          status: 400,
          triage: { ...form, errors: { form: error.message } },
        });
      }
      return reply.redirect(`${appPath(connectorId, appId)}?done=triaged`, 303);
    },
  );

  app.post(
    '/admin/shadow-apps/:connectorId/:appId/revoke',
    { config: ADMIN_PAGE, schema: { hide: true, params: AppParams, body: RevokeBody } },
    async (request, reply) => {
      const { connectorId, appId } = request.params;
      const b = request.body;
      const form: RevokeForm = {
        scope: b.scope === 'chosen' ? 'chosen' : 'all',
        userIds: b.userIds === undefined ? [] : [b.userIds].flat(),
        reason: (b.reason ?? '').trim(),
        errors: {},
      };
      const model = await appModel(db, request.params);
      if (!model) return notFound(reply);
      if (form.scope === 'chosen' && form.userIds.length === 0) form.errors.users = 'Choose at least one user.';
      if (form.reason.length > 500) form.errors.reason = 'Keep the reason under 500 characters.';
      if (Object.keys(form.errors).length > 0)
        return showApp(request, reply, request.params, { status: 400, revoke: form });
      const picked = new Set(form.userIds);
      const users = form.scope === 'all' ? model.users : model.users.filter((u) => picked.has(u.principalId));
      if (b.confirmed !== 'yes') {
        const page = renderRevokeConfirm({
          viewer: viewerOf(request)!,
          connectorId,
          app: model.app,
          scope: form.scope as 'all' | 'chosen',
          users,
          reason: form.reason,
        });
        return sendPage(reply, 200, page);
      }
      try {
        const userIds = form.scope === 'all' ? null : form.userIds;
        await startRevocation(
          db,
          deps.temporal?.shadowApps,
          { connectorId, appId },
          { userIds, reason: form.reason },
          actorOf(request),
        );
      } catch (error) {
        if (!(error instanceof ApiError) || error.statusCode >= 500) throw error;
        return showApp(request, reply, request.params, {
          status: 400,
          revoke: { ...form, errors: { form: error.message } },
        });
      }
      return reply.redirect(`${appPath(connectorId, appId)}?done=revoke-started#revocations`, 303);
    },
  );
};

async function appModel(db: CatalogDb, params: { connectorId: string; appId: string }) {
  const connector = await getConnector(db, params.connectorId);
  const app = connector ? await getDiscoveredApp(db, params.connectorId, params.appId) : undefined;
  if (!connector || !app) return undefined;
  const [users, revocations, owner] = await Promise.all([
    consentingUsers(db, connector.id, app.appId),
    listRevocations(db, connector.id, app.appId, 10),
    app.triage.ownerId ? userName(db, connector.id, app.triage.ownerId) : undefined,
  ]);
  const withItems = await Promise.all(
    revocations.map(async (revocation) => {
      const items = await revocationItems(db, revocation);
      // A running revocation's stored counts are written at its end: count its results as they stand.
      const counts = revocation.status === 'running' ? tally(items) : revocation.counts;
      return { revocation: { ...revocation, counts }, items };
    }),
  );
  return {
    connector: { id: connector.id, displayName: connector.displayName },
    app,
    users,
    revocations: withItems,
    owner: owner ?? null,
  };
}

function tally(items: RevocationItem[]) {
  const counts = { total: items.length, pending: 0, removed: 0, already_gone: 0, failed: 0 };
  for (const i of items) counts[i.result]++;
  return counts;
}

function notFound(reply: FastifyReply) {
  return refuse(reply, {
    status: 404,
    title: 'App not found',
    message: 'Lantern has no such app for this connector. It may have disappeared at the last sync.',
    next: { href: '/admin/shadow-apps', label: 'All shadow apps' },
  });
}
