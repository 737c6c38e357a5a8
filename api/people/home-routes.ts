// The signed-in person's side of Lantern outside the API: the home page `/`, who-am-I (`/api/v1/me`), the minimal
// admin page (`/admin`, connectors and their status) and the small script that shows times in the viewer's zone.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listConnectorRecords } from '../../catalog/connectors.js';
import { csrfTokenFor, publicAccess, requirePage, requireSignedIn } from '../http/auth.js';
import { html, layout } from '../pages/layout.js';
import { installPageHeaders, sendPage } from '../pages/page.js';
import type { PeopleDeps } from './deps.js';
import {
  LOCAL_TIME_SCRIPT,
  LOCAL_TIME_SCRIPT_PATH,
  renderAnonymousHome,
  renderPersonHome,
  timeElement,
} from './pages.js';
import { SIGN_IN_PATH } from './session-auth.js';

const Me = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  roles: Type.Array(Type.String()),
  objectId: Type.Optional(Type.String()),
  tenantId: Type.Optional(Type.String()),
  upn: Type.Optional(Type.String()),
  displayName: Type.Optional(Type.String()),
  connectorScope: Type.Optional(Type.String()),
  sessionExpiresAt: Type.Optional(Type.String({ format: 'date-time' })),
});

export const homeRoutes: FastifyPluginAsyncTypebox<{ deps: PeopleDeps }> = async (app, { deps }) => {
  installPageHeaders(app, { selfScripts: true });

  app.get('/', { config: publicAccess, schema: { hide: true } }, async (request, reply) => {
    const session = request.personSession;
    const page = session
      ? renderPersonHome({
          principal: session.principal,
          expiresAt: session.expiresAt,
          csrfToken: csrfTokenFor(request)!,
        })
      : renderAnonymousHome({ signInAvailable: Boolean(deps.oauth && deps.links), signInPath: SIGN_IN_PATH });
    return sendPage(reply, 200, page);
  });

  app.get(LOCAL_TIME_SCRIPT_PATH, { config: publicAccess, schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(LOCAL_TIME_SCRIPT),
  );

  app.get(
    '/api/v1/me',
    {
      config: requireSignedIn,
      schema: {
        summary: 'Who the caller is: identity, roles and (for a sign-in session) when the session ends',
        tags: ['people'],
        response: { 200: Me },
      },
    },
    async (request) => {
      const p = request.principal!;
      const expiresAt = request.personSession?.expiresAt;
      return {
        id: p.id,
        kind: p.kind,
        roles: [...p.roles],
        ...(p.subject ? { objectId: p.subject } : {}),
        ...(p.tenantId ? { tenantId: p.tenantId } : {}),
        ...(p.upn ? { upn: p.upn } : {}),
        ...(p.displayName ? { displayName: p.displayName } : {}),
        ...(p.connectorScope ? { connectorScope: p.connectorScope } : {}),
        ...(expiresAt ? { sessionExpiresAt: expiresAt.toISOString() } : {}),
      };
    },
  );

  app.get('/admin', { config: requirePage('admin'), schema: { hide: true } }, async (_request, reply) => {
    const { items } = await listConnectorRecords(deps.db, { limit: 200 });
    const rows = items.map(
      (c) =>
        html`<tr>
          <td>${c.displayName}</td>
          <td><code>${c.tenantId ?? 'not known yet'}</code></td>
          <td>${c.status}</td>
          <td>${timeElement(c.updatedAt)}</td>
        </tr>`,
    );
    const table =
      rows.length > 0
        ? html`<table>
            <caption>
              Connectors
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Tenant</th>
                <th scope="col">Status</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              ${rows}
            </tbody>
          </table>`
        : html`<p>No connectors yet. Start an onboarding through the API (POST /api/v1/onboardings).</p>`;
    return sendPage(
      reply,
      200,
      layout({
        title: 'Admin: connectors',
        body: html`${table}
          <p><a href="/">Back to Lantern</a></p>
          <script src="${LOCAL_TIME_SCRIPT_PATH}" defer></script>`,
      }),
    );
  });
};
