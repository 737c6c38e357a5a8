// The signed-in person's side of Lantern outside the API: the home page `/`, who-am-I (`/api/v1/me`) and `/admin`,
// which leads to the admin pages' first section.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { csrfTokenFor, publicAccess, requirePage, requireSignedIn } from '../http/auth.js';
import { installPageHeaders, sendPage } from '../pages/page.js';
import type { PeopleDeps } from './deps.js';
import { renderAnonymousHome, renderPersonHome } from './pages.js';
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
  installPageHeaders(app);

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

  app.get('/admin', { config: requirePage('admin'), schema: { hide: true } }, async (_request, reply) =>
    reply.redirect('/admin/connectors', 303),
  );
};
